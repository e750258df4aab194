"""The sorting model as the services use it: loaded once, off the event loop, and the workspace's own
teaching material (corrected statements and notes the team placed by hand) turned into a sorter."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Sequence

import numpy as np
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.evidence_views import ModelStatus
from empathy_studio.evidence.embedding import Embedder, ModelUnavailable, load_embedder
from empathy_studio.evidence.model_files import cache_root
from empathy_studio.evidence.segment_model import segment_model
from empathy_studio.evidence.sorter import SEGMENT_IDS, Example, Sorter
from empathy_studio.persistence.tables import EmpathyMap, Note, Project, Statement
from empathy_studio.settings import Settings

log = logging.getLogger(__name__)
MAX_NOTE_EXAMPLES = 2000  # the most recent hand-placed notes of a workspace that teach the sorter


def vector_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def vectors_from(blobs: Sequence[bytes], dimension: int) -> np.ndarray:
    """Stored vectors as one matrix; an empty blob becomes a row of zeros to fill in."""
    matrix = np.zeros((len(blobs), dimension), dtype=np.float32)
    for row, blob in enumerate(blobs):
        if blob:
            matrix[row] = np.frombuffer(blob, dtype=np.float32)
    return matrix


class SortingModel:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._embedder: Embedder | None = None
        self._problem: str | None = None
        self._lock = asyncio.Lock()
        self._warming: asyncio.Task[None] | None = None

    def start_warm_up(self) -> None:
        """Load the model and learn (or read back) the sorter in the background when the app starts, so
        the first import does not wait for it. Nothing happens when no model is set."""
        if self.settings.model.strip() and self._warming is None:
            self._warming = asyncio.create_task(self._warm_up())

    async def _warm_up(self) -> None:
        embedder = await self.embedder()
        if embedder is None:
            return
        # A daemon thread, not the default executor: stopping the app must not wait a minute for learning
        # to finish (the cache file is written atomically, so an interrupted learning leaves nothing half).
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()

        def learn() -> None:
            failure: BaseException | None = None
            try:
                segment_model(embedder, cache_root(self.settings))
            except Exception as error:  # the first import will try again and report what goes wrong
                failure = error
            with contextlib.suppress(RuntimeError):  # the loop is gone: nobody is waiting any more
                loop.call_soon_threadsafe(_settle, done, failure)

        threading.Thread(target=learn, name="sorter-warm-up", daemon=True).start()
        try:
            await done
        except Exception:
            log.exception("preparing the sorter failed")

    async def stop_warm_up(self) -> None:
        if self._warming is not None:
            self._warming.cancel()
            await asyncio.gather(self._warming, return_exceptions=True)

    async def embedder(self) -> Embedder | None:
        """The model, or None when it cannot be used (status() says why)."""
        async with self._lock:
            if self._embedder is None and self._problem is None:
                try:
                    self._embedder = await asyncio.to_thread(load_embedder, self.settings)
                except ModelUnavailable as error:
                    self._problem = str(error)
        return self._embedder

    async def status(self) -> ModelStatus:
        embedder = await self.embedder()
        if embedder is None:
            return ModelStatus(available=False, message=self._problem or "")
        return ModelStatus(available=True, model_id=embedder.model_id)

    async def sorter_for(self, s: AsyncSession, workspace_id: int, embedder: Embedder) -> Sorter:
        """A sorter taught by this workspace: statements people sorted by hand, and notes on its maps."""
        corrected = (
            await s.execute(
                select(
                    Statement.text,
                    Statement.segment,
                    Statement.language,
                    Statement.vector,
                    Statement.model_id,
                )
                .join(Project, Project.id == Statement.project_id)
                .where(Project.workspace_id == workspace_id, Statement.sorted_by == "person")
                .where(Statement.segment.in_(SEGMENT_IDS))
            )
        ).all()
        examples = [Example(text, segment, language) for text, segment, language, _, _ in corrected]
        vectors = [
            np.frombuffer(vector, dtype=np.float32) if vector and model == embedder.model_id else None
            for _, _, _, vector, model in corrected
        ]
        notes = (
            await s.execute(
                select(Note.text, Note.segment)
                .join(EmpathyMap, EmpathyMap.id == Note.map_id)
                .join(Project, Project.id == EmpathyMap.project_id)
                .where(Project.workspace_id == workspace_id, Note.segment.in_(SEGMENT_IDS))
                .where(Note.private.is_(False), Note.hidden.is_(False))
                .order_by(Note.id.desc())
                .limit(MAX_NOTE_EXAMPLES)
            )
        ).all()
        examples += [Example(text, segment) for text, segment in notes]
        vectors += [None] * len(notes)
        missing = [i for i, v in enumerate(vectors) if v is None]
        if missing:
            fresh = await asyncio.to_thread(embedder.embed, [examples[i].text for i in missing])
            for row, i in enumerate(missing):
                vectors[i] = fresh[row]
        matrix = np.stack([v for v in vectors if v is not None]) if examples else None
        # Learning takes seconds (most of a minute the very first time): never on the event loop.
        return await asyncio.to_thread(
            Sorter, embedder, examples, matrix, cache_dir=cache_root(self.settings)
        )


def _settle(future: asyncio.Future[None], failure: BaseException | None) -> None:
    if future.done():
        return
    if failure is None:
        future.set_result(None)
    else:
        future.set_exception(failure)
