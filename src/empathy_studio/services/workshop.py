"""Running a facilitated workshop on a map: start it, move through its phases, set the timer and the
segment in focus, change its settings, end it and keep its record. Only facilitators (and owners) do
these; every change is a board event, so all participants follow along live."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.errors import Conflict, InvalidInput
from empathy_studio.domain.roles import Permission
from empathy_studio.domain.views import SessionRecord
from empathy_studio.domain.workshop import PHASES, Phase, check_step
from empathy_studio.persistence.tables import EmpathyMap, Note, WorkshopSession
from empathy_studio.services.access import map_for
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.events import record
from empathy_studio.services.notes import check_segment, place
from empathy_studio.services.workshop_gate import running_session
from empathy_studio.services.workshop_inputs import FocusSet, PhaseChange, SessionSettings, TimerSet
from empathy_studio.services.workshop_record import summarise

DEFAULTS = SessionSettings(
    anonymous=True, vote_budget=5, one_vote_per_note=False, named_votes=False, one_segment_at_a_time=False
)
VOTE_SETTINGS = ("vote_budget", "one_vote_per_note", "named_votes")


def _state(session: WorkshopSession) -> dict[str, Any]:
    return {
        "id": session.id,
        "phase": session.phase,
        "anonymous": session.anonymous,
        "vote_budget": session.vote_budget,
        "one_vote_per_note": session.one_vote_per_note,
        "named_votes": session.named_votes,
        "one_segment_at_a_time": session.one_segment_at_a_time,
        "focus_segment": session.focus_segment,
        "timer_ends_at": session.timer_ends_at.isoformat() if session.timer_ends_at else None,
    }


async def reveal_all(s: AsyncSession, map_id: int) -> int:
    """Put every unrevealed brainstorm note on the board, at the end of its segment, oldest first."""
    waiting = list(
        await s.scalars(
            select(Note)
            .where(Note.map_id == map_id, Note.private.is_(True))
            .order_by(Note.created_at, Note.id)
        )
    )
    for note in waiting:
        note.private = False
        await place(s, note, note.segment, None)
        await s.flush()
    return len(waiting)


class Workshop:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    async def _running(
        self, s: AsyncSession, actor: Actor, map_id: int
    ) -> tuple[EmpathyMap, WorkshopSession]:
        board, _project, _role = await map_for(s, actor, map_id, Permission.FACILITATE, for_update=True)
        session = await running_session(s, map_id)
        if session is None:
            raise Conflict("No workshop session is running on this map.", code="no_session")
        return board, session

    async def start(
        self, actor: Actor, map_id: int, settings: SessionSettings, command_id: str | None = None
    ) -> dict[str, Any]:
        chosen = DEFAULTS.model_copy(update=settings.model_dump(exclude_none=True))
        async with self.ctx.writing() as s:
            board, _project, _role = await map_for(s, actor, map_id, Permission.FACILITATE, for_update=True)
            if await running_session(s, map_id) is not None:
                raise Conflict("A workshop session is already running on this map.", code="session_running")
            now = self.ctx.now()
            session = WorkshopSession(
                map_id=map_id,
                phase=Phase.FRAME.value,
                started_by=actor.user_id,
                started_at=now,
                **chosen.model_dump(),
            )
            s.add(session)
            await s.flush()
            state = _state(session)
            event = await record(
                s,
                board,
                "session.started",
                f"session:{session.id}",
                actor,
                {"session": state, "resync": True},
                now,
                undoable=False,
                command_id=command_id,
            )
        await self.ctx.publisher.publish(map_id, [event])
        return state

    async def change_phase(
        self, actor: Actor, map_id: int, data: PhaseChange, command_id: str | None = None
    ) -> dict[str, Any]:
        async with self.ctx.writing() as s:
            board, session = await self._running(s, actor, map_id)
            current = Phase(session.phase)
            check_step(current, data.phase)
            revealed = 0
            if PHASES.index(data.phase) > PHASES.index(Phase.BRAINSTORM) >= PHASES.index(current):
                revealed = await reveal_all(s, map_id)
            session.phase = data.phase.value
            session.timer_ends_at = None  # each phase gets its own time box
            state = _state(session)
            payload = {"session": state, "from": current.value, "revealed": revealed, "resync": True}
            event = await record(
                s,
                board,
                "session.phase",
                f"session:{session.id}",
                actor,
                payload,
                self.ctx.now(),
                undoable=False,
                command_id=command_id,
            )
        await self.ctx.publisher.publish(map_id, [event])
        return state

    async def configure(
        self, actor: Actor, map_id: int, data: SessionSettings, command_id: str | None = None
    ) -> dict[str, Any]:
        changes = data.model_dump(exclude_none=True)
        async with self.ctx.writing() as s:
            board, session = await self._running(s, actor, map_id)
            if session.phase == Phase.VOTE.value and any(k in changes for k in VOTE_SETTINGS):
                raise InvalidInput(
                    "The voting rules are fixed while the votes are cast. Step back a phase to change them.",
                    code="wrong_phase",
                )
            for name, value in changes.items():
                setattr(session, name, value)
            state = _state(session)
            event = await record(
                s,
                board,
                "session.updated",
                f"session:{session.id}",
                actor,
                {"session": state, "resync": True},
                self.ctx.now(),
                undoable=False,
                command_id=command_id,
            )
        await self.ctx.publisher.publish(map_id, [event])
        return state

    async def set_timer(
        self, actor: Actor, map_id: int, data: TimerSet, command_id: str | None = None
    ) -> dict[str, Any]:
        async with self.ctx.writing() as s:
            board, session = await self._running(s, actor, map_id)
            now = self.ctx.now()
            session.timer_ends_at = now + timedelta(seconds=data.seconds) if data.seconds else None
            state = _state(session)
            payload = {"session": state, "server_time": now.isoformat()}
            event = await record(
                s,
                board,
                "session.timer",
                f"session:{session.id}",
                actor,
                payload,
                now,
                undoable=False,
                command_id=command_id,
            )
        await self.ctx.publisher.publish(map_id, [event])
        return state

    async def focus(
        self, actor: Actor, map_id: int, data: FocusSet, command_id: str | None = None
    ) -> dict[str, Any]:
        async with self.ctx.writing() as s:
            board, session = await self._running(s, actor, map_id)
            if data.segment is not None:
                check_segment(board, data.segment)
            session.focus_segment = data.segment
            state = _state(session)
            event = await record(
                s,
                board,
                "session.focus",
                f"session:{session.id}",
                actor,
                {"session": state},
                self.ctx.now(),
                undoable=False,
                command_id=command_id,
            )
        await self.ctx.publisher.publish(map_id, [event])
        return state

    async def end(self, actor: Actor, map_id: int, command_id: str | None = None) -> SessionRecord:
        async with self.ctx.writing() as s:
            board, session = await self._running(s, actor, map_id)
            await reveal_all(s, map_id)  # nothing written in the session stays invisible
            now = self.ctx.now()
            session.summary = await summarise(s, board, session, now)
            session.ended_at = now
            session.timer_ends_at = None
            view = SessionRecord(
                id=session.id, started_at=session.started_at, ended_at=now, summary=session.summary
            )
            payload = {"record": view.model_dump(mode="json"), "resync": True}
            event = await record(
                s,
                board,
                "session.ended",
                f"session:{session.id}",
                actor,
                payload,
                now,
                undoable=False,
                command_id=command_id,
            )
        await self.ctx.publisher.publish(map_id, [event])
        return view
