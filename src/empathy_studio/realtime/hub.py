"""Rooms of live connections per map. Services publish committed board events here and the hub writes
them to every socket in the room at once, as a bare broadcast server would; a socket that cannot take
more right now gets its own backlog, so one slow client never delays the others."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Generator
from dataclasses import dataclass, field
from typing import Any

from empathy_studio.domain.visibility import Viewer, event_for

log = logging.getLogger("empathy_studio.realtime")
EVERYONE = Viewer(user_id=0, facilitates=False)  # for events whose content everyone may see
ACCESS_CHANGED_CLOSE = 4001  # clients reconnect, and get their new role or a refusal
RELOAD = {"type": "reload"}  # clients drop what they have and load a fresh snapshot


@dataclass(frozen=True)
class Person:
    user_id: int
    display_name: str
    facilitates: bool = False  # sees hidden notes

    @property
    def viewer(self) -> Viewer:
        return Viewer(self.user_id, self.facilitates)


@dataclass(eq=False)
class Connection:
    """One open socket. ``send`` writes text to it; ``close`` ends it (e.g. when it falls behind).

    Messages are written in the order offered. A send normally completes without waiting (the socket
    takes it into its buffer), so ``offer`` starts it right away, with no task or queue in between. Only
    when a send has to wait (the peer reads slowly) does a task finish it, and messages offered meanwhile
    wait in the backlog; a backlog beyond ``max_queue`` closes the socket, and the client reconnects and
    catches up. Until ``release`` (after the snapshot is out) everything waits in the backlog."""

    person: Person
    send: Callable[[str], Coroutine[Any, Any, None]]
    close: Callable[[int, str], Awaitable[None]]
    max_queue: int = 1000
    backlog: deque[str] = field(init=False, default_factory=deque)
    held: bool = True
    closed: bool = False
    writer: asyncio.Task[None] | None = field(init=False, default=None)

    def offer(self, text: str) -> None:
        if self.closed:
            return
        if self.held or self.writer is not None:
            if len(self.backlog) >= self.max_queue:
                self.end(4008, "Too far behind; reconnect to catch up.")
            else:
                self.backlog.append(text)
            return
        self._write_now(text)

    def release(self) -> None:
        """Start writing: the snapshot or catch-up has gone out ahead of everything offered so far."""
        self.held = False
        if self.backlog and self.writer is None and not self.closed:
            self.writer = asyncio.create_task(self._write_backlog())

    def stop(self) -> None:
        self.closed = True
        self.backlog.clear()
        if self.writer is not None:
            self.writer.cancel()

    def _write_now(self, text: str) -> None:
        sending = self.send(text)
        try:
            waiting_on = _step(sending)
        except StopIteration:
            return  # written: the usual case
        except Exception:  # the socket is gone; its receive loop ends the connection
            self.closed = True
            return
        self.writer = asyncio.create_task(self._finish(sending, waiting_on))

    async def _finish(self, sending: Coroutine[Any, Any, None], waiting_on: Any) -> None:
        try:
            await _Resumed(sending, waiting_on)
        except Exception:
            self.closed = True
            self.writer = None
            return
        await self._write_backlog()

    async def _write_backlog(self) -> None:
        try:
            while self.backlog and not self.closed:
                await self.send(self.backlog.popleft())
        except Exception:
            self.closed = True
        finally:
            self.writer = None

    def end(self, code: int, reason: str) -> None:
        """Stop writing and close the socket with ``code``."""
        self.stop()
        task = asyncio.ensure_future(self.close(code, reason))
        task.add_done_callback(lambda t: t.cancelled() or t.exception())  # retrieved, never raised


def _step(coroutine: Coroutine[Any, Any, None]) -> Any:
    """Run a coroutine to its first wait; StopIteration when it finished without waiting."""
    return coroutine.send(None)


class _Resumed:
    """Awaits the rest of a coroutine that ``_step`` already ran up to ``waiting_on`` (what it waits
    for), passing cancellation through. Python 3.12's eager tasks do this natively; 3.11 has none."""

    def __init__(self, coroutine: Coroutine[Any, Any, None], waiting_on: Any):
        self.coroutine, self.waiting_on = coroutine, waiting_on

    def __await__(self) -> Generator[Any, None, None]:
        waiting_on = self.waiting_on
        while True:
            try:
                yield waiting_on
            except BaseException as error:  # cancellation: the coroutine decides what it means
                try:
                    waiting_on = self.coroutine.throw(error)
                except StopIteration:
                    return
                continue
            try:
                waiting_on = self.coroutine.send(None)
            except StopIteration:
                return


