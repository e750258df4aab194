"""Customer statements behind sticky notes: a note made from a theme or statements, statements attached
to or taken off a note, the evidence of one note, and how well each segment of a map is backed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.errors import Forbidden, InvalidInput, NotFound
from empathy_studio.domain.evidence_views import SegmentBacking, StatementView
from empathy_studio.domain.roles import Permission, allows
from empathy_studio.domain.templates import segments_of
from empathy_studio.domain.values import Role
from empathy_studio.domain.views import NoteView
from empathy_studio.persistence.tables import (
    EmpathyMap,
    EvidenceTheme,
    FeedbackItem,
    Note,
    NoteEvidence,
    Statement,
)
from empathy_studio.services.access import map_for, note_for
from empathy_studio.services.board_view import note_view
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.events import record
from empathy_studio.services.inputs import Id, Input, NoteCreate
from empathy_studio.services.notes import Notes, note_audience, snapshot
from empathy_studio.services.statements import statement_view

MAX_LINKED = 5000


class EvidenceNoteCreate(Input):
    theme_id: Id | None = None
    statement_ids: list[Id] = Field(default_factory=list, max_length=MAX_LINKED)
    segment: str | None = Field(None, max_length=20)  # default: the theme's or the statements' segment
    text: str | None = Field(None, min_length=1)  # default: the theme's label or the statement


class EvidenceLinks(Input):
    statement_ids: list[Id] = Field(min_length=1, max_length=MAX_LINKED)


async def _statements_of(s: AsyncSession, project_id: int, ids: list[int]) -> list[Statement]:
    found = (
        await s.scalars(select(Statement).where(Statement.id.in_(ids), Statement.project_id == project_id))
    ).all()
    if len(found) != len(set(ids)):
        raise InvalidInput.field("statement_ids", "Some statements are not in this map's project.")
    return list(found)


async def _link(s: AsyncSession, note: Note, statement_ids: list[int], now: datetime) -> int:
    linked = set(
        (await s.scalars(select(NoteEvidence.statement_id).where(NoteEvidence.note_id == note.id))).all()
    )
    new = [i for i in dict.fromkeys(statement_ids) if i not in linked]
    for statement_id in new:
        s.add(NoteEvidence(note_id=note.id, statement_id=statement_id, created_at=now))
    await s.flush()
    return len(new)


def _members_only(role: Role, permission: Permission, what: str) -> None:
    """Customer evidence is the workspace's: a guest on the map does not learn it exists."""
    if role == Role.GUEST:
        raise NotFound(f"There is no {what} with that id.")
    if not allows(role, permission):
        raise Forbidden(f"Your role ({role.value}) does not let you change the evidence of this {what}.")


