"""Who may do what. One ordered scale: viewer < guest < member < facilitator < owner.

A guest is not a workspace member: the gates give the guest role only on the one map they joined."""

from __future__ import annotations

from enum import Enum

from empathy_studio.domain.values import Role

_RANK = {Role.VIEWER: 0, Role.GUEST: 1, Role.MEMBER: 2, Role.FACILITATOR: 3, Role.OWNER: 4}
WORKSPACE_ROLES = (Role.OWNER, Role.FACILITATOR, Role.MEMBER, Role.VIEWER)


class Permission(Enum):
    READ = Role.VIEWER
    CONTRIBUTE = Role.GUEST  # write and change sticky notes, vote
    WRITE = Role.MEMBER  # create and change projects, personas, maps, notes, actions
    FACILITATE = Role.FACILITATOR
    ADMINISTER = Role.OWNER  # rename or delete the workspace, invite, change roles


def allows(role: Role, permission: Permission) -> bool:
    return _RANK[role] >= _RANK[permission.value]
