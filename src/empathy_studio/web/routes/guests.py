"""Join links for guests: made by a facilitator, opened by someone outside the workspace."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel

from empathy_studio.domain.views import CreatedGuestLink, GuestLinkView, GuestView, JoinInfo, UserView
from empathy_studio.services.inputs import GuestJoin, GuestLinkCreate
from empathy_studio.web.auth import ActorDep, PathId, ServicesDep, set_session_cookies

router = APIRouter(prefix="/api", tags=["guests"])


class Joined(BaseModel):
    map_id: int
    user: UserView


@router.post("/maps/{map_id}/guest-links", status_code=201)
async def create_link(
    map_id: PathId, data: GuestLinkCreate, actor: ActorDep, svc: ServicesDep
) -> CreatedGuestLink:
    return await svc.guests.create_link(actor, map_id, data)


@router.get("/maps/{map_id}/guest-links")
async def list_links(map_id: PathId, actor: ActorDep, svc: ServicesDep) -> list[GuestLinkView]:
    return await svc.guests.links(actor, map_id)


@router.delete("/maps/{map_id}/guest-links/{link_id}", status_code=204)
async def close_link(map_id: PathId, link_id: PathId, actor: ActorDep, svc: ServicesDep) -> None:
    await svc.guests.close_link(actor, map_id, link_id)


@router.get("/maps/{map_id}/guests")
async def list_guests(map_id: PathId, actor: ActorDep, svc: ServicesDep) -> list[GuestView]:
    return await svc.guests.guests(actor, map_id)


@router.delete("/maps/{map_id}/guests/{guest_id}", status_code=204)
async def remove_guest(map_id: PathId, guest_id: PathId, actor: ActorDep, svc: ServicesDep) -> None:
    """Sign one guest out of the map's workshop; their notes stay."""
    await svc.guests.remove_guest(actor, map_id, guest_id)


@router.get("/join/{token}")
async def join_info(token: str, svc: ServicesDep) -> JoinInfo:
    return await svc.guests.info(token)


@router.post("/join/{token}", status_code=201)
async def join(token: str, data: GuestJoin, response: Response, svc: ServicesDep) -> Joined:
    signed_in, map_id = await svc.guests.join(token, data)
    set_session_cookies(response, signed_in, svc)
    return Joined(map_id=map_id, user=signed_in.user)
