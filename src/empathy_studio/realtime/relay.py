"""Carries board events and presence between app instances through Redis pub/sub (EMPATHY_REDIS_URL).

Each instance hands committed events to its own hub first (lowest latency for its own clients), then
publishes them on one channel; every other instance forwards what it receives to its hub. Redis keeps
nothing: what matters is stored in the database, and clients fill any hole from there. So when the
link to Redis drops, this instance keeps serving its own clients, and once it is back every local
client is asked to reconnect, which makes it catch up on what it missed from the other instances."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from empathy_studio.realtime.hub import Hub

log = logging.getLogger("empathy_studio.relay")
OUTBOX_LIMIT = 10_000
RECONNECT_CLOSE = 4012  # "reconnect to catch up": clients come back with ?since=<their last seq>


class RedisRelay:
    def __init__(self, url: str, channel: str, hub: Hub):
        self.url = url
        self.channel = channel
        self.hub = hub
        self.origin = uuid.uuid4().hex
        self.redis: Redis = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=None)
        self.connected = asyncio.Event()
        # Outgoing messages wait here, in order, so a slow or dead Redis never holds up a command.
        self._outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue(OUTBOX_LIMIT)
        self._tasks: list[asyncio.Task[None]] = []
        hub.on_presence = self._share_presence

    async def publish(self, map_id: int, events: list[dict[str, Any]]) -> None:
        """The services' EventPublisher: local clients first, then the other instances."""
        await self.hub.publish(map_id, events)
        self._queue({"origin": self.origin, "map_id": map_id, "events": events})

    async def access_changed(self, user_id: int) -> None:
        await self.hub.access_changed(user_id)
        self._queue({"origin": self.origin, "access_changed": user_id})

    def _queue(self, message: dict[str, Any]) -> None:
        try:
            self._outbox.put_nowait(message)
        except asyncio.QueueFull:  # Redis has been gone a while; peers catch up when it is back
            log.warning("relay outbox full; dropping a message for other instances")

    def _share_presence(self, map_id: int, people: list[dict[str, Any]]) -> None:
        self._queue({"origin": self.origin, "map_id": map_id, "presence": people})

    async def _send_forever(self) -> None:
        while True:
            message = await self._outbox.get()
            try:
                await self.redis.publish(self.channel, json.dumps(message, separators=(",", ":")))
            except (RedisError, OSError) as error:
                # The change is committed; peers' clients get it from the database when they reconnect.
                log.warning("could not relay to other instances: %s", error)

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._listen_forever()), asyncio.create_task(self._send_forever())]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.redis.aclose()

    async def _listen_forever(self) -> None:
        delay = 0.2
        first = True
        while True:
            try:
                async with self.redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(self.channel)
                    self.connected.set()
                    if not first:  # events may have passed us by while the link was down
                        await self.hub.close_all(RECONNECT_CLOSE, "Reconnect to catch up.")
                    first, delay = False, 0.2
                    async for message in pubsub.listen():
                        self._receive(message.get("data"))
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError) as error:
                self.connected.clear()
                log.warning("lost the Redis relay (%s); retrying in %.1f s", error, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    def _receive(self, data: Any) -> None:
        try:
            message = json.loads(data)
        except (TypeError, ValueError):
            return
        if not isinstance(message, dict) or message.get("origin") == self.origin:
            return
        if isinstance(message.get("access_changed"), int):
            task = asyncio.ensure_future(self.hub.access_changed(message["access_changed"]))
            task.add_done_callback(lambda t: t.cancelled() or t.exception())
            return
        map_id = message.get("map_id")
        if not isinstance(map_id, int):
            return
        if "presence" in message:
            self.hub.set_remote_presence(map_id, str(message["origin"]), message["presence"])
        elif map_id in self.hub.rooms:  # nobody here watches other maps
            for event in message.get("events", []):
                self.hub.deliver(map_id, event)
