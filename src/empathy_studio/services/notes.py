"""Sticky notes on a map: add, edit, move between segments and within one, delete."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.errors import Conflict, InvalidInput, LimitExceeded
from empathy_studio.domain.roles import Permission
from empathy_studio.domain.templates import has_segment, segments_of
from empathy_studio.domain.views import NoteView
from empathy_studio.domain.visibility import FACILITATORS, only_for
from empathy_studio.domain.workshop import Phase
from empathy_studio.persistence.tables import ActionNote, EmpathyMap, Note
from empathy_studio.services.access import map_for, note_for
from empathy_studio.services.board_view import note_view
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.events import record
from empathy_studio.services.inputs import NoteCreate, NoteMove, NotePatch
from empathy_studio.services.workshop_gate import gate, hides_authors, phase_of


def snapshot(note: Note) -> dict[str, Any]:
    return note_view(note).model_dump(mode="json")


def note_audience(note: Note | NoteView) -> str | None:
    """Who may see events about this note: its author while private, facilitators while hidden."""
    if note.private:
        return only_for(note.author_id or 0)
    return FACILITATORS if note.hidden else None


def check_segment(board: EmpathyMap, segment: str) -> None:
    if not has_segment(board.template, segment):
        allowed = ", ".join(segments_of(board.template))
        raise InvalidInput.field("segment", f"Unknown segment '{segment}'. This map has: {allowed}.")


async def segment_size(s: AsyncSession, map_id: int, segment: str) -> int:
    count = await s.scalar(
        select(func.count())
        .select_from(Note)
        .where(Note.map_id == map_id, Note.segment == segment, Note.position >= 0)
    )
    return count or 0


async def open_gap(s: AsyncSession, map_id: int, segment: str, index: int) -> None:
    await s.execute(
        update(Note)
        .where(Note.map_id == map_id, Note.segment == segment, Note.position >= index)
        .values(position=Note.position + 1)
    )


async def close_gap(s: AsyncSession, map_id: int, segment: str, index: int) -> None:
    await s.execute(
        update(Note)
        .where(Note.map_id == map_id, Note.segment == segment, Note.position > index)
        .values(position=Note.position - 1)
    )


async def place(s: AsyncSession, note: Note, segment: str, index: int | None) -> None:
    """Put ``note`` (not yet counted in ``segment``) at ``index`` there, or at the end. A private or
    hidden note stays off the ordering (position -1) and only changes segment."""
    if note.private or note.hidden:
        note.segment, note.position = segment, -1
        return
    size = await segment_size(s, note.map_id, segment)
    position = size if index is None else min(index, size)
    await open_gap(s, note.map_id, segment, position)
    note.segment, note.position = segment, position


async def take_out(s: AsyncSession, note: Note) -> None:
    """Remove ``note`` from the ordering of its segment (it then sits at position -1)."""
    old_position = note.position
    if old_position < 0:  # private or hidden: not in the ordering anyway
        return
    note.position = -1
    await s.flush()
    await close_gap(s, note.map_id, note.segment, old_position)


class Notes:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def _check_text(self, text: str | None, source: str | None) -> None:
        limits = self.ctx.settings
        if text is not None and not text:
            raise InvalidInput.field("text", "A note needs some text.")
        if text is not None and len(text) > limits.max_note_length:
            raise InvalidInput(
                f"A note can hold at most {limits.max_note_length} characters; this one has {len(text)}.",
                code="note_too_long",
                details={
                    "fields": [{"field": "text", "message": f"At most {limits.max_note_length} characters."}]
                },
            )
        if source is not None and len(source) > limits.max_source_length:
            raise InvalidInput.field(
                "source", f"A source can hold at most {limits.max_source_length} characters."
            )

    def check_patch(self, data: NotePatch) -> set[str]:
        """Refuse an edit that could never apply; hand back the names of the fields it changes."""
        given = data.model_fields_set - {"version"}
        for name in given:
            if getattr(data, name) is None:
                raise InvalidInput.field(name, "This field cannot be empty.")
        self._check_text(data.text if "text" in given else None, data.source if "source" in given else None)
        return given

    async def create(
        self, actor: Actor, map_id: int, data: NoteCreate, command_id: str | None = None
    ) -> NoteView:
        self._check_text(data.text, data.source)
        async with self.ctx.writing() as s:
            board, _, _ = await map_for(s, actor, map_id, Permission.CONTRIBUTE, for_update=True)
            check_segment(board, data.segment)
            session = await gate(s, map_id, "note.create")
            brainstorming = phase_of(session) == Phase.BRAINSTORM
            if (
                brainstorming
                and session is not None
                and session.one_segment_at_a_time
                and session.focus_segment not in (None, data.segment)
            ):
                raise InvalidInput(
                    "The group is writing for one segment at a time; add this note there.",
                    code="wrong_segment",
                    details={"segment": session.focus_segment},
                )
            total = await s.scalar(select(func.count()).select_from(Note).where(Note.map_id == map_id))
            if (total or 0) >= self.ctx.settings.max_notes_per_map:
                raise LimitExceeded(
                    f"A map can hold at most {self.ctx.settings.max_notes_per_map} notes.", code="map_full"
                )
            now = self.ctx.now()
            note = Note(
                map_id=map_id,
                segment=data.segment,
                position=-1,
                text=data.text,
                color=data.color.value,
                basis=data.basis.value,
                source=data.source,
                author_id=actor.user_id,
                author_name=actor.display_name,
                version=1,
                private=brainstorming,  # revealed to the others when the facilitator says so
                hidden=False,
                final=False,
                merged_from=[],
                created_at=now,
                updated_at=now,
            )
            if not brainstorming:
                await place(s, note, data.segment, data.index)
            s.add(note)
            await s.flush()
            event = await record(
                s,
                board,
                "note.created",
                f"note:{note.id}",
                actor,
                {"note": snapshot(note)},
                now,
                command_id=command_id,
                audience=note_audience(note),
                anonymous=hides_authors(session),
            )
            view = note_view(note)
        await self.ctx.publisher.publish(map_id, [event])
        return view

    async def update(
        self,
        actor: Actor,
        note_id: int,
        data: NotePatch,
        command_id: str | None = None,
        on_map: int | None = None,
    ) -> NoteView:
        given = self.check_patch(data)
        async with self.ctx.writing() as s:
            note, board, _role = await note_for(s, actor, note_id, Permission.CONTRIBUTE, on_map)
            session = await gate(s, board.id, "note.update")
            if note.version != data.version:
                raise Conflict(
                    "Someone else changed this note while you were editing it.",
                    code="edit_conflict",
                    details={"current": snapshot(note)},
                )
            before = snapshot(note)
            for name in given:
                value = getattr(data, name)
                setattr(note, name, getattr(value, "value", value))
            now = self.ctx.now()
            note.version += 1
            note.updated_at = now
            after = snapshot(note)
            event = await record(
                s,
                board,
                "note.updated",
                f"note:{note.id}",
                actor,
                {"before": before, "note": after},
                now,
                command_id=command_id,
                audience=note_audience(note),
                anonymous=hides_authors(session),
            )
        await self.ctx.publisher.publish(board.id, [event])
        return note_view(note)

    async def move(
        self,
        actor: Actor,
        note_id: int,
        data: NoteMove,
        command_id: str | None = None,
        on_map: int | None = None,
    ) -> NoteView:
        async with self.ctx.writing() as s:
            note, board, _role = await note_for(s, actor, note_id, Permission.CONTRIBUTE, on_map)
            check_segment(board, data.segment)
            session = await gate(s, board.id, "note.move")
            before = {"segment": note.segment, "position": note.position}
            if note.segment != data.segment:
                note.theme_id = None  # a theme lives within one segment
            if note.position < 0:  # off the board (private or hidden): only its segment changes
                note.segment = data.segment
            else:
                await take_out(s, note)
                await place(s, note, data.segment, data.index)
            now = self.ctx.now()
            note.updated_at = now
            await s.flush()
            payload = {"before": before, "note": snapshot(note)}
            event = await record(
                s,
                board,
                "note.moved",
                f"note:{note.id}",
                actor,
                payload,
                now,
                command_id=command_id,
                audience=note_audience(note),
                anonymous=hides_authors(session),
            )
        await self.ctx.publisher.publish(board.id, [event])
        return note_view(note)

    async def delete(
        self, actor: Actor, note_id: int, command_id: str | None = None, on_map: int | None = None
    ) -> None:
        async with self.ctx.writing() as s:
            note, board, _role = await note_for(s, actor, note_id, Permission.CONTRIBUTE, on_map)
            session = await gate(s, board.id, "note.delete")
            audience = note_audience(note)
            action_ids = list(
                await s.scalars(select(ActionNote.action_id).where(ActionNote.note_id == note_id))
            )
            payload = {"note": snapshot(note), "action_ids": action_ids}
            await take_out(s, note)
            await s.delete(note)
            event = await record(
                s,
                board,
                "note.deleted",
                f"note:{note.id}",
                actor,
                payload,
                self.ctx.now(),
                command_id=command_id,
                audience=audience,
                anonymous=hides_authors(session),
            )
        await self.ctx.publisher.publish(board.id, [event])
