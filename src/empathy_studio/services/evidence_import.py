"""Customer feedback into a project: a preview that proposes columns, then a background job that
masks, splits, sorts and stores everything in one transaction at the end. A failed or cancelled
import writes no items or statements; only its own record says what happened."""

from __future__ import annotations

import asyncio
import functools
import itertools
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pydantic import Field
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.errors import InvalidInput, NotFound
from empathy_studio.domain.evidence_views import FeedbackImportView
from empathy_studio.domain.roles import Permission
from empathy_studio.evidence.prepare import ColumnChoice, ImportCancelled, PreparedItem, prepare_items
from empathy_studio.evidence.readers import FeedbackTable, read_feedback, read_pasted, suggest_columns
from empathy_studio.persistence.tables import FeedbackImport, FeedbackItem, Project, Statement
from empathy_studio.services.access import project_for
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.inputs import Input
from empathy_studio.services.sorting import SortingModel, vector_bytes

log = logging.getLogger(__name__)
CHUNK = 2048  # statements embedded and sorted between two looks at the cancel flag
WRITE_CHUNK = 1000


class FeedbackColumns(Input):
    text: str = Field(min_length=1, max_length=200)
    date: str | None = Field(None, max_length=200)
    rating: str | None = Field(None, max_length=200)
    source: str | None = Field(None, max_length=200)
    language: str | None = Field(None, max_length=200)
    segment: str | None = Field(None, max_length=200)
    id: str | None = Field(None, max_length=200)


class FeedbackOptions(Input):
    columns: FeedbackColumns = Field(default_factory=lambda: FeedbackColumns(text="text"))
    mask: bool | None = None  # None: the instance's setting (masking on unless turned off)
    skip_bad_rows: bool = False  # the person saw the bad rows in the preview and agreed to skip them
    source: str = Field("", max_length=200)  # for items whose file gives no source; default the file name


@dataclass
class _Job:
    cancel: threading.Event = field(default_factory=threading.Event)
    processed: int = 0
    task: asyncio.Task[None] | None = None


def _view(row: FeedbackImport, job: _Job | None) -> FeedbackImportView:
    view = FeedbackImportView.model_validate(row, from_attributes=True)
    if job is not None and row.status == "running":
        view.items_processed = job.processed
    return view


