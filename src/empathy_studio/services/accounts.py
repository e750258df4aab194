"""Accounts: the first account, sign-up by invite, sign-in sessions and API tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.errors import Conflict, Forbidden, NotAuthenticated, NotFound
from empathy_studio.domain.values import Language, Role
from empathy_studio.domain.views import CreatedToken, SetupView, TokenView, UserView
from empathy_studio.persistence.tables import ApiToken, GuestLink, LoginSession, Membership, User, Workspace
from empathy_studio.services import invites
from empathy_studio.services.attempts import AttemptLimiter
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.credentials import (
    DUMMY_HASH,
    hash_password,
    new_token,
    password_matches,
    token_hash,
)
from empathy_studio.services.inputs import LoginIn, MePatch, SignupIn, TokenCreate

TOKEN_PREFIX = "es_"  # noqa: S105 (a prefix, not a secret)


@dataclass(frozen=True)
class SignedIn:
    user: UserView
    session_token: str
    csrf_token: str


def first_workspace_name(person: str, locale: Language) -> str:
    """The name of a new account's own workspace, in the language the person chose."""
    if locale == Language.NL:
        return f"Werkruimte van {person}"
    if locale == Language.DE:
        return f"Arbeitsbereich von {person}"
    return f"{person}'s workspace"


def user_view(user: User) -> UserView:
    return UserView(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        locale=user.locale,
        is_instance_owner=user.is_instance_owner,
        guest_map_id=user.guest_map_id,
    )


def _token_view(token: ApiToken) -> TokenView:
    return TokenView(
        id=token.id, name=token.name, created_at=token.created_at, last_used_at=token.last_used_at
    )