class Hub:
    """In-process fan-out. With several instances a relay (relay.py) carries events between their hubs."""

    def __init__(self) -> None:
        self.rooms: dict[int, set[Connection]] = {}
        # People on other instances, per map and instance, as their relay last reported them.
        self.remote: dict[int, dict[str, list[dict[str, Any]]]] = {}
        self.on_presence: Callable[[int, list[dict[str, Any]]], None] | None = None
        self.observer: Callable[[str], None] | None = None  # counts events (metrics)

    def join(self, map_id: int, connection: Connection) -> None:
        self.rooms.setdefault(map_id, set()).add(connection)
        self._announce_presence(map_id)

    def leave(self, map_id: int, connection: Connection) -> None:
        room = self.rooms.get(map_id, set())
        room.discard(connection)
        if room:
            self._announce_presence(map_id)
        else:
            self.rooms.pop(map_id, None)
            if self.on_presence is not None:
                self.on_presence(map_id, [])

    def local_people(self, map_id: int) -> list[dict[str, Any]]:
        people: dict[int, Person] = {}
        for connection in self.rooms.get(map_id, set()):
            people[connection.person.user_id] = connection.person
        return [{"user_id": p.user_id, "display_name": p.display_name} for p in people.values()]

    def present(self, map_id: int) -> list[dict[str, Any]]:
        """Everyone on the map, on this instance and on the others."""
        people = {p["user_id"]: p for p in self.local_people(map_id)}
        for others in self.remote.get(map_id, {}).values():
            for person in others:
                people.setdefault(person["user_id"], person)
        return list(people.values())

    def set_remote_presence(self, map_id: int, origin: str, people: list[dict[str, Any]]) -> None:
        instances = self.remote.setdefault(map_id, {})
        if people:
            instances[origin] = people
        else:
            instances.pop(origin, None)
        self.broadcast(map_id, {"type": "presence", "people": self.present(map_id)})

    async def close_all(self, code: int, reason: str) -> None:
        for room in list(self.rooms.values()):
            for connection in list(room):
                with contextlib.suppress(Exception):
                    await connection.close(code, reason)

    async def access_changed(self, user_id: int) -> None:
        """End this person's live connections on this instance; clients reconnect with their new role."""
        for room in list(self.rooms.values()):
            for connection in [c for c in room if c.person.user_id == user_id]:
                connection.stop()
                with contextlib.suppress(Exception):
                    await connection.close(ACCESS_CHANGED_CLOSE, "Your access changed; reconnecting.")

    def connection_count(self) -> int:
        return sum(len(room) for room in self.rooms.values())

    async def publish(self, map_id: int, events: list[dict[str, Any]]) -> None:
        """Called by services after commit (the services' EventPublisher)."""
        for event in events:
            self.deliver(map_id, event)

    def deliver_now(self, map_id: int, event: dict[str, Any]) -> None:
        """An event shown before it is stored (services/early_broadcast.py)."""
        self.deliver(map_id, event)

    def reload(self, map_id: int) -> None:
        """Every screen on the map loads it afresh."""
        self.broadcast(map_id, RELOAD)

    def deliver(self, map_id: int, event: dict[str, Any]) -> None:
        if self.observer is not None:
            self.observer(str(event.get("kind")))
        if event.get("audience") is None and not event.get("anonymous"):
            self.broadcast(map_id, {"type": "event", **event_for(event, EVERYONE)})
        else:  # private, hidden or anonymous: each viewer gets their own version
            for connection in self.rooms.get(map_id, set()):
                message = {"type": "event", **event_for(event, connection.person.viewer)}
                connection.offer(json.dumps(message, separators=(",", ":")))

    def broadcast(self, map_id: int, message: dict[str, Any]) -> None:
        room = self.rooms.get(map_id)
        if not room:
            return
        text = json.dumps(message, separators=(",", ":"))  # serialised once for everyone
        for connection in room:
            connection.offer(text)

    def _announce_presence(self, map_id: int) -> None:
        self.broadcast(map_id, {"type": "presence", "people": self.present(map_id)})
        if self.on_presence is not None:
            self.on_presence(map_id, self.local_people(map_id))
