"""Reading, searching and correcting a project's customer statements."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from pydantic import Field
from sqlalchemy import func, select, update

from empathy_studio.domain.errors import InvalidInput, NotFound
from empathy_studio.domain.evidence_views import EvidenceSummary, StatementPage, StatementView
from empathy_studio.domain.roles import Permission
from empathy_studio.evidence.sorter import SEGMENT_IDS
from empathy_studio.persistence.tables import EvidenceTheme, FeedbackItem, Statement
from empathy_studio.services.access import project_for
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.evidence_import import EvidenceImport
from empathy_studio.services.inputs import Input
from empathy_studio.services.sorting import SortingModel, vector_bytes, vectors_from

UNSORTED = "unsorted"


class StatementPatch(Input):
    segment: Literal["see", "hear", "think_feel", "say_do", "pain", "gain", "unsorted"] | None = None
    theme_id: int | None = Field(None, ge=0, le=2_147_483_647)  # 0 takes it out of its theme


def statement_view(statement: Statement, item: FeedbackItem) -> StatementView:
    return StatementView(
        id=statement.id,
        item_id=item.id,
        text=statement.text,
        language=statement.language,
        segment=statement.segment,
        confidence=statement.confidence,
        sorted_by=statement.sorted_by,
        theme_id=statement.theme_id,
        source=item.source,
        said_on=item.said_on,
        rating=item.rating,
        customer_segment=item.customer_segment,
        item_text=item.text,
    )


def _like(query: str) -> str:
    escaped = query.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Statements:
    def __init__(self, ctx: ServiceContext, model: SortingModel, imports: EvidenceImport):
        self.ctx = ctx
        self.model = model
        self.imports = imports

    async def search(
        self,
        actor: Actor,
        project_id: int,
        *,
        query: str = "",
        segment: str | None = None,
        theme_id: int | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> StatementPage:
        if segment is not None and segment not in (*SEGMENT_IDS, UNSORTED):
            raise InvalidInput.field("segment", f"Unknown segment '{segment}'.")
        async with self.ctx.sessions() as s:
            await project_for(s, actor, project_id, Permission.READ)
            where: list[Any] = [Statement.project_id == project_id]
            if query.strip():
                where.append(func.lower(Statement.text).like(_like(query.strip()), escape="\\"))
            if segment is not None:
                where.append(Statement.segment == segment)
            if theme_id is not None:
                where.append(Statement.theme_id == (theme_id or None))
            total = await s.scalar(select(func.count()).select_from(Statement).where(*where))
            rows = (
                await s.execute(
                    select(Statement, FeedbackItem)
                    .join(FeedbackItem, FeedbackItem.id == Statement.item_id)
                    .where(*where)
                    .order_by(Statement.id)
                    .limit(limit)
                    .offset(offset)
                )
            ).all()
            return StatementPage(total=total or 0, statements=[statement_view(st, it) for st, it in rows])

    async def change(self, actor: Actor, statement_id: int, data: StatementPatch) -> StatementView:
        """A person sorts a statement (which teaches the sorter) or moves it out of or into a theme."""
        async with self.ctx.writing() as s:
            statement = await s.get(Statement, statement_id)
            if statement is None:
                raise NotFound("There is no statement with that id.")
            await project_for(s, actor, statement.project_id, Permission.WRITE)
            if "segment" in data.model_fields_set and data.segment is not None:
                if data.segment != statement.segment:
                    statement.theme_id = None  # a theme lives within one segment
                statement.segment = data.segment
                statement.sorted_by = "person" if data.segment != UNSORTED else "none"
                statement.confidence = None
            if "theme_id" in data.model_fields_set and data.theme_id is not None:
                if data.theme_id == 0:
                    statement.theme_id = None
                else:
                    theme = await s.get(EvidenceTheme, data.theme_id)
                    if theme is None or theme.project_id != statement.project_id:
                        raise InvalidInput.field("theme_id", "There is no such theme in this project.")
                    if theme.segment != statement.segment:
                        raise InvalidInput.field("theme_id", "The theme belongs to another segment.")
                    statement.theme_id = theme.id
            item = await s.get(FeedbackItem, statement.item_id)
            assert item is not None
            return statement_view(statement, item)

    async def resort(self, actor: Actor, project_id: int) -> dict[str, int]:
        """Sort again every statement no person has sorted, with what the workspace has taught so far.
        Statements imported while no model (or another one) was set are embedded now, and keep it."""
        async with self.ctx.sessions() as s:
            project, _ = await project_for(s, actor, project_id, Permission.WRITE)
        embedder = await self.model.embedder()
        if embedder is None:
            raise InvalidInput((await self.model.status()).message, code="model_unavailable")
        async with self.ctx.sessions() as s:
            rows = (
                await s.execute(
                    select(
                        Statement.id, Statement.text, Statement.language, Statement.vector, Statement.model_id
                    )
                    .where(Statement.project_id == project_id, Statement.sorted_by != "person")
                    .order_by(Statement.id)
                )
            ).all()
            sorter = await self.model.sorter_for(s, project.workspace_id, embedder)
        if not rows:
            return {"resorted": 0, "changed": 0}
        stale = [n for n, r in enumerate(rows) if r.model_id != embedder.model_id or not r.vector]
        stale_set = set(stale)
        fresh = await asyncio.to_thread(embedder.embed, [rows[n].text for n in stale])
        kept = [r.vector if n not in stale_set else b"" for n, r in enumerate(rows)]
        vectors = vectors_from(kept, embedder.dimension)
        for position, n in enumerate(stale):
            vectors[n] = fresh[position]
        texts = [r.text for r in rows]
        languages = [r.language for r in rows]
        suggestions = await asyncio.to_thread(
            lambda: sorter.suggest(texts, vectors=vectors, languages=languages)
        )
        changed = 0
        async with self.ctx.writing() as s:
            current = dict(
                (
                    await s.execute(
                        select(Statement.id, Statement.segment).where(Statement.project_id == project_id)
                    )
                ).all()
            )
            for n, (row, suggestion) in enumerate(zip(rows, suggestions, strict=True)):
                new_segment = suggestion.segment
                if current.get(row.id) != new_segment:
                    changed += 1
                values: dict[str, Any] = {
                    "segment": new_segment,
                    "confidence": round(float(suggestion.confidence), 4),
                    "sorted_by": "model" if new_segment != UNSORTED else "none",
                    "theme_id": None if current.get(row.id) != new_segment else Statement.theme_id,
                }
                if n in stale_set:
                    values |= {"vector": vector_bytes(vectors[n]), "model_id": embedder.model_id}
                await s.execute(
                    update(Statement)
                    .where(Statement.id == row.id, Statement.sorted_by != "person")
                    .values(**values)
                )
        return {"resorted": len(rows), "changed": changed}

    async def summary(self, actor: Actor, project_id: int) -> EvidenceSummary:
        async with self.ctx.sessions() as s:
            await project_for(s, actor, project_id, Permission.READ)
            counts = dict(
                (
                    await s.execute(
                        select(Statement.segment, func.count())
                        .where(Statement.project_id == project_id)
                        .group_by(Statement.segment)
                    )
                ).all()
            )
            themes = await s.scalar(
                select(func.count()).select_from(EvidenceTheme).where(EvidenceTheme.project_id == project_id)
            )
        return EvidenceSummary(
            model=await self.model.status(),
            total=sum(counts.values()),
            unsorted=counts.get(UNSORTED, 0),
            by_segment={segment: counts.get(segment, 0) for segment in SEGMENT_IDS},
            themes=themes or 0,
            imports=await self.imports.list(actor, project_id),
        )
