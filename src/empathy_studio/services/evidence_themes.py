"""Themes of customer statements within a segment: proposed by grouping similar statements, previewed,
accepted, then renamed, split, merged or dissolved by people."""

from __future__ import annotations

import asyncio

from pydantic import Field
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.errors import InvalidInput, NotFound
from empathy_studio.domain.evidence_views import EvidenceThemeView, ThemeDraftView
from empathy_studio.domain.roles import Permission
from empathy_studio.evidence.sorter import SEGMENT_IDS
from empathy_studio.evidence.themes import group_themes, theme_label
from empathy_studio.persistence.tables import EvidenceTheme, Statement
from empathy_studio.services.access import project_for
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.inputs import Id, Input
from empathy_studio.services.sorting import vectors_from

MAX_GROUPED = 50_000  # statements of one segment grouped in one go
EXAMPLES = 3


class ThemeDraftIn(Input):
    label: str = Field(min_length=1, max_length=120)
    statement_ids: list[Id] = Field(min_length=1, max_length=MAX_GROUPED)


class ThemesAccept(Input):
    segment: str = Field(max_length=20)
    themes: list[ThemeDraftIn] = Field(min_length=1, max_length=500)


class ThemePatch(Input):
    label: str = Field(min_length=1, max_length=120)


class ThemeSplit(Input):
    statement_ids: list[Id] = Field(min_length=1, max_length=MAX_GROUPED)
    label: str | None = Field(None, min_length=1, max_length=120)


class ThemeMerge(Input):
    into: Id


def _segment(segment: str) -> str:
    if segment not in SEGMENT_IDS:
        raise InvalidInput.field("segment", f"Unknown segment '{segment}'.")
    return segment


