"""Who is calling: a session cookie (browsers, with a CSRF header on writes) or a bearer API token."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Path, Request, Response

from empathy_studio.composition import Services
from empathy_studio.domain.errors import Forbidden, NotAuthenticated
from empathy_studio.services.accounts import SignedIn
from empathy_studio.services.context import Actor

SESSION_COOKIE = "es_session"
CSRF_COOKIE = "es_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PathId = Annotated[int, Path(ge=1, le=2_147_483_647)]


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


ServicesDep = Annotated[Services, Depends(services)]


async def current_actor(request: Request, svc: ServicesDep) -> Actor:
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        return await svc.accounts.token_actor(authorization[7:].strip())
    session_token = request.cookies.get(SESSION_COOKIE)
    if not session_token:
        raise NotAuthenticated("Please sign in.")
    actor, csrf_token = await svc.accounts.session_actor(session_token)
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), csrf_token.encode()):
            raise Forbidden("The request is missing its security token. Reload the page.", code="csrf_failed")
    return actor


ActorDep = Annotated[Actor, Depends(current_actor)]


def set_session_cookies(response: Response, signed_in: SignedIn, svc: Services) -> None:
    settings = svc.settings
    max_age = settings.session_days * 24 * 3600
    secure = bool(settings.cookie_secure)
    response.set_cookie(
        SESSION_COOKIE,
        signed_in.session_token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )
    # Readable by the page's script, which echoes it in the CSRF header; another site cannot read it.
    response.set_cookie(
        CSRF_COOKIE,
        signed_in.csrf_token,
        max_age=max_age,
        httponly=False,
        samesite="strict",
        secure=secure,
        path="/",
    )


def clear_session_cookies(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
