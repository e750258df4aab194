"""Undo: reverses the caller's own most recent change on a map, using the board's event log.

Only changes the caller made can be undone, newest first. When someone else has changed the same note
or action since, the step is dropped from the caller's history and reported as a conflict, so undo never
overwrites another person's work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.errors import Conflict
from empathy_studio.domain.roles import Permission
from empathy_studio.domain.views import ActionView, NoteView, UndoResult
from empathy_studio.persistence.tables import Action, ActionNote, BoardEvent, EmpathyMap, Note
from empathy_studio.services.access import map_for
from empathy_studio.services.actions import action_snapshot
from empathy_studio.services.board_view import map_detail
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.events import record
from empathy_studio.services.notes import note_audience, place, snapshot, take_out
from empathy_studio.services.workshop_gate import gate

NOTE_FIELDS = ("text", "color", "basis", "source")
ACTION_FIELDS = ("title", "description", "owner_id", "due_date", "status")
CHANGED_BY_OTHERS = "Someone else changed this since, so it was left as it is."


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


class Undo:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    async def undo_last(self, actor: Actor, map_id: int, command_id: str | None = None) -> UndoResult:
        async with self.ctx.writing() as s:
            board, _project, _role = await map_for(s, actor, map_id, Permission.CONTRIBUTE, for_update=True)
            await gate(s, map_id, "undo")
            last = await s.scalar(
                select(BoardEvent)
                .where(
                    BoardEvent.map_id == map_id,
                    BoardEvent.actor_id == actor.user_id,
                    BoardEvent.undoable.is_(True),
                    BoardEvent.undone.is_(False),
                )
                .order_by(BoardEvent.seq.desc())
                .limit(1)
            )
            if last is None or await _undone_since(s, last) >= self.ctx.settings.undo_depth:
                raise Conflict("There is nothing of yours left to undo on this map.", code="nothing_to_undo")
            last.undone = True
            stale = await _touched_by_others_since(s, last)
            if not stale:
                description, event = await self._reverse(s, board, actor, last, command_id)
        if stale:  # the step was dropped from the history (committed above); say why
            raise Conflict(CHANGED_BY_OTHERS, code="undo_conflict")
        await self.ctx.publisher.publish(map_id, [event])
        async with self.ctx.sessions() as s:
            board, project, role = await map_for(s, actor, map_id, Permission.READ)
            return UndoResult(undone=description, map=await map_detail(s, board, project, role, actor))

    async def _reverse(
        self, s: AsyncSession, board: EmpathyMap, actor: Actor, event: BoardEvent, command_id: str | None
    ) -> tuple[str, dict[str, Any]]:
        now = self.ctx.now()
        audience = None
        if event.kind.startswith("note."):
            description, kind, payload = await self._reverse_note(s, event, now)
            audience = note_audience(NoteView.model_validate(payload["note"]))
        else:
            description, kind, payload = await self._reverse_action(s, event, now)
        out = await record(
            s,
            board,
            kind,
            event.subject,
            actor,
            payload,
            now,
            undoable=False,
            command_id=command_id,
            audience=audience,
        )
        return description, out

    async def _reverse_note(
        self, s: AsyncSession, event: BoardEvent, now: datetime
    ) -> tuple[str, str, dict[str, Any]]:
        after = NoteView.model_validate(event.payload["note"])
        label = _short(after.text)
        if event.kind == "note.deleted":
            restored, linked = await self._restore_note(s, after, event.payload.get("action_ids", []), now)
            payload = {"note": snapshot(restored), "action_ids": linked}
            return f"Brought back the note “{label}”.", "note.created", payload
        found = await s.get(Note, after.id)
        assert found is not None  # nobody else touched it, and our own later steps are undone
        note = found
        if event.kind == "note.created":
            gone = snapshot(note)
            await take_out(s, note)
            await s.delete(note)
            return f"Removed the note “{label}” again.", "note.deleted", {"note": gone}
        if event.kind == "note.moved":
            await take_out(s, note)
            await place(s, note, event.payload["before"]["segment"], event.payload["before"]["position"])
            await s.flush()
            return f"Moved the note “{label}” back.", "note.moved", {"note": snapshot(note)}
        before = NoteView.model_validate(event.payload["before"])
        for name in NOTE_FIELDS:
            setattr(note, name, getattr(before, name))
        note.version += 1
        note.updated_at = now
        return f"Restored the note “{_short(note.text)}”.", "note.updated", {"note": snapshot(note)}

    async def _restore_note(
        self, s: AsyncSession, view: NoteView, action_ids: list[int], now: datetime
    ) -> tuple[Note, list[int]]:
        note = Note(
            id=view.id,
            map_id=view.map_id,
            segment=view.segment,
            position=-1,
            author_id=view.author_id,
            author_name=view.author_name,
            private=view.private,
            hidden=view.hidden,
            final=view.final,
            merged_from=[m.model_dump() for m in view.merged],
            version=view.version + 1,
            created_at=view.created_at,
            updated_at=now,
            **{name: getattr(view, name) for name in NOTE_FIELDS},
        )
        if not (view.private or view.hidden):
            await place(s, note, view.segment, view.position)
        s.add(note)
        await s.flush()
        existing = list(await s.scalars(select(Action.id).where(Action.id.in_(action_ids))))
        s.add_all(ActionNote(action_id=a, note_id=note.id) for a in existing)
        return note, existing

    async def _reverse_action(
        self, s: AsyncSession, event: BoardEvent, now: datetime
    ) -> tuple[str, str, dict[str, Any]]:
        after = ActionView.model_validate(event.payload["action"])
        if event.kind == "action.deleted":
            action = Action(
                id=after.id,
                map_id=after.map_id,
                created_at=after.created_at,
                updated_at=now,
                **{name: getattr(after, name) for name in ACTION_FIELDS},
            )
            s.add(action)
            await s.flush()
            await _relink(s, action, after.note_ids)
            snap = await action_snapshot(s, action)
            return f"Brought back the action “{_short(after.title)}”.", "action.created", {"action": snap}
        found = await s.get(Action, after.id)
        assert found is not None
        if event.kind == "action.created":
            await s.delete(found)
            return f"Removed the action “{_short(after.title)}” again.", "action.deleted", event.payload
        before = ActionView.model_validate(event.payload["before"])
        for name in ACTION_FIELDS:
            setattr(found, name, getattr(before, name))
        found.updated_at = now
        await _relink(s, found, before.note_ids)
        snap = await action_snapshot(s, found)
        return f"Restored the action “{_short(before.title)}”.", "action.updated", {"action": snap}


async def _undone_since(s: AsyncSession, event: BoardEvent) -> int:
    """How many of the actor's later steps are already undone: the depth reached so far."""
    count = await s.scalar(
        select(func.count())
        .select_from(BoardEvent)
        .where(
            BoardEvent.map_id == event.map_id,
            BoardEvent.actor_id == event.actor_id,
            BoardEvent.undone.is_(True),
            BoardEvent.seq > event.seq,
        )
    )
    return count or 0


async def _touched_by_others_since(s: AsyncSession, event: BoardEvent) -> bool:
    other = await s.scalar(
        select(BoardEvent.id)
        .where(
            BoardEvent.map_id == event.map_id,
            BoardEvent.subject == event.subject,
            BoardEvent.seq > event.seq,
            (BoardEvent.actor_id != event.actor_id) | BoardEvent.actor_id.is_(None),
        )
        .limit(1)
    )
    return other is not None


async def _relink(s: AsyncSession, action: Action, note_ids: list[int]) -> None:
    await s.execute(delete(ActionNote).where(ActionNote.action_id == action.id))
    existing = await s.scalars(select(Note.id).where(Note.id.in_(note_ids), Note.map_id == action.map_id))
    s.add_all(ActionNote(action_id=action.id, note_id=n) for n in existing)
