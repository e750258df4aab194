"""Reading a map's event log: catching a client up after a drop, and answering a retried command."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from empathy_studio.domain.errors import Conflict
from empathy_studio.domain.roles import Permission
from empathy_studio.domain.visibility import Viewer, event_for
from empathy_studio.persistence.tables import BoardEvent
from empathy_studio.services.access import map_for
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.events import stored_message
from empathy_studio.services.workshop_gate import hides_authors, running_session, viewer_of

CATCH_UP_LIMIT = 500  # beyond this many missed events a fresh snapshot is cheaper


class BoardLog:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    async def since(self, actor: Actor, map_id: int, seq: int) -> list[dict[str, Any]] | None:
        """Events after ``seq`` in order, or None when the client should load a fresh snapshot."""
        async with self.ctx.sessions() as s:
            board, _, role = await map_for(s, actor, map_id, Permission.READ)
            if seq > board.seq or board.seq - seq > CATCH_UP_LIMIT:
                return None
            rows = await s.scalars(
                select(BoardEvent)
                .where(BoardEvent.map_id == map_id, BoardEvent.seq > seq)
                .order_by(BoardEvent.seq)
            )
            # Each event as this viewer may see it, with names blanked if the running phase hides them.
            anonymous = hides_authors(await running_session(s, map_id))
            viewer = viewer_of(actor, role)
            return [event_for(stored_message(e, anonymous), viewer) for e in rows]

    async def applied_command(self, actor: Actor, map_id: int, command_id: str) -> dict[str, Any] | None:
        """The event a command with this id produced earlier, if it was applied already."""
        async with self.ctx.sessions() as s:
            event = await s.scalar(
                select(BoardEvent).where(BoardEvent.map_id == map_id, BoardEvent.command_id == command_id)
            )
            if event is None:
                return None
            if event.actor_id != actor.user_id:
                raise Conflict("That command id was used by someone else.", code="command_id_taken")
            return event_for(stored_message(event), Viewer(actor.user_id, facilitates=False))
