"""The gates: every service call reaches a resource only through these, which check membership and role.
A resource in a workspace the actor does not belong to is reported as not found, so ids leak nothing."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.errors import Forbidden, NotFound
from empathy_studio.domain.roles import Permission, allows
from empathy_studio.domain.values import Role
from empathy_studio.persistence.tables import (
    Action,
    EmpathyMap,
    Membership,
    Note,
    Persona,
    Project,
    User,
    Workspace,
)
from empathy_studio.services.context import Actor

_VERB = {
    Permission.READ: "see",
    Permission.CONTRIBUTE: "add notes to",
    Permission.WRITE: "change",
    Permission.FACILITATE: "facilitate",
    Permission.ADMINISTER: "administer",
}


def on_sqlite(s: AsyncSession) -> bool:
    return s.bind is not None and s.bind.dialect.name == "sqlite"


async def role_in(s: AsyncSession, actor: Actor, workspace_id: int) -> Role | None:
    role = await s.scalar(
        select(Membership.role).where(
            Membership.workspace_id == workspace_id, Membership.user_id == actor.user_id
        )
    )
    return Role(role) if role is not None else None


async def require(
    s: AsyncSession, actor: Actor, workspace_id: int, permission: Permission, what: str = "workspace"
) -> Role:
    role = await role_in(s, actor, workspace_id)
    if role is None:
        raise NotFound(f"There is no {what} with that id.")
    if not allows(role, permission):
        raise Forbidden(
            f"Your role ({role.value}) does not let you {_VERB[permission]} this {what}.",
            details={"role": role.value, "needed": permission.value.value},
        )
    return role


async def workspace_for(
    s: AsyncSession, actor: Actor, workspace_id: int, permission: Permission
) -> tuple[Workspace, Role]:
    role = await require(s, actor, workspace_id, permission)
    workspace = await s.get(Workspace, workspace_id)
    if workspace is None:
        raise NotFound("There is no workspace with that id.")
    return workspace, role


async def project_for(
    s: AsyncSession, actor: Actor, project_id: int, permission: Permission
) -> tuple[Project, Role]:
    project = await s.get(Project, project_id)
    if project is None:
        raise NotFound("There is no project with that id.")
    return project, await require(s, actor, project.workspace_id, permission, "project")


async def persona_for(
    s: AsyncSession, actor: Actor, persona_id: int, permission: Permission
) -> tuple[Persona, Project]:
    persona = await s.get(Persona, persona_id)
    if persona is None:
        raise NotFound("There is no persona with that id.")
    project = await s.get(Project, persona.project_id)
    assert project is not None
    await require(s, actor, project.workspace_id, permission, "persona")
    return persona, project


# Built once: every board command passes here, and building the statement cost more than running it.
_MAP_AND_ROLE = (
    select(EmpathyMap, Project, Membership.role)
    .join(Project, Project.id == EmpathyMap.project_id)
    .outerjoin(
        Membership,
        (Membership.workspace_id == Project.workspace_id) & (Membership.user_id == bindparam("user_id")),
    )
    .where(EmpathyMap.id == bindparam("map_id"))
)


async def map_for(
    s: AsyncSession, actor: Actor, map_id: int, permission: Permission, *, for_update: bool = False
) -> tuple[EmpathyMap, Project, Role]:
    """The one gate of a map. Workspace members get their role; a guest gets the guest role on the one
    map they joined and nothing anywhere else."""
    if for_update and not on_sqlite(s):
        # Take the map's row lock before reading it, so concurrent writers of one map queue up and
        # event numbers and note positions stay exact. On SQLite every write of this process already
        # queues in ServiceContext.writing; a writer in another process that got in between would reuse
        # an event number and fail on the (map, seq) unique key rather than interleave.
        await s.execute(update(EmpathyMap).where(EmpathyMap.id == map_id).values(seq=EmpathyMap.seq))
    row = (await s.execute(_MAP_AND_ROLE, {"map_id": map_id, "user_id": actor.user_id})).first()
    if row is None:
        raise NotFound("There is no map with that id.")
    board, project, member_role = row
    role = Role(member_role) if member_role is not None else None
    if role is None and await s.scalar(select(User.guest_map_id).where(User.id == actor.user_id)) == map_id:
        role = Role.GUEST
    if role is None:
        raise NotFound("There is no map with that id.")
    if not allows(role, permission):
        raise Forbidden(
            f"Your role ({role.value}) does not let you {_VERB[permission]} this map.",
            details={"role": role.value, "needed": permission.value.value},
        )
    return board, project, role


BoardItem = TypeVar("BoardItem", Note, Action)


async def _on_board(
    s: AsyncSession,
    model: type[BoardItem],
    item_id: int,
    actor: Actor,
    permission: Permission,
    on_map: int | None,
) -> tuple[BoardItem, EmpathyMap, Role]:
    """A note or action and its map, write-locked. ``on_map`` also requires it to be on that map."""
    what = model.__tablename__[:-1]
    if on_sqlite(s):  # writers already queue in this process (see map_for): read it right away
        item = await s.get(model, item_id)
        if item is None or (on_map is not None and item.map_id != on_map):
            raise NotFound(f"There is no {what} with that id.")
        board, _project, role = await map_for(s, actor, item.map_id, permission, for_update=True)
        return item, board, role
    map_id = await s.scalar(select(model.map_id).where(model.id == item_id))
    if map_id is None or (on_map is not None and map_id != on_map):
        raise NotFound(f"There is no {what} with that id.")
    board, _project, role = await map_for(s, actor, map_id, permission, for_update=True)
    locked = await s.get(model, item_id)
    if locked is None:  # removed while we waited for the map's lock
        raise NotFound(f"There is no {what} with that id.")
    return locked, board, role


def visible_note(note: Note, actor: Actor, role: Role) -> bool:
    """An unrevealed brainstorm note exists only for its author, a hidden one only for facilitators."""
    if note.private and note.author_id != actor.user_id:
        return False
    return not note.hidden or allows(role, Permission.FACILITATE)


async def note_for(
    s: AsyncSession, actor: Actor, note_id: int, permission: Permission, on_map: int | None = None
) -> tuple[Note, EmpathyMap, Role]:
    note, board, role = await _on_board(s, Note, note_id, actor, permission, on_map)
    if not visible_note(note, actor, role):
        raise NotFound("There is no note with that id.")
    return note, board, role


async def action_for(
    s: AsyncSession, actor: Actor, action_id: int, permission: Permission, on_map: int | None = None
) -> tuple[Action, EmpathyMap]:
    action, board, _role = await _on_board(s, Action, action_id, actor, permission, on_map)
    return action, board