class EvidenceThemes:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    async def _view(self, s: AsyncSession, theme: EvidenceTheme) -> EvidenceThemeView:
        size = await s.scalar(
            select(func.count()).select_from(Statement).where(Statement.theme_id == theme.id)
        )
        examples = await s.scalars(
            select(Statement.text)
            .where(Statement.theme_id == theme.id)
            .order_by(Statement.id)
            .limit(EXAMPLES)
        )
        return EvidenceThemeView(
            id=theme.id,
            project_id=theme.project_id,
            segment=theme.segment,
            label=theme.label,
            size=size or 0,
            examples=list(examples),
        )

    async def of_project(self, actor: Actor, project_id: int) -> list[EvidenceThemeView]:
        async with self.ctx.sessions() as s:
            await project_for(s, actor, project_id, Permission.READ)
            themes = (
                await s.scalars(
                    select(EvidenceTheme)
                    .where(EvidenceTheme.project_id == project_id)
                    .order_by(EvidenceTheme.id)
                )
            ).all()
            views = [await self._view(s, t) for t in themes]
        return sorted(views, key=lambda v: (SEGMENT_IDS.index(v.segment), -v.size))

    async def preview(
        self, actor: Actor, project_id: int, segment: str, similarity: float = 0.5
    ) -> list[ThemeDraftView]:
        """Groupings of the segment's statements that are in no theme yet; nothing is stored."""
        _segment(segment)
        async with self.ctx.sessions() as s:
            await project_for(s, actor, project_id, Permission.READ)
            rows = (
                await s.execute(
                    select(
                        Statement.id, Statement.text, Statement.language, Statement.vector, Statement.model_id
                    )
                    .where(Statement.project_id == project_id, Statement.segment == segment)
                    .where(Statement.theme_id.is_(None), Statement.vector.is_not(None))
                    .order_by(Statement.id)
                    .limit(MAX_GROUPED)
                )
            ).all()
        if not rows:
            return []
        newest_model = rows[-1].model_id  # vectors of different models are never compared
        rows = [r for r in rows if r.model_id == newest_model]
        vectors = vectors_from([r.vector for r in rows], len(rows[0].vector) // 4)  # float32: 4 bytes
        drafts = await asyncio.to_thread(
            lambda: group_themes(
                vectors, [r.text for r in rows], [r.language for r in rows], similarity=similarity
            )
        )
        return [
            ThemeDraftView(
                label=d.label,
                statement_ids=[rows[i].id for i in d.members],
                examples=[rows[i].text for i in d.members[:EXAMPLES]],
            )
            for d in sorted(drafts, key=lambda d: -len(d.members))
        ]

    async def accept(self, actor: Actor, project_id: int, data: ThemesAccept) -> list[EvidenceThemeView]:
        segment = _segment(data.segment)
        async with self.ctx.writing() as s:
            await project_for(s, actor, project_id, Permission.WRITE)
            wanted = {i for draft in data.themes for i in draft.statement_ids}
            found = set(
                (
                    await s.scalars(
                        select(Statement.id).where(
                            Statement.id.in_(wanted),
                            Statement.project_id == project_id,
                            Statement.segment == segment,
                        )
                    )
                ).all()
            )
            if found != wanted:
                raise InvalidInput(
                    "Some statements are not in this segment of this project any more; preview again.",
                    code="themes_stale",
                    details={"missing": sorted(wanted - found)[:50]},
                )
            created = []
            for draft in data.themes:
                theme = EvidenceTheme(
                    project_id=project_id, segment=segment, label=draft.label, created_at=self.ctx.now()
                )
                s.add(theme)
                await s.flush()
                await s.execute(
                    update(Statement).where(Statement.id.in_(draft.statement_ids)).values(theme_id=theme.id)
                )
                created.append(theme)
            return [await self._view(s, t) for t in created]

    async def _theme(self, s: AsyncSession, actor: Actor, theme_id: int) -> EvidenceTheme:
        theme = await s.get(EvidenceTheme, theme_id)
        if theme is None:
            raise NotFound("There is no theme with that id.")
        await project_for(s, actor, theme.project_id, Permission.WRITE)
        return theme

    async def rename(self, actor: Actor, theme_id: int, data: ThemePatch) -> EvidenceThemeView:
        async with self.ctx.writing() as s:
            theme = await self._theme(s, actor, theme_id)
            theme.label = data.label
            return await self._view(s, theme)

    async def split(self, actor: Actor, theme_id: int, data: ThemeSplit) -> EvidenceThemeView:
        """Move some of a theme's statements into a new theme of the same segment."""
        async with self.ctx.writing() as s:
            theme = await self._theme(s, actor, theme_id)
            rows = (
                await s.execute(
                    select(Statement.id, Statement.text, Statement.language).where(
                        Statement.id.in_(data.statement_ids), Statement.theme_id == theme.id
                    )
                )
            ).all()
            if len(rows) != len(set(data.statement_ids)):
                raise InvalidInput.field("statement_ids", "Only statements of this theme can be split off.")
            label = (
                data.label or theme_label([r.text for r in rows], [r.language for r in rows]) or theme.label
            )
            new = EvidenceTheme(
                project_id=theme.project_id,
                segment=theme.segment,
                label=label[:120],
                created_at=self.ctx.now(),
            )
            s.add(new)
            await s.flush()
            await s.execute(
                update(Statement).where(Statement.id.in_(data.statement_ids)).values(theme_id=new.id)
            )
            return await self._view(s, new)

    async def merge(self, actor: Actor, theme_id: int, data: ThemeMerge) -> EvidenceThemeView:
        async with self.ctx.writing() as s:
            theme = await self._theme(s, actor, theme_id)
            into = await s.get(EvidenceTheme, data.into)
            if (
                into is None
                or into.id == theme.id
                or into.project_id != theme.project_id
                or into.segment != theme.segment
            ):
                raise InvalidInput.field("into", "Merge into another theme of the same segment and project.")
            await s.execute(update(Statement).where(Statement.theme_id == theme.id).values(theme_id=into.id))
            await s.delete(theme)
            return await self._view(s, into)

    async def delete(self, actor: Actor, theme_id: int) -> None:
        """Dissolve a theme; its statements stay, in no theme."""
        async with self.ctx.writing() as s:
            theme = await self._theme(s, actor, theme_id)
            await s.execute(update(Statement).where(Statement.theme_id == theme.id).values(theme_id=None))
            await s.delete(theme)
