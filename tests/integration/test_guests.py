"""Guests join one map's workshop by a link and can reach nothing else."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from starlette.websockets import WebSocketDisconnect

from tests.integration.conftest import Api, make_map


def join(app_factory: Any, token: str, name: str = "Customer Carla", passcode: str | None = None) -> Api:
    guest: Api = app_factory()
    body: dict[str, Any] = {"display_name": name}
    if passcode is not None:
        body["passcode"] = passcode
    guest.ok("POST", f"/api/join/{token}", 201, json=body)
    return guest


def test_guest_takes_part_in_one_map_only(owner: Api, app_factory: Any) -> None:
    board = make_map(owner)
    other = make_map(owner)
    link = owner.ok("POST", f"/api/maps/{board['id']}/guest-links", 201, json={})
    assert link["url"].startswith("/#/join/")
    info = app_factory().ok("GET", f"/api/join/{link['token']}")
    assert (info["map_title"], info["needs_passcode"]) == ("Busy parents", False)

    guest = join(app_factory, link["token"])
    me = guest.ok("GET", "/api/me")
    assert (me["guest_map_id"], me["email"]) == (board["id"], None)
    assert guest.ok("GET", f"/api/maps/{board['id']}")["your_role"] == "guest"
    note = guest.ok(
        "POST", f"/api/maps/{board['id']}/notes", 201, json={"segment": "pain", "text": "Too pricey"}
    )
    assert note["author_name"] == "Customer Carla"

    assert guest.ok("GET", "/api/workspaces") == []
    for method, path, body in [
        ("GET", f"/api/maps/{other['id']}", None),
        ("GET", f"/api/projects/{board['project_id']}", None),
        ("GET", f"/api/personas/{board['persona_id']}", None),
        ("GET", f"/api/workspaces/{owner.workspace_id()}", None),
        ("POST", f"/api/maps/{other['id']}/notes", {"segment": "see", "text": "x"}),
    ]:
        assert guest.request(method, path, json=body).status_code == 404, path
    for method, path, body in [
        ("PATCH", f"/api/maps/{board['id']}", {"title": "hijacked"}),
        ("POST", f"/api/maps/{board['id']}/actions", {"title": "x"}),
        ("POST", f"/api/maps/{board['id']}/guest-links", {}),
        ("DELETE", f"/api/maps/{board['id']}", None),
    ]:
        assert guest.request(method, path, json=body).status_code == 403, path
    with pytest.raises(WebSocketDisconnect) as caught, guest.live(other["id"]) as ws:
        ws.receive_json()
    assert caught.value.code == 4404


def test_passcode_and_closed_links(owner: Api, app_factory: Any) -> None:
    board = make_map(owner)
    link = owner.ok("POST", f"/api/maps/{board['id']}/guest-links", 201, json={"passcode": "sunflower"})
    assert app_factory().ok("GET", f"/api/join/{link['token']}")["needs_passcode"] is True
    wrong = app_factory().post(f"/api/join/{link['token']}", json={"display_name": "X", "passcode": "tulip"})
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "wrong_passcode"
    join(app_factory, link["token"], passcode="sunflower")

    owner.ok("DELETE", f"/api/maps/{board['id']}/guest-links/{link['id']}", 204)
    closed = app_factory().post(
        f"/api/join/{link['token']}", json={"display_name": "Late", "passcode": "sunflower"}
    )
    assert closed.status_code == 404 and closed.json()["error"]["code"] == "join_link_invalid"
    links = owner.ok("GET", f"/api/maps/{board['id']}/guest-links")
    assert links[0]["revoked"] is True and links[0]["joined_count"] == 1


def test_members_cannot_make_join_links_only_facilitators(owner: Api, member_factory: Any) -> None:
    board = make_map(owner)
    member = member_factory("member")
    assert member.post(f"/api/maps/{board['id']}/guest-links", json={}).status_code == 403
    facilitator = member_factory("facilitator")
    facilitator.ok("POST", f"/api/maps/{board['id']}/guest-links", 201, json={"expires_in_hours": 2})


def test_a_guest_cannot_be_invited_as_workspace_role(owner: Api) -> None:
    response = owner.post(f"/api/workspaces/{owner.workspace_id()}/invites", json={"role": "guest"})
    assert response.status_code == 422


def test_guests_cannot_sign_in_with_a_password(owner: Api, app_factory: Any) -> None:
    board = make_map(owner)
    link = owner.ok("POST", f"/api/maps/{board['id']}/guest-links", 201, json={})
    join(app_factory, link["token"])
    response = app_factory().post("/api/auth/login", json={"email": "", "password": "!"})
    assert response.status_code == 401


def test_closing_a_link_signs_out_the_guests_who_came_through_it(owner: Api, app_factory: Any) -> None:
    board = make_map(owner)
    closed = owner.ok("POST", f"/api/maps/{board['id']}/guest-links", 201, json={})
    kept = owner.ok("POST", f"/api/maps/{board['id']}/guest-links", 201, json={})
    leaving = join(app_factory, closed["token"], "Customer Carla")
    staying = join(app_factory, kept["token"], "Customer Kees")

    with pytest.raises(WebSocketDisconnect) as caught, leaving.live(board["id"]) as ws:
        assert ws.receive_json()["type"] == "snapshot"
        owner.ok("DELETE", f"/api/maps/{board['id']}/guest-links/{closed['id']}", 204)
        while True:  # the server closes the socket; whatever was on its way is read first
            ws.receive_json()
    assert caught.value.code == 4001
    assert leaving.get(f"/api/maps/{board['id']}").status_code == 401
    with pytest.raises(WebSocketDisconnect) as caught, leaving.live(board["id"]) as ws:
        ws.receive_json()
    assert caught.value.code == 4401

    # A guest who came through another link takes part as before.
    assert staying.ok("GET", f"/api/maps/{board['id']}")["your_role"] == "guest"
    staying.ok("POST", f"/api/maps/{board['id']}/notes", 201, json={"segment": "gain", "text": "Quick"})


def test_a_guest_session_ends_when_its_link_expires(owner: Api, app_factory: Any) -> None:
    board = make_map(owner)
    link = owner.ok("POST", f"/api/maps/{board['id']}/guest-links", 201, json={"expires_in_hours": 1})
    guest = join(app_factory, link["token"])
    assert guest.ok("GET", f"/api/maps/{board['id']}")["your_role"] == "guest"
    ctx = guest.client.app.state.services.accounts.ctx  # the clock every service reads
    later = ctx.now() + timedelta(hours=1, seconds=1)
    ctx.now = lambda: later  # an hour on: the link and the sessions it opened have run out
    assert guest.get(f"/api/maps/{board['id']}").status_code == 401
    assert app_factory().get(f"/api/join/{link['token']}").status_code == 404


def test_a_guest_on_the_live_map_is_cut_off_when_the_link_runs_out(owner: Api, app_factory: Any) -> None:
    board = make_map(owner)
    link = owner.ok("POST", f"/api/maps/{board['id']}/guest-links", 201, json={"expires_in_hours": 1})
    guest = join(app_factory, link["token"])
    ctx = guest.client.app.state.services.accounts.ctx
    ends = datetime.fromisoformat(link["expires_at"].replace("Z", "+00:00"))
    ctx.now = lambda: ends - timedelta(seconds=0.5)  # half a second before the link runs out
    with pytest.raises(WebSocketDisconnect) as caught, guest.live(board["id"]) as ws:
        assert ws.receive_json()["type"] == "snapshot"
        while True:  # nothing else arrives; the server closes the socket when the sign-in ends
            ws.receive_json()
    assert caught.value.code == 4401


def test_a_facilitator_removes_one_guest_and_the_others_stay(
    owner: Api, app_factory: Any, member_factory: Any
) -> None:
    board = make_map(owner)
    other = make_map(owner)
    link = owner.ok("POST", f"/api/maps/{board['id']}/guest-links", 201, json={})
    troll = join(app_factory, link["token"], "Someone Else")
    carla = join(app_factory, link["token"], "Customer Carla")
    note = troll.ok("POST", f"/api/maps/{board['id']}/notes", 201, json={"segment": "say_do", "text": "spam"})
    guests = owner.ok("GET", f"/api/maps/{board['id']}/guests")
    assert [(g["display_name"], g["signed_in"]) for g in guests] == [
        ("Someone Else", True),
        ("Customer Carla", True),
    ]
    troll_id = guests[0]["id"]

    with pytest.raises(WebSocketDisconnect) as caught, troll.live(board["id"]) as ws:
        assert ws.receive_json()["type"] == "snapshot"
        owner.ok("DELETE", f"/api/maps/{board['id']}/guests/{troll_id}", 204)
        while True:
            ws.receive_json()
    assert caught.value.code == 4001
    assert troll.get(f"/api/maps/{board['id']}").status_code == 401
    assert carla.ok("GET", f"/api/maps/{board['id']}")["your_role"] == "guest"
    guests = owner.ok("GET", f"/api/maps/{board['id']}/guests")
    assert [(g["display_name"], g["signed_in"]) for g in guests] == [
        ("Someone Else", False),
        ("Customer Carla", True),
    ]
    notes = owner.ok("GET", f"/api/maps/{board['id']}")["notes"]
    assert [n["id"] for n in notes] == [note["id"]]  # what they wrote stays for the facilitator to judge

    member = member_factory("member")
    assert member.get(f"/api/maps/{board['id']}/guests").status_code == 403
    assert member.delete(f"/api/maps/{board['id']}/guests/{guests[1]['id']}").status_code == 403
    gone = owner.delete(f"/api/maps/{other['id']}/guests/{guests[1]['id']}")  # not a guest of that map
    assert gone.status_code == 404


def test_guests_cannot_make_api_tokens(owner: Api, app_factory: Any) -> None:
    board = make_map(owner)
    link = owner.ok("POST", f"/api/maps/{board['id']}/guest-links", 201, json={})
    guest = join(app_factory, link["token"])
    refused = guest.post("/api/me/tokens", json={"name": "keep me in"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "guests_cannot_make_tokens"
    assert guest.ok("GET", "/api/me/tokens") == []
