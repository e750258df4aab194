"""Workspaces, roles and invite links."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update

from empathy_studio.persistence.engine import create_engine
from empathy_studio.persistence.tables import Invite
from empathy_studio.settings import Settings
from tests.integration.conftest import Api, invite


def _expire_all_invites(settings: Settings) -> None:
    async def expire() -> None:
        engine = create_engine(settings.database_url)
        async with engine.begin() as connection:
            await connection.execute(
                update(Invite).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
        await engine.dispose()

    asyncio.run(expire())


def test_invite_link_shows_its_workspace_and_role(owner: Api, app_factory: Any) -> None:
    token = invite(owner, "facilitator")
    guest: Api = app_factory()
    info = guest.ok("GET", f"/api/invites/{token}")
    assert info["workspace_name"] == "Olivia Owner's workspace"
    assert info["role"] == "facilitator"


def test_expired_invite_stops_working(owner: Api, app_factory: Any, settings: Settings) -> None:
    token = invite(owner, "member")
    _expire_all_invites(settings)
    late: Api = app_factory()
    assert late.get(f"/api/invites/{token}").json()["error"]["code"] == "invite_invalid"
    response = late.post(
        "/api/auth/signup",
        json={
            "email": "late@example.org",
            "password": "long enough pw",
            "display_name": "L",
            "invite_token": token,
        },
    )
    assert response.status_code == 404
    assert late.get("/api/me").status_code == 401


def test_revoked_invite_stops_working(owner: Api, app_factory: Any) -> None:
    workspace = owner.workspace_id()
    created = owner.ok("POST", f"/api/workspaces/{workspace}/invites", 201, json={"role": "viewer"})
    owner.ok("DELETE", f"/api/workspaces/{workspace}/invites/{created['id']}", 204)
    assert owner.ok("GET", f"/api/workspaces/{workspace}/invites")[0]["revoked"] is True
    other: Api = app_factory()
    assert other.get(f"/api/invites/{created['token']}").status_code == 404


def test_invite_expiry_is_bounded(owner: Api) -> None:
    response = owner.post(
        f"/api/workspaces/{owner.workspace_id()}/invites", json={"role": "member", "expires_in_hours": 100000}
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"]["fields"][0]["field"] == "expires_in_hours"


def test_existing_user_accepts_an_invite_into_a_second_workspace(owner: Api, member_factory: Any) -> None:
    member = member_factory("member")
    second = owner.ok("POST", "/api/workspaces", 201, json={"name": "Client work"})
    created = owner.ok("POST", f"/api/workspaces/{second['id']}/invites", 201, json={"role": "viewer"})
    joined = member.ok("POST", f"/api/invites/{created['token']}/accept")
    assert joined["role"] == "viewer"
    assert sorted(w["name"] for w in member.ok("GET", "/api/workspaces")) == [
        "Client work",
        "Olivia Owner's workspace",
    ]


def test_owner_changes_roles_and_the_last_owner_stays(owner: Api, member_factory: Any) -> None:
    member = member_factory("member")
    workspace = owner.workspace_id()
    member_id = member.ok("GET", "/api/me")["id"]
    owner_id = owner.ok("GET", "/api/me")["id"]
    assert (
        owner.ok("PATCH", f"/api/workspaces/{workspace}/members/{member_id}", json={"role": "viewer"})["role"]
        == "viewer"
    )
    last = owner.patch(f"/api/workspaces/{workspace}/members/{owner_id}", json={"role": "member"})
    assert last.status_code == 409 and last.json()["error"]["code"] == "last_owner"
    # a non-owner cannot change roles
    response = member.patch(f"/api/workspaces/{workspace}/members/{member_id}", json={"role": "owner"})
    assert response.status_code == 403


def test_members_see_only_their_workspaces(owner: Api, member_factory: Any) -> None:
    member = member_factory("member")
    private = owner.ok("POST", "/api/workspaces", 201, json={"name": "Private"})
    assert "Private" not in [w["name"] for w in member.ok("GET", "/api/workspaces")]
    assert member.get(f"/api/workspaces/{private['id']}").status_code == 404


def test_workspace_detail_lists_members_with_roles(owner: Api, member_factory: Any) -> None:
    member_factory("facilitator")
    detail = owner.ok("GET", f"/api/workspaces/{owner.workspace_id()}")
    assert sorted((m["display_name"], m["role"]) for m in detail["members"]) == [
        ("Facilitator", "facilitator"),
        ("Olivia Owner", "owner"),
    ]
