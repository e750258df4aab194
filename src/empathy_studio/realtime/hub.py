"""Rooms of live connections per map. Services publish committed board events here; each connection
has its own outbound queue and writer, so one slow client never delays the others."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from empathy_studio.domain.visibility import Viewer, event_for

log = logging.getLogger("empathy_studio.realtime")
EVERYONE = Viewer(user_id=0, facilitates=False)  # for events whose content everyone may see


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
    """One open socket. ``send`` writes text to it; ``close`` ends it (e.g. when it falls behind)."""

    person: Person
    send: Callable[[str], Awaitable[None]]
    close: Callable[[int, str], Awaitable[None]]
    max_queue: int = 1000
    queue: asyncio.Queue[str | None] = field(init=False)
    overflowed: bool = False

    def __post_init__(self) -> None:
        self.queue = asyncio.Queue(self.max_queue)

    def offer(self, text: str) -> None:
        try:
            self.queue.put_nowait(text)
        except asyncio.QueueFull:
            self.overflowed = True  # the writer closes it; the client reconnects and catches up

    async def run_writer(self) -> None:
        """Drain the queue onto the socket until ``stop`` or a send fails."""
        while True:
            if self.overflowed:
                await self.close(4008, "Too far behind; reconnect to catch up.")
                return
            text = await self.queue.get()
            if text is None:
                return
            await self.send(text)

    def stop(self) -> None:
        with contextlib.suppress(asyncio.QueueFull):
            self.queue.put_nowait(None)


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

    def connection_count(self) -> int:
        return sum(len(room) for room in self.rooms.values())

    async def publish(self, map_id: int, events: list[dict[str, Any]]) -> None:
        """Called by services after commit (the services' EventPublisher)."""
        for event in events:
            self.deliver(map_id, event)

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
