"""Carries board events and presence between app instances through Redis pub/sub (EMPATHY_REDIS_URL).

Each instance hands committed events to its own hub first (lowest latency for its own clients), then
publishes them on one channel; every other instance forwards what it receives to its hub. Redis keeps
nothing: what matters is stored in the database, and clients fill any hole from there. So when the
link to Redis drops, this instance keeps serving its own clients, and once it is back every local
client is asked to reconnect, which makes it catch up on what it missed from the other instances.

Besides the shared channel, each instance listens on a channel of its own, where other instances hand
it the live commands of the maps it runs (map_owners.py) and where it gets their answers."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from empathy_studio.realtime.hub import RELOAD, Hub
from empathy_studio.realtime.map_owners import MapOwners

log = logging.getLogger("empathy_studio.relay")
OUTBOX_LIMIT = 10_000
RECONNECT_CLOSE = 4012  # "reconnect to catch up": clients come back with ?since=<their last seq>


class RedisRelay:
    def __init__(self, url: str, channel: str, hub: Hub):
        self.url = url
        self.channel = channel
        self.hub = hub
        self.origin = uuid.uuid4().hex
        # Listening waits for as long as nothing comes; every other call gives up after two seconds, so
        # a Redis that stopped answering never holds a command for long.
        self.redis: Redis = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=None)
        self.calls: Redis = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        self.connected = asyncio.Event()
        # Outgoing messages wait here, in order, so a slow or dead Redis never holds up a command.
        self._outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue(OUTBOX_LIMIT)
        self._tasks: list[asyncio.Task[None]] = []
        hub.on_presence = self._share_presence
        self.owners = MapOwners(self.calls, channel, self.origin)
        self.inbox = f"{channel}:to:{self.origin}"  # commands handed to us, and answers to ours
        # Where other instances' events and reloads go here: the hub, or early_broadcast in front of it.
        # ``early`` is true for an event shown before it was stored.
        self.on_events: Callable[[int, list[dict[str, Any]], bool], None] = self._to_hub
        self.on_reload: Callable[[int], None] = lambda map_id: hub.broadcast(map_id, RELOAD)
        # Runs a command another instance handed us and returns the answer for its client (web/live.py).
        self.on_command: Callable[[dict[str, Any]], Awaitable[dict[str, Any]]] | None = None
        self._waiting: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._handling: set[asyncio.Task[None]] = set()

    async def publish(self, map_id: int, events: list[dict[str, Any]]) -> None:
        """The services' EventPublisher: local clients first, then the other instances."""
        await self.hub.publish(map_id, events)
        self._queue({"origin": self.origin, "map_id": map_id, "events": events})

    def deliver_now(self, map_id: int, event: dict[str, Any]) -> None:
        """An event shown before it is stored (early_broadcast.py): here and on every other instance."""
        self.hub.deliver(map_id, event)
        self._queue({"origin": self.origin, "map_id": map_id, "events": [event], "early": True})

    def reload(self, map_id: int) -> None:
        """Every screen on the map, on every instance, loads the map afresh."""
        self.hub.broadcast(map_id, RELOAD)
        self._queue({"origin": self.origin, "map_id": map_id, "reload": True})

    async def forward(self, owner: str, request: dict[str, Any]) -> dict[str, Any] | None:
        """Hand a live command to the instance that runs its map; its answer for the client, or None if
        nobody listens there any more (the caller runs the command itself). The caller bounds the wait:
        a command id is applied once, so one that arrived after all is answered as a duplicate."""
        ticket = uuid.uuid4().hex
        answer: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[ticket] = answer
        message = {"origin": self.origin, "ticket": ticket, "command": request}
        try:
            listeners = await self.calls.publish(f"{self.channel}:to:{owner}", _dumps(message))
            if not listeners:  # that instance is gone
                return None
            return await answer
        except (RedisError, OSError):
            return None
        finally:
            self._waiting.pop(ticket, None)

    async def _answer(self, message: dict[str, Any]) -> None:
        if self.on_command is None:
            return
        try:
            answer = await self.on_command(message["command"])
            reply = {"origin": self.origin, "ticket": message["ticket"], "answer": answer}
            await self.calls.publish(f"{self.channel}:to:{message['origin']}", _dumps(reply))
        except (RedisError, OSError) as error:  # the asker runs it itself after its timeout
            log.warning("could not answer a command handed over by another instance: %s", error)
        except Exception:
            log.exception("a command handed over by another instance failed")

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
                await self.calls.publish(self.channel, _dumps(message))
            except (RedisError, OSError) as error:
                # The change is committed; peers' clients get it from the database when they reconnect.
                # (An early event or reload lost here is found out by the peers' own checks.)
                log.warning("could not relay to other instances: %s", error)
            finally:
                self._outbox.task_done()

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._listen_forever()), asyncio.create_task(self._send_forever())]
        self.owners.start()

    async def stop(self) -> None:
        # Commands handed to us finish first: what they show or take back still reaches the outbox.
        if self._handling:
            await asyncio.wait(list(self._handling), timeout=5)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._outbox.join(), timeout=2)
        with contextlib.suppress(TimeoutError):  # leases not given up run out by themselves
            await asyncio.wait_for(self.owners.stop(), timeout=3)
        for task in [*self._tasks, *self._handling]:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.redis.aclose()
        await self.calls.aclose()

    async def _listen_forever(self) -> None:
        delay = 0.2
        first = True
        while True:
            try:
                async with self.redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(self.channel, self.inbox)
                    self.connected.set()
                    if not first:  # events may have passed us by while the link was down
                        await self.hub.close_all(RECONNECT_CLOSE, "Reconnect to catch up.")
                    first, delay = False, 0.2
                    async for message in pubsub.listen():
                        try:
                            if message.get("channel") in (self.inbox, self.inbox.encode()):
                                self._receive_direct(message.get("data"))
                            else:
                                self._receive(message.get("data"))
                        except Exception:  # one odd message (another version's?) must not deafen us
                            log.exception("could not take a message from another instance")
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError) as error:
                self.connected.clear()
                log.warning("lost the Redis relay (%s); retrying in %.1f s", error, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    def _receive_direct(self, data: Any) -> None:
        try:
            message = json.loads(data)
        except (TypeError, ValueError):
            return
        if not isinstance(message, dict) or not isinstance(message.get("ticket"), str):
            return
        if isinstance(message.get("command"), dict) and isinstance(message.get("origin"), str):
            task = asyncio.create_task(self._answer(message))
            self._handling.add(task)
            task.add_done_callback(self._handling.discard)
        elif isinstance(message.get("answer"), dict):
            waiting = self._waiting.get(message["ticket"])
            if waiting is not None and not waiting.done():
                waiting.set_result(message["answer"])

    def _to_hub(self, map_id: int, events: list[dict[str, Any]], _early: bool) -> None:
        for event in events:
            self.hub.deliver(map_id, event)

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
        elif map_id not in self.hub.rooms:  # nobody here watches this map
            return
        elif message.get("reload") is True:
            self.on_reload(map_id)
        elif isinstance(message.get("events"), list):
            self.on_events(map_id, message["events"], message.get("early") is True)


def _dumps(message: dict[str, Any]) -> str:
    return json.dumps(message, separators=(",", ":"))
