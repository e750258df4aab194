"""Workspaces, members and invite links."""

from __future__ import annotations

from fastapi import APIRouter

from empathy_studio.domain.views import (
    CreatedInvite,
    InviteInfo,
    InviteView,
    MemberView,
    WorkspaceDetail,
    WorkspaceView,
)
from empathy_studio.services.inputs import InviteCreate, RoleIn, WorkspaceIn
from empathy_studio.web.auth import ActorDep, PathId, ServicesDep

router = APIRouter(prefix="/api", tags=["workspaces"])


@router.get("/workspaces")
async def list_workspaces(actor: ActorDep, svc: ServicesDep) -> list[WorkspaceView]:
    return await svc.workspaces.list(actor)


@router.post("/workspaces", status_code=201)
async def create_workspace(data: WorkspaceIn, actor: ActorDep, svc: ServicesDep) -> WorkspaceView:
    return await svc.workspaces.create(actor, data)


@router.get("/workspaces/{workspace_id}")
async def get_workspace(workspace_id: PathId, actor: ActorDep, svc: ServicesDep) -> WorkspaceDetail:
    return await svc.workspaces.detail(actor, workspace_id)


@router.patch("/workspaces/{workspace_id}")
async def rename_workspace(
    workspace_id: PathId, data: WorkspaceIn, actor: ActorDep, svc: ServicesDep
) -> WorkspaceView:
    return await svc.workspaces.rename(actor, workspace_id, data)


@router.delete("/workspaces/{workspace_id}", status_code=204)
async def delete_workspace(workspace_id: PathId, actor: ActorDep, svc: ServicesDep) -> None:
    await svc.workspaces.delete(actor, workspace_id)


@router.patch("/workspaces/{workspace_id}/members/{user_id}")
async def set_role(
    workspace_id: PathId, user_id: PathId, data: RoleIn, actor: ActorDep, svc: ServicesDep
) -> MemberView:
    return await svc.workspaces.set_role(actor, workspace_id, user_id, data)


@router.delete("/workspaces/{workspace_id}/members/{user_id}", status_code=204)
async def remove_member(workspace_id: PathId, user_id: PathId, actor: ActorDep, svc: ServicesDep) -> None:
    await svc.workspaces.remove_member(actor, workspace_id, user_id)


@router.get("/workspaces/{workspace_id}/invites")
async def list_invites(workspace_id: PathId, actor: ActorDep, svc: ServicesDep) -> list[InviteView]:
    return await svc.invites.list(actor, workspace_id)


@router.post("/workspaces/{workspace_id}/invites", status_code=201)
async def create_invite(
    workspace_id: PathId, data: InviteCreate, actor: ActorDep, svc: ServicesDep
) -> CreatedInvite:
    return await svc.invites.create(actor, workspace_id, data)


@router.delete("/workspaces/{workspace_id}/invites/{invite_id}", status_code=204)
async def revoke_invite(workspace_id: PathId, invite_id: PathId, actor: ActorDep, svc: ServicesDep) -> None:
    await svc.invites.revoke(actor, workspace_id, invite_id)


@router.get("/invites/{token}")
async def invite_info(token: str, svc: ServicesDep) -> InviteInfo:
    return await svc.invites.info(token)


@router.post("/invites/{token}/accept")
async def accept_invite(token: str, actor: ActorDep, svc: ServicesDep) -> WorkspaceView:
    return await svc.invites.accept(actor, token)