class Accounts:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx
        window = timedelta(minutes=ctx.settings.login_window_minutes)
        self.attempts = AttemptLimiter(ctx.settings.login_attempts, window)

    async def setup(self) -> SetupView:
        async with self.ctx.sessions() as s:
            count = await s.scalar(select(func.count()).select_from(User))
        return SetupView(needs_first_account=not count, open_signup=self.ctx.settings.open_signup)

    async def signup(self, data: SignupIn) -> SignedIn:
        email = data.email.lower()
        async with self.ctx.writing() as s:
            first = not await s.scalar(select(func.count()).select_from(User))
            invite = None
            if data.invite_token:
                invite = await invites.valid_invite(s, data.invite_token, self.ctx.now())
            elif not first and not self.ctx.settings.open_signup:
                raise Forbidden(
                    "Accounts are created by invitation. Ask a workspace owner for an invite link.",
                    code="signup_closed",
                )
            if await s.scalar(select(User.id).where(User.email == email)) is not None:
                raise Conflict(
                    "An account with this e-mail address exists already. Sign in instead.",
                    code="email_taken",
                    details={"fields": [{"field": "email", "message": "This e-mail address is taken."}]},
                )
            now = self.ctx.now()
            user = User(
                email=email,
                display_name=data.display_name,
                password_hash=hash_password(data.password),
                locale=data.locale.value,
                is_instance_owner=first,
                created_at=now,
            )
            s.add(user)
            await s.flush()
            if invite is not None:
                await invites.join(s, invite, user.id, now)
            else:
                workspace = Workspace(
                    name=first_workspace_name(data.display_name, data.locale), created_at=now
                )
                s.add(workspace)
                await s.flush()
                s.add(
                    Membership(
                        workspace_id=workspace.id, user_id=user.id, role=Role.OWNER.value, created_at=now
                    )
                )
            signed_in = await self.start_session(s, user)
        return signed_in

    async def login(self, data: LoginIn, client: str = "") -> SignedIn:
        email = data.email.strip().lower()
        keys = [f"email:{email}", f"client:{client}"]
        self.attempts.check(keys, self.ctx.now())
        async with self.ctx.writing() as s:
            user = await s.scalar(select(User).where(User.email == email))
            stored = user.password_hash if user is not None else DUMMY_HASH
            if not password_matches(stored, data.password) or user is None or user.guest_map_id is not None:
                self.attempts.failed(keys, self.ctx.now())
                raise NotAuthenticated("E-mail address or password is wrong.", code="login_failed")
            self.attempts.succeeded(keys[0])
            return await self.start_session(s, user)

    async def start_session(self, s: AsyncSession, user: User, link: GuestLink | None = None) -> SignedIn:
        """A new signed-in session. A guest's is bound to the join link they came through: it ends when
        the link expires or is closed."""
        token, csrf = new_token(), new_token()
        now = self.ctx.now()
        expires_at = now + timedelta(days=self.ctx.settings.session_days)
        if link is not None and link.expires_at is not None:
            expires_at = min(expires_at, link.expires_at)
        s.add(
            LoginSession(
                token_hash=token_hash(token),
                csrf_token=csrf,
                user_id=user.id,
                created_at=now,
                expires_at=expires_at,
                guest_link_id=link.id if link is not None else None,
            )
        )
        return SignedIn(user=user_view(user), session_token=token, csrf_token=csrf)

    async def logout(self, session_token: str) -> None:
        async with self.ctx.writing() as s:
            signed_out = await s.scalar(
                select(LoginSession.user_id).where(LoginSession.token_hash == token_hash(session_token))
            )
            await s.execute(delete(LoginSession).where(LoginSession.token_hash == token_hash(session_token)))
        if signed_out is not None:  # their live maps close; other signed-in browsers reconnect at once
            await self.ctx.publisher.access_changed(signed_out)

    async def session_actor(self, session_token: str) -> tuple[Actor, str]:
        """The actor behind a session cookie and the CSRF token bound to that session."""
        actor, csrf_token, _ends_at = await self.session_actor_until(session_token)
        return actor, csrf_token

    async def session_actor_until(self, session_token: str) -> tuple[Actor, str, datetime]:
        """As ``session_actor``, with the moment the session ends (a live socket closes then)."""
        async with self.ctx.sessions() as s:
            row = (
                await s.execute(
                    select(LoginSession, User)
                    .join(User, User.id == LoginSession.user_id)
                    .where(LoginSession.token_hash == token_hash(session_token))
                )
            ).first()
        if row is None or row[0].expires_at <= self.ctx.now():
            raise NotAuthenticated("Please sign in.")
        session, user = row
        return Actor(user.id, user.display_name), session.csrf_token, session.expires_at

    async def token_actor(self, token: str) -> Actor:
        async with self.ctx.writing() as s:
            row = (
                await s.execute(
                    select(ApiToken, User)
                    .join(User, User.id == ApiToken.user_id)
                    .where(ApiToken.token_hash == token_hash(token))
                )
            ).first()
            if row is None:
                raise NotAuthenticated("The API token is unknown or was revoked.", code="bad_token")
            row[0].last_used_at = self.ctx.now()
            return Actor(row[1].id, row[1].display_name)

    async def me(self, actor: Actor) -> UserView:
        async with self.ctx.sessions() as s:
            user = await s.get(User, actor.user_id)
            if user is None:
                raise NotAuthenticated("Please sign in.")
            return user_view(user)

    async def update_me(self, actor: Actor, data: MePatch) -> UserView:
        async with self.ctx.writing() as s:
            user = await s.get(User, actor.user_id)
            if user is None:
                raise NotAuthenticated("Please sign in.")
            if data.display_name is not None:
                user.display_name = data.display_name
            if data.locale is not None:
                user.locale = data.locale.value
            return user_view(user)

    async def tokens(self, actor: Actor) -> list[TokenView]:
        async with self.ctx.sessions() as s:
            rows = await s.scalars(
                select(ApiToken).where(ApiToken.user_id == actor.user_id).order_by(ApiToken.id)
            )
            return [_token_view(t) for t in rows]

    async def create_token(self, actor: Actor, data: TokenCreate) -> CreatedToken:
        token = new_token(TOKEN_PREFIX)
        async with self.ctx.writing() as s:
            if await s.scalar(select(User.guest_map_id).where(User.id == actor.user_id)) is not None:
                # A token would outlive the join link that let the guest in.
                raise Forbidden("Guests cannot make API tokens.", code="guests_cannot_make_tokens")
            row = ApiToken(
                token_hash=token_hash(token), name=data.name, user_id=actor.user_id, created_at=self.ctx.now()
            )
            s.add(row)
            await s.flush()
            return CreatedToken(**_token_view(row).model_dump(), token=token)

    async def revoke_token(self, actor: Actor, token_id: int) -> None:
        async with self.ctx.writing() as s:
            result = await s.execute(
                delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == actor.user_id)
            )
            if result.rowcount == 0:  # type: ignore[attr-defined]
                raise NotFound("There is no token with that id.")
        await self.ctx.publisher.access_changed(actor.user_id)  # a socket opened with it must not stay