class NoteEvidenceService:
    def __init__(self, ctx: ServiceContext, notes: Notes):
        self.ctx = ctx
        self.notes = notes

    async def create_note(self, actor: Actor, map_id: int, data: EvidenceNoteCreate) -> NoteView:
        """A sticky note that says what a theme (or some statements) shows, with them linked as evidence."""
        async with self.ctx.sessions() as s:
            board, project, role = await map_for(s, actor, map_id, Permission.READ)
            _members_only(role, Permission.WRITE, "map")
            if data.theme_id is None and not data.statement_ids:
                raise InvalidInput.field("theme_id", "Choose a theme or some statements.")
            ids = list(data.statement_ids)
            text, segment = data.text, data.segment
            if data.theme_id is not None:
                theme = await s.get(EvidenceTheme, data.theme_id)
                if theme is None or theme.project_id != project.id:
                    raise InvalidInput.field("theme_id", "There is no such theme in this map's project.")
                ids += list(
                    (await s.scalars(select(Statement.id).where(Statement.theme_id == theme.id))).all()
                )
                text, segment = text or theme.label, segment or theme.segment
            statements = await _statements_of(s, project.id, ids)
            if not statements:
                raise InvalidInput.field("theme_id", "The theme holds no statements.")
            text = text or statements[0].text
            segment = segment or statements[0].segment
            if segment not in segments_of(board.template):
                raise InvalidInput.field("segment", "Choose a segment of this map for the note.")
        source = f"{len(statements)} customer statements" if len(statements) > 1 else "1 customer statement"
        limit = self.ctx.settings.max_note_length
        view = await self.notes.create(
            actor,
            map_id,
            NoteCreate.model_validate(
                {"segment": segment, "text": text[:limit], "basis": "evidence", "source": source}
            ),
        )
        return await self.attach(actor, view.id, EvidenceLinks(statement_ids=ids))

    async def attach(self, actor: Actor, note_id: int, data: EvidenceLinks) -> NoteView:
        async with self.ctx.writing() as s:
            note, board, role = await note_for(s, actor, note_id, Permission.READ)
            _members_only(role, Permission.WRITE, "note")
            await _statements_of(s, board.project_id, data.statement_ids)
            before = snapshot(note)
            now = self.ctx.now()
            await _link(s, note, data.statement_ids, now)
            event = await self._counted(s, board, note, actor, before, now)
            view = note_view(note)
        await self.ctx.publisher.publish(board.id, [event])
        return view

    async def detach(self, actor: Actor, note_id: int, statement_id: int) -> NoteView:
        async with self.ctx.writing() as s:
            note, board, role = await note_for(s, actor, note_id, Permission.READ)
            _members_only(role, Permission.WRITE, "note")
            before = snapshot(note)
            gone = await s.execute(
                delete(NoteEvidence).where(
                    NoteEvidence.note_id == note.id, NoteEvidence.statement_id == statement_id
                )
            )
            if not gone.rowcount:  # type: ignore[attr-defined]
                return note_view(note)  # not linked (any more): nothing to do
            event = await self._counted(s, board, note, actor, before, self.ctx.now())
            view = note_view(note)
        await self.ctx.publisher.publish(board.id, [event])
        return view

    async def _counted(
        self,
        s: AsyncSession,
        board: EmpathyMap,
        note: Note,
        actor: Actor,
        before: dict[str, Any],
        now: datetime,
    ) -> dict[str, Any]:
        note.evidence_count = (
            await s.scalar(
                select(func.count()).select_from(NoteEvidence).where(NoteEvidence.note_id == note.id)
            )
        ) or 0
        if note.evidence_count:
            note.basis = "evidence"  # backed by what customers said
        note.version += 1
        note.updated_at = now
        return await record(
            s,
            board,
            "note.updated",
            f"note:{note.id}",
            actor,
            {"before": before, "note": snapshot(note)},
            now,
            undoable=False,  # the links live outside the note; undo restores note fields only
            audience=note_audience(note),
        )

    async def of_note(self, actor: Actor, note_id: int) -> list[StatementView]:
        async with self.ctx.sessions() as s:
            note, _, role = await note_for(s, actor, note_id, Permission.READ)
            _members_only(role, Permission.READ, "note")
            rows = (
                await s.execute(
                    select(Statement, FeedbackItem)
                    .join(NoteEvidence, NoteEvidence.statement_id == Statement.id)
                    .join(FeedbackItem, FeedbackItem.id == Statement.item_id)
                    .where(NoteEvidence.note_id == note.id)
                    .order_by(Statement.id)
                )
            ).all()
            return [statement_view(st, it) for st, it in rows]

    async def backing(self, actor: Actor, map_id: int) -> list[SegmentBacking]:
        async with self.ctx.sessions() as s:
            board, project, role = await map_for(s, actor, map_id, Permission.READ)
            _members_only(role, Permission.READ, "map")
            statements = dict(
                (
                    await s.execute(
                        select(Statement.segment, func.count())
                        .where(Statement.project_id == project.id)
                        .group_by(Statement.segment)
                    )
                ).all()
            )
            visible = (Note.map_id == board.id, Note.private.is_(False), Note.hidden.is_(False))
            notes = dict(
                (
                    await s.execute(select(Note.segment, func.count()).where(*visible).group_by(Note.segment))
                ).all()
            )
            backed = dict(
                (
                    await s.execute(
                        select(Note.segment, func.count())
                        .where(*visible, Note.evidence_count > 0)
                        .group_by(Note.segment)
                    )
                ).all()
            )
        return [
            SegmentBacking(
                segment=segment,
                statements=statements.get(segment, 0),
                notes=notes.get(segment, 0),
                backed_notes=backed.get(segment, 0),
            )
            for segment in segments_of(board.template)
        ]
