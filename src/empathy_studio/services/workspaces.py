"""Workspaces and their members."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.errors import Conflict, NotFound
from empathy_studio.domain.roles import Permission
from empathy_studio.domain.values import Role
from empathy_studio.domain.views import MemberView, WorkspaceDetail, WorkspaceView
from empathy_studio.persistence.tables import Membership, User, Workspace
from empathy_studio.services.access import workspace_for
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.inputs import RoleIn, WorkspaceIn


class Workspaces:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    async def list(self, actor: Actor) -> list[WorkspaceView]:
        async with self.ctx.sessions() as s:
            rows = await s.execute(
                select(Workspace, Membership.role)
                .join(Membership, Membership.workspace_id == Workspace.id)
                .where(Membership.user_id == actor.user_id)
                .order_by(Workspace.name, Workspace.id)
            )
            return [
                WorkspaceView(id=w.id, name=w.name, role=role, created_at=w.created_at) for w, role in rows
            ]

    async def create(self, actor: Actor, data: WorkspaceIn) -> WorkspaceView:
        async with self.ctx.writing() as s:
            now = self.ctx.now()
            workspace = Workspace(name=data.name, created_at=now)
            s.add(workspace)
            await s.flush()
            s.add(
                Membership(workspace_id=workspace.id, user_id=actor.user_id, role=Role.OWNER, created_at=now)
            )
            return WorkspaceView(id=workspace.id, name=workspace.name, role=Role.OWNER, created_at=now)

    async def detail(self, actor: Actor, workspace_id: int) -> WorkspaceDetail:
        async with self.ctx.sessions() as s:
            workspace, role = await workspace_for(s, actor, workspace_id, Permission.READ)
            rows = await s.execute(
                select(User, Membership.role)
                .join(Membership, Membership.user_id == User.id)
                .where(Membership.workspace_id == workspace_id)
                .order_by(User.display_name, User.id)
            )
            members = [
                MemberView(user_id=u.id, display_name=u.display_name, email=u.email, role=r) for u, r in rows
            ]
            return WorkspaceDetail(
                id=workspace.id,
                name=workspace.name,
                role=role.value,
                created_at=workspace.created_at,
                members=members,
            )

    async def rename(self, actor: Actor, workspace_id: int, data: WorkspaceIn) -> WorkspaceView:
        async with self.ctx.writing() as s:
            workspace, role = await workspace_for(s, actor, workspace_id, Permission.ADMINISTER)
            workspace.name = data.name
            return WorkspaceView(id=workspace.id, name=data.name, role=role, created_at=workspace.created_at)

    async def delete(self, actor: Actor, workspace_id: int) -> None:
        async with self.ctx.writing() as s:
            workspace, _ = await workspace_for(s, actor, workspace_id, Permission.ADMINISTER)
            await s.delete(workspace)

    async def set_role(self, actor: Actor, workspace_id: int, user_id: int, data: RoleIn) -> MemberView:
        async with self.ctx.writing() as s:
            await workspace_for(s, actor, workspace_id, Permission.ADMINISTER)
            membership = await s.get(Membership, (workspace_id, user_id))
            user = await s.get(User, user_id)
            if membership is None or user is None:
                raise NotFound("That person is not a member of this workspace.")
            if membership.role == Role.OWNER and data.role != Role.OWNER:
                await _keep_an_owner(s, workspace_id)
            membership.role = data.role.value
            view = MemberView(
                user_id=user.id, display_name=user.display_name, email=user.email, role=membership.role
            )
        await self.ctx.publisher.access_changed(user_id)
        return view

    async def remove_member(self, actor: Actor, workspace_id: int, user_id: int) -> None:
        async with self.ctx.writing() as s:
            if user_id != actor.user_id:
                await workspace_for(s, actor, workspace_id, Permission.ADMINISTER)
            else:  # anyone may leave
                await workspace_for(s, actor, workspace_id, Permission.READ)
            membership = await s.get(Membership, (workspace_id, user_id))
            if membership is None:
                raise NotFound("That person is not a member of this workspace.")
            if membership.role == Role.OWNER:
                await _keep_an_owner(s, workspace_id)
            await s.delete(membership)
        await self.ctx.publisher.access_changed(user_id)


async def _keep_an_owner(s: AsyncSession, workspace_id: int) -> None:
    owners = await s.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.workspace_id == workspace_id, Membership.role == Role.OWNER)
    )
    if (owners or 0) <= 1:
        raise Conflict(
            "A workspace needs at least one owner. Make someone else owner first.", code="last_owner"
        )