class EvidenceImport:
    def __init__(self, ctx: ServiceContext, model: SortingModel):
        self.ctx = ctx
        self.model = model
        self._jobs: dict[int, _Job] = {}

    def _read(self, raw: bytes | None, filename: str, pasted: str | None) -> FeedbackTable:
        limit = self.ctx.settings.max_feedback_items
        if pasted is not None:
            return read_pasted(pasted, max_rows=limit)
        if raw is None:
            raise InvalidInput.field("file", "Choose a file or paste some text.")
        return read_feedback(raw, filename, max_rows=limit)

    async def preview(
        self, actor: Actor, project_id: int, raw: bytes | None, filename: str, pasted: str | None = None
    ) -> dict[str, Any]:
        async with self.ctx.sessions() as s:
            await project_for(s, actor, project_id, Permission.WRITE)
        table = await asyncio.to_thread(self._read, raw, filename, pasted)
        return {
            "format": table.format,
            "encoding": table.encoding,
            "delimiter": table.delimiter,
            "columns": table.columns,
            "rows": len(table.rows),
            "sample": table.rows[:5],
            "suggested": suggest_columns(table),
            "problems": [{"line": p.line, "message": p.message} for p in table.problems[:50]],
            "problem_count": len(table.problems),
            "mask_default": self.ctx.settings.mask_personal_data,
            "model": (await self.model.status()).model_dump(),
        }

    async def start(
        self,
        actor: Actor,
        project_id: int,
        raw: bytes | None,
        filename: str,
        options: FeedbackOptions,
        pasted: str | None = None,
    ) -> FeedbackImportView:
        """Check the file and the choices now (a clear error, nothing written), then import in the
        background; the returned record is polled for progress."""
        async with self.ctx.sessions() as s:
            await project_for(s, actor, project_id, Permission.WRITE)
        table = await asyncio.to_thread(self._read, raw, filename, pasted)
        chosen = options.columns.model_dump()
        for role, column in chosen.items():
            if column is not None and column not in table.columns:
                raise InvalidInput(
                    f"The file has no column '{column}' (for {role}).",
                    code="import_missing_column",
                    details={
                        "fields": [{"field": f"columns.{role}", "message": "Not a column of this file."}]
                    },
                )
        if table.problems and not options.skip_bad_rows:
            raise InvalidInput(
                f"{len(table.problems)} rows cannot be read; nothing was imported. Agree to skip them, "
                "or fix the file.",
                code="import_bad_rows",
                details={
                    "fields": [{"field": f"line {p.line}", "message": p.message} for p in table.problems[:50]]
                },
            )
        if not table.rows:
            raise InvalidInput("The file holds no feedback.", code="import_empty")
        mask = self.ctx.settings.mask_personal_data if options.mask is None else options.mask
        async with self.ctx.writing() as s:
            record = FeedbackImport(
                project_id=project_id,
                created_by=actor.user_id,
                filename=(filename or "pasted text")[:200],
                format=table.format,
                status="running",
                masked=mask,
                items_read=len(table.rows),
                items_processed=0,
                items_imported=0,
                duplicates=0,
                rows_skipped=len(table.problems),
                statements=0,
                model_id=None,
                error="",
                created_at=self.ctx.now(),
                finished_at=None,
            )
            s.add(record)
            await s.flush()
            view = _view(record, None)
        job = _Job()
        self._jobs[view.id] = job
        source = options.source or (filename if pasted is None else "")
        job.task = asyncio.create_task(
            self._run(view.id, project_id, table, ColumnChoice(**chosen), mask, source, job)
        )
        return view

    async def _run(
        self,
        import_id: int,
        project_id: int,
        table: FeedbackTable,
        columns: ColumnChoice,
        mask: bool,
        source: str,
        job: _Job,
    ) -> None:
        try:
            outcome = await self._process(project_id, table, columns, mask, source, job)
            status, error = ("cancelled", "") if outcome is None else ("done", "")
        except (asyncio.CancelledError, ImportCancelled):
            outcome, status, error = None, "cancelled", ""
        except InvalidInput as problem:
            outcome, status, error = None, "failed", problem.message
        except Exception as problem:  # the record must say it failed; the details go to the log
            log.exception("feedback import %s failed", import_id)
            outcome, status, error = None, "failed", f"The import stopped: {type(problem).__name__}."
        if outcome is None or status != "done":
            async with self.ctx.writing() as s:
                record = await s.get(FeedbackImport, import_id)
                if record is not None:
                    record.status, record.error, record.finished_at = status, error, self.ctx.now()
                    record.items_processed = job.processed
        else:
            await self._store(import_id, project_id, *outcome, job)
        self._jobs.pop(import_id, None)

    async def _process(
        self,
        project_id: int,
        table: FeedbackTable,
        columns: ColumnChoice,
        mask: bool,
        source: str,
        job: _Job,
    ) -> (
        tuple[list[PreparedItem], int, list[tuple[str, float | None, str]], np.ndarray | None, str | None]
        | None
    ):
        def seen(done: int) -> None:
            job.processed = done // 2  # preparing is about the first half of the work

        items, duplicates = await asyncio.to_thread(
            prepare_items,
            table,
            columns,
            mask=mask,
            default_source=source,
            progress=seen,
            cancelled=job.cancel.is_set,
        )
        async with self.ctx.sessions() as s:
            known = set(
                (await s.scalars(select(FeedbackItem.key).where(FeedbackItem.project_id == project_id))).all()
            )
            workspace_id = (await _project(s, project_id)).workspace_id
        fresh = [item for item in items if item.key not in known]
        duplicates += len(items) - len(fresh)
        texts = [text for item in fresh for text in item.statements]
        embedder = await self.model.embedder()
        if embedder is None or not texts:
            sorted_as: list[tuple[str, float | None, str]] = [("unsorted", None, "none")] * len(texts)
            return fresh, duplicates, sorted_as, None, None
        async with self.ctx.sessions() as s:
            sorter = await self.model.sorter_for(s, workspace_id, embedder)
        languages = [item.language for item in fresh for _ in item.statements]
        vectors = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
        sorted_as = []
        half = len(table.rows) // 2
        # In chunks: the cancel flag is looked at between them, and memory stays flat however big the file.
        for start in range(0, len(texts), CHUNK):
            if job.cancel.is_set():
                return None
            end = min(start + CHUNK, len(texts))
            part = vectors[start:end]
            part[:] = await asyncio.to_thread(embedder.embed, texts[start:end])
            found = await asyncio.to_thread(
                functools.partial(
                    sorter.suggest, texts[start:end], vectors=part, languages=languages[start:end]
                )
            )
            sorted_as += [
                (x.segment, round(float(x.confidence), 4), "model" if x.segment != "unsorted" else "none")
                for x in found
            ]
            job.processed = half + (len(table.rows) - half) * end // len(texts)
        return fresh, duplicates, sorted_as, vectors, embedder.model_id

    async def _store(
        self,
        import_id: int,
        project_id: int,
        items: list[PreparedItem],
        duplicates: int,
        sorted_as: list[tuple[str, float | None, str]],
        vectors: np.ndarray | None,
        model_id: str | None,
        job: _Job,
    ) -> None:
        async with self.ctx.writing() as s:
            record = await s.get(FeedbackImport, import_id)
            if record is None:  # the project was deleted meanwhile
                return
            item_ids: list[int] = []
            for start in range(0, len(items), WRITE_CHUNK):
                chunk = items[start : start + WRITE_CHUNK]
                rows = [
                    {
                        "project_id": project_id,
                        "import_id": import_id,
                        "key": i.key,
                        "text": i.text,
                        "source": i.source,
                        "said_on": i.said_on,
                        "rating": i.rating,
                        "customer_segment": i.customer_segment,
                        "external_id": i.external_id,
                        "line": i.line,
                    }
                    for i in chunk
                ]
                item_ids += list(
                    (await s.execute(insert(FeedbackItem).returning(FeedbackItem.id), rows)).scalars()
                )

            def statement_rows() -> Iterator[dict[str, Any]]:
                n = 0
                for item, item_id in zip(items, item_ids, strict=True):
                    for position, text in enumerate(item.statements):
                        segment, confidence, by = sorted_as[n]
                        yield {
                            "project_id": project_id,
                            "item_id": item_id,
                            "position": position,
                            "text": text,
                            "language": item.language,
                            "segment": segment,
                            "confidence": confidence,
                            "sorted_by": by,
                            "theme_id": None,
                            "vector": vector_bytes(vectors[n]) if vectors is not None else None,
                            "model_id": model_id,
                        }
                        n += 1

            pending = statement_rows()  # built chunk by chunk: never all of them in memory at once
            stored = 0
            while batch := list(itertools.islice(pending, WRITE_CHUNK)):
                await s.execute(insert(Statement), batch)
                stored += len(batch)
            record.status = "done"
            record.items_processed = record.items_read
            record.items_imported = len(items)
            record.duplicates = duplicates
            record.statements = stored
            record.model_id = model_id
            record.finished_at = self.ctx.now()
        job.processed = len(items)

    async def get(self, actor: Actor, import_id: int) -> FeedbackImportView:
        async with self.ctx.sessions() as s:
            record = await s.get(FeedbackImport, import_id)
            if record is None:
                raise NotFound("There is no import with that id.")
            await project_for(s, actor, record.project_id, Permission.READ)
            return _view(record, self._jobs.get(import_id))

    async def list(self, actor: Actor, project_id: int) -> list[FeedbackImportView]:
        async with self.ctx.sessions() as s:
            await project_for(s, actor, project_id, Permission.READ)
            rows = await s.scalars(
                select(FeedbackImport)
                .where(FeedbackImport.project_id == project_id)
                .order_by(FeedbackImport.id.desc())
            )
            return [_view(r, self._jobs.get(r.id)) for r in rows]

    async def cancel(self, actor: Actor, import_id: int) -> FeedbackImportView:
        """Stop a running import; it then writes nothing. A finished import stays as it is."""
        async with self.ctx.sessions() as s:
            record = await s.get(FeedbackImport, import_id)
            if record is None:
                raise NotFound("There is no import with that id.")
            await project_for(s, actor, record.project_id, Permission.WRITE)
        job = self._jobs.get(import_id)
        if job is not None:
            job.cancel.set()
            if job.task is not None:
                await asyncio.wait({job.task})
        return await self.get(actor, import_id)

    async def wait(self, import_id: int) -> None:
        """For the CLI and tests: until this instance's job for the import has finished."""
        job = self._jobs.get(import_id)
        if job is not None and job.task is not None:
            await asyncio.wait({job.task})

    async def close(self) -> None:
        for job in list(self._jobs.values()):
            job.cancel.set()
            if job.task is not None:
                job.task.cancel()
        await asyncio.gather(*(j.task for j in self._jobs.values() if j.task), return_exceptions=True)


async def _project(s: AsyncSession, project_id: int) -> Project:
    project = await s.get(Project, project_id)
    if project is None:
        raise InvalidInput("The project was deleted during the import.", code="project_gone")
    return project
