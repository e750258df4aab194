"""The running workshop of a map, and the check every board command passes: may it happen now?"""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.roles import Permission, allows
from empathy_studio.domain.values import Role
from empathy_studio.domain.visibility import Viewer
from empathy_studio.domain.workshop import Phase, authors_hidden, check_allowed
from empathy_studio.persistence.tables import WorkshopSession
from empathy_studio.services.context import Actor

# Built once: every board command asks this, and building the statement cost more than running it.
_RUNNING = (
    select(WorkshopSession)
    .where(WorkshopSession.map_id == bindparam("map_id"), WorkshopSession.ended_at.is_(None))
    .order_by(WorkshopSession.id.desc())
    .limit(1)
)


async def running_session(s: AsyncSession, map_id: int) -> WorkshopSession | None:
    return await s.scalar(_RUNNING, {"map_id": map_id})


def phase_of(session: WorkshopSession | None) -> Phase | None:
    return Phase(session.phase) if session is not None else None


async def gate(s: AsyncSession, map_id: int, op: str) -> WorkshopSession | None:
    """Refuse ``op`` when the running session's phase does not allow it; hand back that session."""
    session = await running_session(s, map_id)
    check_allowed(phase_of(session), op)
    return session


def hides_authors(session: WorkshopSession | None) -> bool:
    return session is not None and authors_hidden(phase_of(session), session.anonymous)


def viewer_of(actor: Actor, role: Role) -> Viewer:
    return Viewer(actor.user_id, allows(role, Permission.FACILITATE))
