"""What every service needs: the database, the settings, the clock and where events go after commit."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from empathy_studio.settings import Settings


@dataclass(frozen=True)
class Actor:
    """The signed-in person a service call acts for."""

    user_id: int
    display_name: str


class EventPublisher(Protocol):
    async def publish(self, map_id: int, events: list[dict[str, Any]]) -> None: ...

    async def access_changed(self, user_id: int) -> None:
        """Someone's role changed or they lost access: end their live connections, which then come
        back with what they may do now (or are refused)."""


class NoPublisher:
    async def publish(self, map_id: int, events: list[dict[str, Any]]) -> None:
        return None

    async def access_changed(self, user_id: int) -> None:
        return None


@dataclass
class ServiceContext:
    sessions: async_sessionmaker[AsyncSession]
    settings: Settings
    publisher: EventPublisher = field(default_factory=NoPublisher)
    _write_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    open_writers: int = 0  # write transactions waiting for their turn or running
    # Awaited by every counted writer before it takes its turn (early edits shown but not yet stored,
    # services/early_batches.py, must keep the event numbers they were shown with).
    before_write: Callable[[], Awaitable[None]] | None = None

    def now(self) -> datetime:
        return datetime.now(UTC)

    @asynccontextmanager
    async def write_turn(self, *, writer: bool = True) -> AsyncIterator[None]:
        """This process's turn to write. SQLite has a single writer; queueing writers here, in order, is
        far faster than letting them collide in SQLite's busy handler, which backs off in sleeps of up to
        100 ms. PostgreSQL takes row locks instead and needs no queue. ``writer=False`` for work that
        changes no rows but must not overlap a write (a checkpoint)."""
        self.open_writers += writer
        try:
            if writer and self.before_write is not None:
                await self.before_write()
            if self.settings.is_sqlite:
                async with self._write_lock:
                    yield
            else:
                yield
        finally:
            self.open_writers -= writer

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncSession]:
        """One write transaction, in this process's write turn."""
        async with self.write_turn(), self.sessions.begin() as session:
            yield session
