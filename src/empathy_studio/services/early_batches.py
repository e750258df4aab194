"""Note edits shown early are stored a moment after they went out, on SQLite several in one commit.
(On PostgreSQL each waits as long and is stored in its own transaction: EarlyBroadcast._store_soon.)

On SQLite the early edits are stored on the event loop's own thread (services/early_store.py,
InlineStore): three statements and a commit, about 0.3 ms of this process's time. Stored at once, that
work came right on top of the broadcast it followed, and every command arriving meanwhile waited behind
it. Waiting ``STORE_AFTER`` first lets those commands go out before the store, and edits that arrive in
that moment are stored together, in one transaction and one commit. Measured with the live benchmark
(benchmarks/live_propagation.py, 50 participants), work done right after a broadcast also slows the
delivery itself when the clients share the machine's two cores; done a few milliseconds later it does not.

The authors' acks still wait for the commit, so nothing acknowledged can be lost; they come
``STORE_AFTER`` later. The batch takes the write turn without counting as a writer
(ServiceContext.open_writers), which would stop new predictions. Any other write of the process starting
meanwhile is counted at once (so nothing new is predicted) and waits for the batch before its turn
(ServiceContext.before_write): the event numbers the room was shown stay the edits'."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from empathy_studio.services.context import ServiceContext
from empathy_studio.services.early_store import InlineStore, NoteEdit

STORE_AFTER = 0.003  # seconds from an edit's broadcast to the start of its store


class StoreBatches:
    """Collects edits for ``store_after`` seconds from the first one, then stores them in one go.
    ``stored`` runs after each batch (the caller's checkpoint schedule)."""

    def __init__(
        self,
        ctx: ServiceContext,
        inline: InlineStore,
        stored: Callable[[], None],
        store_after: float = STORE_AFTER,
    ):
        self.ctx, self.inline, self.stored, self.store_after = ctx, inline, stored, store_after
        self.waiting: list[tuple[NoteEdit, asyncio.Future[bool]]] = []
        self.flusher: asyncio.Task[None] | None = None

    def add(self, edit: NoteEdit) -> asyncio.Future[bool]:
        """The edit is queued; the future says whether it was stored (False: the database moved on).
        It completes even if whoever waits for it is cancelled."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self.waiting.append((edit, future))
        if self.flusher is None:
            self.flusher = asyncio.create_task(self._flush())
        return future

    async def _flush(self) -> None:
        batch: list[tuple[NoteEdit, asyncio.Future[bool]]] = []
        try:
            await asyncio.sleep(self.store_after)
            async with self.ctx.write_turn(writer=False):
                batch, self.waiting = self.waiting, []
                results = self.inline.store_all([edit for edit, _future in batch])
            for (_edit, future), stored in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(stored)
        except BaseException as error:  # the database refused in an unexpected way, or cancelled
            failed = batch
            if not batch:
                failed, self.waiting = self.waiting, []
            for _edit, future in failed:
                if future.done():
                    continue
                if isinstance(error, Exception):
                    future.set_exception(error)
                else:
                    future.cancel()
            if not isinstance(error, Exception):
                raise
        finally:
            self.flusher = None
            self.stored()
            if self.waiting:  # queued after this batch was taken: the next batch
                self.flusher = asyncio.create_task(self._flush())

    async def close(self) -> None:
        """Store what is queued (at shutdown)."""
        while (flusher := self.flusher) is not None:
            await asyncio.wait([flusher])  # however it ends (stored, failed, cancelled)
            if self.flusher is flusher:  # cancelled before it started: nobody settles its edits
                self.flusher = None
                for _edit, future in self.waiting:
                    future.cancel()
                self.waiting = []
