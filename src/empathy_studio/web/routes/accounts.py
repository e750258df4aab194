"""Sign-up, sign-in, the current user and API tokens."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from empathy_studio.domain.views import CreatedToken, SetupView, TokenView, UserView
from empathy_studio.services.inputs import LoginIn, MePatch, SignupIn, TokenCreate
from empathy_studio.web.auth import (
    SESSION_COOKIE,
    ActorDep,
    PathId,
    ServicesDep,
    clear_session_cookies,
    set_session_cookies,
)

router = APIRouter(prefix="/api", tags=["accounts"])


@router.get("/setup")
async def setup(svc: ServicesDep) -> SetupView:
    return await svc.accounts.setup()


@router.post("/auth/signup", status_code=201)
async def signup(data: SignupIn, response: Response, svc: ServicesDep) -> UserView:
    signed_in = await svc.accounts.signup(data)
    set_session_cookies(response, signed_in, svc)
    return signed_in.user


@router.post("/auth/login")
async def login(data: LoginIn, request: Request, response: Response, svc: ServicesDep) -> UserView:
    signed_in = await svc.accounts.login(data, request.client.host if request.client else "")
    set_session_cookies(response, signed_in, svc)
    return signed_in.user


@router.post("/auth/logout", status_code=204)
async def logout(request: Request, response: Response, svc: ServicesDep) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await svc.accounts.logout(token)
    clear_session_cookies(response)


@router.get("/me")
async def me(actor: ActorDep, svc: ServicesDep) -> UserView:
    return await svc.accounts.me(actor)


@router.patch("/me")
async def update_me(data: MePatch, actor: ActorDep, svc: ServicesDep) -> UserView:
    return await svc.accounts.update_me(actor, data)


@router.get("/me/tokens")
async def tokens(actor: ActorDep, svc: ServicesDep) -> list[TokenView]:
    return await svc.accounts.tokens(actor)


@router.post("/me/tokens", status_code=201)
async def create_token(data: TokenCreate, actor: ActorDep, svc: ServicesDep) -> CreatedToken:
    return await svc.accounts.create_token(actor, data)


@router.delete("/me/tokens/{token_id}", status_code=204)
async def revoke_token(token_id: PathId, actor: ActorDep, svc: ServicesDep) -> None:
    await svc.accounts.revoke_token(actor, token_id)
