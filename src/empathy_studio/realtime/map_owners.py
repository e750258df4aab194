"""Which instance runs a map's live commands, when several instances share Redis.

Showing an edit before it is stored (services/early_broadcast.py) needs one process to put the map's
changes in order: it predicts the next event number from the events it published. With several
instances, the first one whose participant sends a command on a map takes it for a lease in Redis
(SET NX with an expiry); it renews the lease while it has participants on the map and gives it up when
its last one leaves. The other instances hand that map's live commands to it (relay.py) and fall back to
running them themselves when it does not answer. Two instances that both believe they own a map (a
lease that ran out during a long stall) cost correctness nothing: the stores compare and set, and an
edit that did not come true makes the room reload."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger("empathy_studio.relay")

LEASE_MS = 10_000
RENEW_EVERY = 3.0  # seconds; well inside the lease, so a busy instance keeps its maps
# A lease not renewed for this long is no longer relied on: it may have run out in Redis meanwhile.
TRUSTED_FOR = LEASE_MS / 1000 - 2.0
KNOWN_FOR = 1.0  # seconds an instance trusts what it read about another's lease
PASSED_OVER_FOR = 10.0  # seconds an owner that did not answer in time is not asked again

# Renew or give up a lease only if it is still ours (another instance may hold it by now).
_RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0"
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


class MapOwners:
    def __init__(self, redis: Redis, channel: str, origin: str):
        self.redis, self.channel, self.origin = redis, channel, origin
        self.owned: dict[int, float] = {}  # our maps: when the lease was last taken or renewed
        self._known: dict[int, tuple[str, float]] = {}  # other instances' maps: (owner, read at)
        self._passed_over: dict[str, float] = {}  # instances that did not answer: until when
        self._releasing: set[int] = set()
        self._renewing: asyncio.Task[None] | None = None

    def _key(self, map_id: int) -> str:
        return f"{self.channel}:owner:{map_id}"

    def owns(self, map_id: int) -> bool:
        taken = self.owned.get(map_id)
        return taken is not None and time.monotonic() - taken < TRUSTED_FOR

    async def owner(self, map_id: int) -> str | None:
        """The instance that runs the map's commands, taking the map when nobody has it; None when Redis
        cannot be asked (the caller runs the command itself)."""
        if self.owns(map_id):
            return self.origin
        now = time.monotonic()
        known = self._known.get(map_id)
        if known is None or now - known[1] >= KNOWN_FOR:
            known = await self._ask(map_id, now)
            if known is None:
                return None
        owner = known[0]
        if owner == self.origin:
            return owner
        if self._passed_over.get(owner, 0.0) > now:  # it did not answer lately: run commands here
            return None
        return owner

    async def _ask(self, map_id: int, now: float) -> tuple[str, float] | None:
        """Take the map if nobody has it, else learn who does."""
        try:
            if await self.redis.set(self._key(map_id), self.origin, nx=True, px=LEASE_MS):
                self.owned[map_id] = now
                self._known.pop(map_id, None)
                return self.origin, now
            holder = await self.redis.get(self._key(map_id))
        except (RedisError, OSError) as error:
            log.warning("could not read who runs map %s: %s", map_id, error)
            return None
        if holder is None or map_id in self._releasing:  # changing hands: ask again next time
            return None
        owner = holder.decode() if isinstance(holder, bytes) else str(holder)
        if owner == self.origin:  # ours, though we stopped trusting it: it was renewed meanwhile
            self.owned[map_id] = now
            return owner, now
        self._known[map_id] = (owner, now)
        return owner, now

    def pass_over(self, owner: str) -> None:
        """``owner`` did not answer in time: run its maps' commands here for a while rather than wait
        for it each time."""
        self._passed_over[owner] = time.monotonic() + PASSED_OVER_FOR
        self._known = {m: k for m, k in self._known.items() if k[0] != owner}

    async def gone(self, map_id: int, owner: str) -> None:
        """Nobody listens for ``owner`` any more (it died): end its lease, so this instance or another
        can take the map now instead of when the lease runs out."""
        self._known.pop(map_id, None)
        try:
            await self.redis.eval(_RELEASE, 1, self._key(map_id), owner)
        except (RedisError, OSError) as error:
            log.warning("could not end the lease of a gone instance on map %s: %s", map_id, error)

    def forget(self, map_id: int) -> None:
        """Nobody here is on the map any more."""
        self._known.pop(map_id, None)

    async def release(self, map_id: int) -> None:
        """Our last participant on the map left: let another instance take it at once."""
        if self.owned.pop(map_id, None) is None:
            return
        self._releasing.add(map_id)
        try:
            await self.redis.eval(_RELEASE, 1, self._key(map_id), self.origin)
        except (RedisError, OSError) as error:
            log.warning("could not give up map %s (its lease runs out by itself): %s", map_id, error)
        finally:
            self._releasing.discard(map_id)

    def start(self) -> None:
        self._renewing = asyncio.create_task(self._renew_forever())

    async def stop(self) -> None:
        if self._renewing is not None:
            self._renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._renewing
        for map_id in list(self.owned):
            with contextlib.suppress(Exception):
                await self.release(map_id)

    async def _renew_forever(self) -> None:
        while True:
            await asyncio.sleep(RENEW_EVERY)
            for map_id in list(self.owned):
                asked_at = time.monotonic()
                try:
                    kept = await self.redis.eval(_RENEW, 1, self._key(map_id), self.origin, str(LEASE_MS))
                except (RedisError, OSError) as error:  # owns() stops trusting it in time
                    log.warning("could not renew the lease on map %s: %s", map_id, error)
                    continue
                if not kept:  # it ran out and another instance took it
                    log.warning("lost the lease on map %s to another instance", map_id)
                    self.owned.pop(map_id, None)
                elif map_id in self.owned:
                    self.owned[map_id] = asked_at
