"""Grouping in a workshop: named themes of notes within one segment, and merging duplicate notes so
that the note that stays keeps every author and source."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.errors import InvalidInput, NotFound
from empathy_studio.domain.roles import Permission
from empathy_studio.domain.values import NoteBasis
from empathy_studio.domain.views import ThemeView
from empathy_studio.persistence.tables import ActionNote, EmpathyMap, Note, Theme, Vote
from empathy_studio.services.access import map_for, visible_note
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.events import record
from empathy_studio.services.notes import snapshot, take_out
from empathy_studio.services.workshop_gate import gate, hides_authors
from empathy_studio.services.workshop_inputs import NoteGroup, NoteMerge, ThemeCreate, ThemePatch
from empathy_studio.services.workshop_view import theme_view


async def board_notes(
    s: AsyncSession, actor: Actor, board: EmpathyMap, role: Any, ids: Sequence[int]
) -> list[Note]:
    """The notes with these ids on this board, all of them on the board for everyone to see."""
    notes = list(await s.scalars(select(Note).where(Note.id.in_(ids), Note.map_id == board.id)))
    found = {n.id for n in notes if visible_note(n, actor, role)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound("There is no note with that id on this map.", details={"note_ids": missing})
    if any(n.private or n.hidden for n in notes):
        raise InvalidInput("Only notes on the board for everyone can be grouped.", code="note_off_board")
    return sorted(notes, key=lambda n: ids.index(n.id))


async def theme_on(s: AsyncSession, board: EmpathyMap, theme_id: int) -> Theme:
    theme = await s.get(Theme, theme_id)
    if theme is None or theme.map_id != board.id:
        raise NotFound("There is no theme with that id on this map.")
    return theme


def _one_segment(notes: Sequence[Note], segment: str | None = None) -> str:
    segments = {n.segment for n in notes} | ({segment} if segment else set())
    if len(segments) != 1:
        raise InvalidInput(
            "A theme groups notes of one segment. Move the note there first.", code="mixed_segments"
        )
    return segments.pop()


class Themes:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    async def _publish(self, board: EmpathyMap, events: list[dict[str, Any]]) -> None:
        await self.ctx.publisher.publish(board.id, events)

    async def create(
        self, actor: Actor, map_id: int, data: ThemeCreate, command_id: str | None = None
    ) -> ThemeView:
        async with self.ctx.writing() as s:
            board, _project, role = await map_for(s, actor, map_id, Permission.CONTRIBUTE, for_update=True)
            await gate(s, map_id, "theme.create")
            notes = await board_notes(s, actor, board, role, data.note_ids)
            theme = Theme(
                map_id=map_id,
                segment=_one_segment(notes),
                name=data.name,
                final=False,
                created_at=self.ctx.now(),
            )
            s.add(theme)
            await s.flush()
            for note in notes:
                note.theme_id = theme.id
            view = theme_view(theme)
            payload = {"theme": view.model_dump(mode="json"), "note_ids": [n.id for n in notes]}
            event = await record(
                s,
                board,
                "theme.created",
                f"theme:{theme.id}",
                actor,
                payload,
                self.ctx.now(),
                undoable=False,
                command_id=command_id,
            )
        await self._publish(board, [event])
        return view

    async def rename(
        self, actor: Actor, map_id: int, data: ThemePatch, command_id: str | None = None
    ) -> ThemeView:
        async with self.ctx.writing() as s:
            board, _project, _role = await map_for(s, actor, map_id, Permission.CONTRIBUTE, for_update=True)
            await gate(s, map_id, "theme.update")
            theme = await theme_on(s, board, data.theme_id)
            theme.name = data.name
            view = theme_view(theme)
            event = await record(
                s,
                board,
                "theme.updated",
                f"theme:{theme.id}",
                actor,
                {"theme": view.model_dump(mode="json")},
                self.ctx.now(),
                undoable=False,
                command_id=command_id,
            )
        await self._publish(board, [event])
        return view

    async def delete(self, actor: Actor, map_id: int, theme_id: int, command_id: str | None = None) -> None:
        """Dissolve a theme; its notes stay where they are, ungrouped."""
        async with self.ctx.writing() as s:
            board, _project, _role = await map_for(s, actor, map_id, Permission.CONTRIBUTE, for_update=True)
            await gate(s, map_id, "theme.delete")
            theme = await theme_on(s, board, theme_id)
            note_ids = list(await s.scalars(select(Note.id).where(Note.theme_id == theme.id)))
            await s.execute(update(Note).where(Note.theme_id == theme.id).values(theme_id=None))
            await s.delete(theme)
            event = await record(
                s,
                board,
                "theme.deleted",
                f"theme:{theme_id}",
                actor,
                {"theme_id": theme_id, "note_ids": note_ids},
                self.ctx.now(),
                undoable=False,
                command_id=command_id,
            )
        await self._publish(board, [event])

    async def group(
        self, actor: Actor, map_id: int, data: NoteGroup, command_id: str | None = None
    ) -> dict[str, Any]:
        """Put a note into a theme (or take it out with ``theme_id`` None)."""
        async with self.ctx.writing() as s:
            board, _project, role = await map_for(s, actor, map_id, Permission.CONTRIBUTE, for_update=True)
            session = await gate(s, map_id, "note.group")
            (note,) = await board_notes(s, actor, board, role, [data.note_id])
            if data.theme_id is not None:
                theme = await theme_on(s, board, data.theme_id)
                _one_segment([note], theme.segment)
            note.theme_id = data.theme_id
            note.updated_at = self.ctx.now()
            after = snapshot(note)
            event = await record(
                s,
                board,
                "note.grouped",
                f"note:{note.id}",
                actor,
                {"note": after},
                self.ctx.now(),
                undoable=False,
                command_id=command_id,
                anonymous=hides_authors(session),
            )
        await self._publish(board, [event])
        return after

    async def merge(
        self, actor: Actor, map_id: int, data: NoteMerge, command_id: str | None = None
    ) -> dict[str, Any]:
        """Fold duplicates into one note. The others disappear from the board, but their text, source and
        author stay on the note that remains; their votes and action links move to it."""
        if data.note_id in data.others:
            raise InvalidInput.field("others", "A note cannot be merged into itself.")
        async with self.ctx.writing() as s:
            board, _project, role = await map_for(s, actor, map_id, Permission.CONTRIBUTE, for_update=True)
            session = await gate(s, map_id, "note.merge")
            keep, *others = await board_notes(s, actor, board, role, [data.note_id, *data.others])
            merged = list(keep.merged_from or [])
            sources = [keep.source] if keep.source else []
            for other in others:
                merged.append(
                    {
                        "text": other.text,
                        "source": other.source,
                        "author_id": other.author_id,
                        "author_name": other.author_name,
                    }
                )
                merged.extend(other.merged_from or [])
                if other.source and other.source not in sources:
                    sources.append(other.source)
                if other.basis == NoteBasis.EVIDENCE.value:
                    keep.basis = NoteBasis.EVIDENCE.value
            keep.merged_from = merged
            keep.source = "; ".join(sources)[: self.ctx.settings.max_source_length]
            other_ids = [o.id for o in others]
            await _move_links(s, keep.id, other_ids)
            for other in sorted(others, key=lambda n: -n.position):
                await take_out(s, other)
                await s.delete(other)
            keep.version += 1
            keep.updated_at = self.ctx.now()
            await s.flush()
            payload = {"note": snapshot(keep), "removed": other_ids, "resync": True}
            event = await record(
                s,
                board,
                "note.merged",
                f"note:{keep.id}",
                actor,
                payload,
                self.ctx.now(),
                undoable=False,
                command_id=command_id,
                anonymous=hides_authors(session),
            )
        await self._publish(board, [event])
        return payload["note"]  # type: ignore[return-value]


async def _move_links(s: AsyncSession, keep_id: int, other_ids: list[int]) -> None:
    linked = set(await s.scalars(select(ActionNote.action_id).where(ActionNote.note_id == keep_id)))
    for link in list(await s.scalars(select(ActionNote).where(ActionNote.note_id.in_(other_ids)))):
        if link.action_id not in linked:
            s.add(ActionNote(action_id=link.action_id, note_id=keep_id))
            linked.add(link.action_id)
    await s.execute(update(Vote).where(Vote.note_id.in_(other_ids)).values(note_id=keep_id))
