"""Marks a workshop puts on notes and themes: hidden by the facilitator, part of the final map."""

from __future__ import annotations

from typing import Any

from empathy_studio.domain.roles import Permission
from empathy_studio.services.access import map_for, note_for
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.events import record
from empathy_studio.services.notes import place, snapshot, take_out
from empathy_studio.services.themes import theme_on
from empathy_studio.services.workshop_gate import gate
from empathy_studio.services.workshop_inputs import FinalMark, NoteHide
from empathy_studio.services.workshop_view import theme_view


class NoteMarks:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    async def hide(
        self, actor: Actor, map_id: int, data: NoteHide, command_id: str | None = None
    ) -> dict[str, Any]:
        """Take a note off the board for everyone but the facilitators (off-topic, too personal), or put
        it back at the end of its segment. Works before and after the reveal, in any phase."""
        async with self.ctx.writing() as s:
            note, board, _role = await note_for(s, actor, data.note_id, Permission.FACILITATE, map_id)
            if note.hidden != data.hidden:
                if data.hidden:
                    await take_out(s, note)
                    note.hidden = True
                    note.theme_id = None
                else:
                    note.hidden = False
                    await place(s, note, note.segment, None)
                note.version += 1
                note.updated_at = self.ctx.now()
                await s.flush()
            after = snapshot(note)
            # Everyone learns the note left (by id only); its content goes only to who may see it.
            payload: dict[str, Any] = {"note_id": note.id, "hidden": True} if note.hidden else {"note": after}
            event = await record(
                s,
                board,
                "note.hidden" if note.hidden else "note.shown",
                f"note:{note.id}",
                actor,
                payload,
                self.ctx.now(),
                undoable=False,
                command_id=command_id,
            )
        await self.ctx.publisher.publish(map_id, [event])
        return after

    async def mark_final(
        self, actor: Actor, map_id: int, data: FinalMark, command_id: str | None = None
    ) -> dict[str, Any]:
        async with self.ctx.writing() as s:
            if data.note_id is not None:
                note, board, _role = await note_for(s, actor, data.note_id, Permission.WRITE, map_id)
                await gate(s, map_id, "note.select")
                note.final = data.final
                kind, subject, payload = "note.selected", f"note:{note.id}", {"note": snapshot(note)}
            else:
                board, _project, _role = await map_for(s, actor, map_id, Permission.WRITE, for_update=True)
                await gate(s, map_id, "theme.select")
                theme = await theme_on(s, board, data.theme_id or 0)
                theme.final = data.final
                view = theme_view(theme).model_dump(mode="json")
                kind, subject, payload = "theme.selected", f"theme:{theme.id}", {"theme": view}
            event = await record(
                s, board, kind, subject, actor, payload, self.ctx.now(), undoable=False, command_id=command_id
            )
        await self.ctx.publisher.publish(map_id, [event])
        return payload
