"""Invite links: an owner makes one with a role and an expiry; whoever opens it in time joins."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.errors import InvalidInput, NotFound
from empathy_studio.domain.roles import Permission
from empathy_studio.domain.views import CreatedInvite, InviteInfo, InviteView, WorkspaceView
from empathy_studio.persistence.tables import Invite, Membership, Workspace
from empathy_studio.services.access import workspace_for
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.credentials import new_token, token_hash
from empathy_studio.services.inputs import InviteCreate

INVITE_GONE = "This invite link is unknown, has expired or was revoked. Ask for a new one."


def invite_url(token: str) -> str:
    return f"/#/invite/{token}"


def _view(invite: Invite) -> InviteView:
    return InviteView(
        id=invite.id,
        role=invite.role,
        created_at=invite.created_at,
        expires_at=invite.expires_at,
        revoked=invite.revoked_at is not None,
        accepted_count=invite.accepted_count,
    )


async def valid_invite(s: AsyncSession, token: str, now: datetime) -> Invite:
    invite = await s.scalar(select(Invite).where(Invite.token_hash == token_hash(token)))
    if invite is None or invite.revoked_at is not None or invite.expires_at <= now:
        raise NotFound(INVITE_GONE, code="invite_invalid")
    return invite


async def join(s: AsyncSession, invite: Invite, user_id: int, now: datetime) -> None:
    """Adds the user with the invite's role; someone already in the workspace keeps their role."""
    existing = await s.get(Membership, (invite.workspace_id, user_id))
    if existing is None:
        s.add(Membership(workspace_id=invite.workspace_id, user_id=user_id, role=invite.role, created_at=now))
    invite.accepted_count += 1


class Invites:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    async def create(self, actor: Actor, workspace_id: int, data: InviteCreate) -> CreatedInvite:
        limit = self.ctx.settings.invite_max_hours
        if data.expires_in_hours > limit:
            raise InvalidInput.field("expires_in_hours", f"An invite can be valid for at most {limit} hours.")
        token = new_token()
        async with self.ctx.writing() as s:
            await workspace_for(s, actor, workspace_id, Permission.ADMINISTER)
            now = self.ctx.now()
            invite = Invite(
                workspace_id=workspace_id,
                token_hash=token_hash(token),
                role=data.role.value,
                created_by=actor.user_id,
                created_at=now,
                expires_at=now + timedelta(hours=data.expires_in_hours),
                accepted_count=0,
            )
            s.add(invite)
            await s.flush()
            return CreatedInvite(**_view(invite).model_dump(), token=token, url=invite_url(token))

    async def list(self, actor: Actor, workspace_id: int) -> list[InviteView]:
        async with self.ctx.sessions() as s:
            await workspace_for(s, actor, workspace_id, Permission.ADMINISTER)
            rows = await s.scalars(
                select(Invite).where(Invite.workspace_id == workspace_id).order_by(Invite.id.desc())
            )
            return [_view(i) for i in rows]

    async def revoke(self, actor: Actor, workspace_id: int, invite_id: int) -> None:
        async with self.ctx.writing() as s:
            await workspace_for(s, actor, workspace_id, Permission.ADMINISTER)
            invite = await s.get(Invite, invite_id)
            if invite is None or invite.workspace_id != workspace_id:
                raise NotFound("There is no invite with that id.")
            invite.revoked_at = invite.revoked_at or self.ctx.now()

    async def info(self, token: str) -> InviteInfo:
        async with self.ctx.sessions() as s:
            invite = await valid_invite(s, token, self.ctx.now())
            workspace = await s.get(Workspace, invite.workspace_id)
            assert workspace is not None
            return InviteInfo(workspace_name=workspace.name, role=invite.role, expires_at=invite.expires_at)

    async def accept(self, actor: Actor, token: str) -> WorkspaceView:
        async with self.ctx.writing() as s:
            now = self.ctx.now()
            invite = await valid_invite(s, token, now)
            await join(s, invite, actor.user_id, now)
            await s.flush()
            workspace, role = await workspace_for(s, actor, invite.workspace_id, Permission.READ)
            return WorkspaceView(
                id=workspace.id, name=workspace.name, role=role.value, created_at=workspace.created_at
            )
