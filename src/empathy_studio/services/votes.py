"""Dot voting in a workshop: each participant spends a budget of votes on notes and themes. A vote is
seen only by its voter until the voting phase ends, so early dots do not steer later ones."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.errors import Conflict, InvalidInput, NotFound
from empathy_studio.domain.roles import Permission
from empathy_studio.domain.visibility import only_for
from empathy_studio.persistence.tables import EmpathyMap, Note, Vote, WorkshopSession
from empathy_studio.services.access import map_for, visible_note
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.events import record
from empathy_studio.services.themes import theme_on
from empathy_studio.services.workshop_gate import gate
from empathy_studio.services.workshop_inputs import VoteTarget


def _same_target(target: VoteTarget) -> Any:
    if target.note_id is not None:
        return Vote.note_id == target.note_id
    return Vote.theme_id == target.theme_id


class Votes:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    async def _open(
        self, s: AsyncSession, actor: Actor, map_id: int, op: str
    ) -> tuple[EmpathyMap, WorkshopSession, Any]:
        board, _project, role = await map_for(s, actor, map_id, Permission.CONTRIBUTE, for_update=True)
        session = await gate(s, map_id, op)
        assert session is not None  # the gate refuses votes without a session
        if session.timer_ends_at is not None and self.ctx.now() >= session.timer_ends_at:
            raise InvalidInput("Time is up: voting has closed.", code="voting_closed")
        return board, session, role

    async def _check_target(
        self, s: AsyncSession, actor: Actor, board: EmpathyMap, role: Any, target: VoteTarget
    ) -> None:
        if target.note_id is not None:
            note = await s.get(Note, target.note_id)
            if note is None or note.map_id != board.id or not visible_note(note, actor, role) or note.hidden:
                raise NotFound("There is no note with that id on this map.")
        else:
            await theme_on(s, board, target.theme_id or 0)

    async def cast(
        self, actor: Actor, map_id: int, target: VoteTarget, command_id: str | None = None
    ) -> dict[str, Any]:
        async with self.ctx.writing() as s:
            board, session, role = await self._open(s, actor, map_id, "vote.cast")
            await self._check_target(s, actor, board, role, target)
            mine = Vote.session_id == session.id, Vote.user_id == actor.user_id
            used = await s.scalar(select(func.count()).select_from(Vote).where(*mine)) or 0
            if used >= session.vote_budget:
                raise Conflict(
                    f"You have used all {session.vote_budget} of your votes. Take one back to vote again.",
                    code="no_votes_left",
                )
            if session.one_vote_per_note and await s.scalar(
                select(Vote.id).where(*mine, _same_target(target))
            ):
                raise Conflict("One vote per note or theme in this session.", code="already_voted")
            s.add(
                Vote(
                    session_id=session.id,
                    user_id=actor.user_id,
                    created_at=self.ctx.now(),
                    **target.model_dump(),
                )
            )
            result = {**target.model_dump(), "votes_left": session.vote_budget - used - 1}
            event = await record(
                s,
                board,
                "vote.cast",
                f"session:{session.id}",
                actor,
                result,
                self.ctx.now(),
                undoable=False,
                command_id=command_id,
                audience=only_for(actor.user_id),
            )
        await self.ctx.publisher.publish(map_id, [event])
        return result

    async def retract(
        self, actor: Actor, map_id: int, target: VoteTarget, command_id: str | None = None
    ) -> dict[str, Any]:
        async with self.ctx.writing() as s:
            board, session, _role = await self._open(s, actor, map_id, "vote.retract")
            mine = Vote.session_id == session.id, Vote.user_id == actor.user_id
            vote = await s.scalar(
                select(Vote).where(*mine, _same_target(target)).order_by(Vote.id.desc()).limit(1)
            )
            if vote is None:
                raise Conflict("You have no vote there to take back.", code="no_vote_there")
            await s.delete(vote)
            await s.flush()
            used = await s.scalar(select(func.count()).select_from(Vote).where(*mine)) or 0
            result = {**target.model_dump(), "votes_left": session.vote_budget - used}
            event = await record(
                s,
                board,
                "vote.retracted",
                f"session:{session.id}",
                actor,
                result,
                self.ctx.now(),
                undoable=False,
                command_id=command_id,
                audience=only_for(actor.user_id),
            )
        await self.ctx.publisher.publish(map_id, [event])
        return result
