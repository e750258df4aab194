"""Guests: people outside the workspace (often real customers) who join one map's workshop by a link.

A guest is a user with no e-mail and no password, bound to one map; the map gate gives them the guest
role there and every other gate finds nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, exists, select

from empathy_studio.domain.errors import Forbidden, NotFound
from empathy_studio.domain.roles import Permission
from empathy_studio.domain.views import CreatedGuestLink, GuestLinkView, GuestView, JoinInfo
from empathy_studio.persistence.tables import EmpathyMap, GuestLink, LoginSession, User
from empathy_studio.services.access import map_for
from empathy_studio.services.accounts import Accounts, SignedIn
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.credentials import hash_password, new_token, password_matches, token_hash
from empathy_studio.services.inputs import GuestJoin, GuestLinkCreate

LINK_GONE = "This join link is unknown, has expired or was closed. Ask the facilitator for a new one."


def _view(link: GuestLink) -> GuestLinkView:
    return GuestLinkView(
        id=link.id,
        map_id=link.map_id,
        has_passcode=link.passcode_hash is not None,
        created_at=link.created_at,
        expires_at=link.expires_at,
        revoked=link.revoked_at is not None,
        joined_count=link.joined_count,
    )


class Guests:
    def __init__(self, ctx: ServiceContext, accounts: Accounts):
        self.ctx = ctx
        self.accounts = accounts

    async def create_link(self, actor: Actor, map_id: int, data: GuestLinkCreate) -> CreatedGuestLink:
        token = new_token()
        async with self.ctx.writing() as s:
            await map_for(s, actor, map_id, Permission.FACILITATE)
            now = self.ctx.now()
            link = GuestLink(
                map_id=map_id,
                token_hash=token_hash(token),
                passcode_hash=hash_password(data.passcode) if data.passcode else None,
                created_by=actor.user_id,
                created_at=now,
                expires_at=now + timedelta(hours=data.expires_in_hours) if data.expires_in_hours else None,
                joined_count=0,
            )
            s.add(link)
            await s.flush()
            return CreatedGuestLink(**_view(link).model_dump(), token=token, url=f"/#/join/{token}")

    async def links(self, actor: Actor, map_id: int) -> list[GuestLinkView]:
        async with self.ctx.sessions() as s:
            await map_for(s, actor, map_id, Permission.FACILITATE)
            rows = await s.scalars(select(GuestLink).where(GuestLink.map_id == map_id).order_by(GuestLink.id))
            return [_view(link) for link in rows]

    async def close_link(self, actor: Actor, map_id: int, link_id: int) -> None:
        """No one joins through the link any more, and the guests who did are signed out at once (their
        live connections close too): a customer's access ends with the workshop's link."""
        async with self.ctx.writing() as s:
            await map_for(s, actor, map_id, Permission.FACILITATE)
            link = await s.get(GuestLink, link_id)
            if link is None or link.map_id != map_id:
                raise NotFound("There is no join link with that id.")
            link.revoked_at = link.revoked_at or self.ctx.now()
            signed_out = set(
                await s.scalars(select(LoginSession.user_id).where(LoginSession.guest_link_id == link_id))
            )
            await s.execute(delete(LoginSession).where(LoginSession.guest_link_id == link_id))
        for guest_id in sorted(signed_out):
            await self.ctx.publisher.access_changed(guest_id)

    async def guests(self, actor: Actor, map_id: int) -> list[GuestView]:
        """Everyone who joined the map as a guest, first to join first."""
        async with self.ctx.sessions() as s:
            await map_for(s, actor, map_id, Permission.FACILITATE)
            signed_in = exists().where(
                LoginSession.user_id == User.id, LoginSession.expires_at > self.ctx.now()
            )
            rows = await s.execute(
                select(User, signed_in).where(User.guest_map_id == map_id).order_by(User.id)
            )
            return [
                GuestView(
                    id=user.id, display_name=user.display_name, joined_at=user.created_at, signed_in=bool(on)
                )
                for user, on in rows
            ]

    async def remove_guest(self, actor: Actor, map_id: int, guest_id: int) -> None:
        """Sign one guest out of the map's workshop at once (their live connections close). Their notes
        stay. They can join again only through a link that is still open."""
        async with self.ctx.writing() as s:
            await map_for(s, actor, map_id, Permission.FACILITATE)
            guest = await s.get(User, guest_id)
            if guest is None or guest.guest_map_id != map_id:
                raise NotFound("There is no guest with that id on this map.")
            await s.execute(delete(LoginSession).where(LoginSession.user_id == guest_id))
        await self.ctx.publisher.access_changed(guest_id)

    async def _open_link(self, token: str) -> tuple[GuestLink, EmpathyMap]:
        async with self.ctx.sessions() as s:
            link = await s.scalar(select(GuestLink).where(GuestLink.token_hash == token_hash(token)))
            now = self.ctx.now()
            if link is None or link.revoked_at is not None or (link.expires_at and link.expires_at <= now):
                raise NotFound(LINK_GONE, code="join_link_invalid")
            board = await s.get(EmpathyMap, link.map_id)
            assert board is not None
            return link, board

    async def info(self, token: str) -> JoinInfo:
        link, board = await self._open_link(token)
        return JoinInfo(
            map_title=board.title, needs_passcode=link.passcode_hash is not None, expires_at=link.expires_at
        )

    async def join(self, token: str, data: GuestJoin) -> tuple[SignedIn, int]:
        link, board = await self._open_link(token)
        if link.passcode_hash is not None and not password_matches(link.passcode_hash, data.passcode or ""):
            raise Forbidden("The passcode is not right.", code="wrong_passcode")
        async with self.ctx.writing() as s:
            stored = await s.get(GuestLink, link.id)
            now = self.ctx.now()
            # Checked again here: the link may have been closed while the passcode was being checked.
            if (
                stored is None
                or stored.revoked_at is not None
                or (stored.expires_at and stored.expires_at <= now)
            ):
                raise NotFound(LINK_GONE, code="join_link_invalid")
            stored.joined_count += 1
            guest = User(
                email=None,
                display_name=data.display_name,
                password_hash="!",  # noqa: S106 (never matches: guests cannot sign in with a password)
                locale=board.language,
                is_instance_owner=False,
                guest_map_id=board.id,
                created_at=now,
            )
            s.add(guest)
            await s.flush()
            return await self.accounts.start_session(s, guest, stored), board.id
