"""Live maps over real WebSockets: fan-out, catch-up, idempotent commands, conflicts and bad input."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from starlette.websockets import WebSocketDisconnect

from empathy_studio.domain.values import Role
from empathy_studio.realtime.board_state import BoardState
from empathy_studio.services.context import Actor
from empathy_studio.services.inputs import RoleIn
from tests.integration.conftest import Api, make_map

_ids = itertools.count(1)


def command(ws: Any, op: str, cid: str | None = None, **args: Any) -> str:
    cid = cid or f"cmd-{next(_ids):06d}"
    ws.send_json({"type": "command", "id": cid, "op": op, "args": args})
    return cid


def until(ws: Any, wanted: str, seen: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Read messages until one of type ``wanted``; the others are kept in ``seen``."""
    for _ in range(200):
        message: dict[str, Any] = ws.receive_json()
        if message["type"] == wanted:
            return message
        if seen is not None:
            seen.append(message)
    raise AssertionError(f"no {wanted} message")


def reply(ws: Any, cid: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    """Read until the ack or error of command ``cid``, collecting events on the way."""
    for _ in range(200):
        message: dict[str, Any] = ws.receive_json()
        if message["type"] == "event":
            events.append(message)
        elif message["type"] in ("ack", "error") and message["id"] == cid:
            return message
    raise AssertionError("no reply")


def test_two_people_converge_under_interleaved_edits(owner: Api, member_factory: Any) -> None:
    member = member_factory("member")
    board = make_map(owner)
    with owner.live(board["id"]) as a, member.live(board["id"]) as b:
        state_a = BoardState(until(a, "snapshot")["map"])
        state_b = BoardState(until(b, "snapshot")["map"])
        events_a: list[dict[str, Any]] = []
        events_b: list[dict[str, Any]] = []

        def do(ws: Any, op: str, **args: Any) -> dict[str, Any]:
            mine = events_a if ws is a else events_b
            answer = reply(ws, command(ws, op, **args), mine)
            assert answer["type"] == "ack", answer
            return answer

        n1 = do(a, "note.create", segment="see", text="Billboards for meal kits")["result"]
        n2 = do(b, "note.create", segment="see", text="Neighbours use a rival app", index=0)["result"]
        n3 = do(a, "note.create", segment="pain", text="Slots full on Friday")["result"]
        do(b, "note.update", note_id=n1["id"], text="Billboards at the station", version=1)
        do(a, "note.move", note_id=n2["id"], segment="hear", index=0)
        do(b, "action.create", title="Add Friday slots", note_ids=[n3["id"]])
        do(a, "note.delete", note_id=n3["id"])
        do(a, "undo")  # brings the note back, with its action link
        do(b, "map.update", goal="Why do Friday orders drop?")

        # everyone hears every event; read the rest of the traffic until both have all nine
        while len(events_a) < 9:
            events_a.append(until(a, "event"))
        while len(events_b) < 9:
            events_b.append(until(b, "event"))
    for event in events_a:
        state_a.apply(event)
    for event in events_b:
        state_b.apply(event)
    fresh = BoardState(owner.ok("GET", f"/api/maps/{board['id']}"))
    assert state_a.comparable() == fresh.comparable()
    assert state_b.comparable() == fresh.comparable()
    assert fresh.comparable()["actions"][0]["note_ids"] == [n3["id"]]


def test_presence_shows_who_is_on_the_map(owner: Api, member_factory: Any) -> None:
    member = member_factory("member")
    board = make_map(owner)
    with owner.live(board["id"]) as a:
        until(a, "snapshot")
        with member.live(board["id"]) as b:
            until(b, "snapshot")
            for _ in range(5):
                people = until(a, "presence")["people"]
                if len(people) == 2:
                    break
            assert sorted(p["display_name"] for p in people) == ["Member", "Olivia Owner"]
        assert [p["display_name"] for p in until(a, "presence")["people"]] == ["Olivia Owner"]


def test_reconnect_with_a_stale_sequence_number_catches_up(owner: Api) -> None:
    board = make_map(owner)
    with owner.live(board["id"]) as ws:
        snapshot = until(ws, "snapshot")["map"]
    stale = BoardState(snapshot)
    for text in ("one", "two", "three"):
        owner.ok("POST", f"/api/maps/{board['id']}/notes", 201, json={"segment": "gain", "text": text})
    with owner.live(board["id"], since=stale.seq) as ws:
        missed = until(ws, "events")["events"]
    assert [e["seq"] for e in missed] == [1, 2, 3]
    for event in missed:
        stale.apply(event)
    assert stale.comparable() == BoardState(owner.ok("GET", f"/api/maps/{board['id']}")).comparable()


def test_a_sequence_number_from_the_future_gets_a_fresh_snapshot(owner: Api) -> None:
    board = make_map(owner)
    with owner.live(board["id"], since=999) as ws:
        assert until(ws, "snapshot")["map"]["id"] == board["id"]


def test_a_retried_command_is_applied_once(owner: Api) -> None:
    board = make_map(owner)
    with owner.live(board["id"]) as ws:
        until(ws, "snapshot")
        events: list[dict[str, Any]] = []
        first = reply(
            ws, command(ws, "note.create", "retry-0001", segment="say_do", text="Orders at 22:00"), events
        )
        again = reply(
            ws, command(ws, "note.create", "retry-0001", segment="say_do", text="Orders at 22:00"), events
        )
    assert first["duplicate"] is False and again["duplicate"] is True
    notes = owner.ok("GET", f"/api/maps/{board['id']}")["notes"]
    assert [n["text"] for n in notes] == ["Orders at 22:00"]


def test_a_retried_edit_or_delete_is_answered_as_applied_not_as_a_conflict(owner: Api) -> None:
    board = make_map(owner)
    note = owner.ok("POST", f"/api/maps/{board['id']}/notes", 201, json={"segment": "see", "text": "v1"})
    with owner.live(board["id"]) as ws:
        until(ws, "snapshot")
        for _attempt in range(2):  # the first ack was lost with the connection; the page sends it again
            answer = reply(
                ws, command(ws, "note.update", "retry-0101", note_id=note["id"], text="v2", version=1), []
            )
            assert answer["type"] == "ack", answer
        assert answer["duplicate"] is True
        for _attempt in range(2):
            answer = reply(ws, command(ws, "note.delete", "retry-0102", note_id=note["id"]), [])
            assert answer["type"] == "ack", answer
        assert answer["duplicate"] is True
    assert owner.ok("GET", f"/api/maps/{board['id']}")["notes"] == []


def test_concurrent_edit_over_the_socket_is_reported_with_the_current_text(owner: Api) -> None:
    board = make_map(owner)
    note = owner.ok("POST", f"/api/maps/{board['id']}/notes", 201, json={"segment": "see", "text": "v1"})
    owner.ok("PATCH", f"/api/notes/{note['id']}", json={"text": "v2 from the API", "version": 1})
    with owner.live(board["id"]) as ws:
        until(ws, "snapshot")
        answer = reply(
            ws, command(ws, "note.update", note_id=note["id"], text="v2 from socket", version=1), []
        )
    assert answer["type"] == "error"
    assert answer["error"]["code"] == "edit_conflict"
    assert answer["error"]["details"]["current"]["text"] == "v2 from the API"


def test_viewer_can_watch_but_not_write(owner: Api, member_factory: Any) -> None:
    viewer = member_factory("viewer")
    board = make_map(owner)
    with viewer.live(board["id"]) as ws:
        until(ws, "snapshot")
        answer = reply(ws, command(ws, "note.create", segment="see", text="nope"), [])
        assert answer["error"]["code"] == "forbidden"
        owner.ok("POST", f"/api/maps/{board['id']}/notes", 201, json={"segment": "see", "text": "by owner"})
        assert until(ws, "event")["payload"]["note"]["text"] == "by owner"
    assert [n["text"] for n in owner.ok("GET", f"/api/maps/{board['id']}")["notes"]] == ["by owner"]


def test_a_changed_role_or_removal_ends_the_live_connection_at_once(owner: Api, member_factory: Any) -> None:
    member = member_factory("member")
    me = member.ok("GET", "/api/me")["id"]
    board = make_map(owner)
    members = f"/api/workspaces/{owner.workspace_id()}/members/{me}"
    with pytest.raises(WebSocketDisconnect) as caught, member.live(board["id"]) as ws:
        until(ws, "snapshot")
        owner.ok("PATCH", members, json={"role": "viewer"})
        until(ws, "never")  # the server closes the socket
    assert caught.value.code == 4001
    with member.live(board["id"]) as ws:  # back with the new role: watching, not writing
        assert until(ws, "snapshot")["map"]["your_role"] == "viewer"
        answer = reply(ws, command(ws, "note.create", segment="see", text="as a viewer"), [])
        assert answer["error"]["code"] == "forbidden"
        owner.ok("DELETE", members, 204)
        with pytest.raises(WebSocketDisconnect) as caught:
            until(ws, "never")
        assert caught.value.code == 4001
    with pytest.raises(WebSocketDisconnect) as caught, member.live(board["id"]) as ws:
        ws.receive_json()
    assert caught.value.code == 4404  # no longer a member: nothing to see
    assert owner.ok("GET", f"/api/maps/{board['id']}")["notes"] == []


def test_a_role_changed_while_the_socket_connects_is_not_missed(
    owner: Api, member_factory: Any, monkeypatch: Any
) -> None:
    """The role is read before the socket joins the room, so the role change's signal can pass it by;
    the socket asks again once it is in the room."""
    member = member_factory("member")
    me = member.ok("GET", "/api/me")["id"]
    board = make_map(owner)
    svc = owner.client.app.state.services  # type: ignore[attr-defined]
    owner_id, workspace = owner.ok("GET", "/api/me")["id"], owner.workspace_id()
    read = svc.maps.role_on

    async def changed_right_after_the_read(actor: Any, map_id: int) -> Any:
        monkeypatch.setattr(svc.maps, "role_on", read)
        role = await read(actor, map_id)  # read as a member...
        await svc.workspaces.set_role(  # ...made a viewer before the socket is in the room
            Actor(owner_id, "Olivia Owner"), workspace, me, RoleIn(role=Role.VIEWER)
        )
        return role

    monkeypatch.setattr(svc.maps, "role_on", changed_right_after_the_read)
    with pytest.raises(WebSocketDisconnect) as caught, member.live(board["id"]) as ws:
        until(ws, "never")
    assert caught.value.code == 4001
    with member.live(board["id"]) as ws:  # back, as what they are now
        assert until(ws, "snapshot")["map"]["your_role"] == "viewer"


def test_signing_out_or_revoking_a_token_ends_the_live_connections_it_opened(owner: Api) -> None:
    board = make_map(owner)
    created = owner.ok("POST", "/api/me/tokens", 201, json={"name": "script"})
    bearer = {"Authorization": f"Bearer {created['token']}"}
    url = f"/api/maps/{board['id']}/live"
    with (
        pytest.raises(WebSocketDisconnect) as caught,
        owner.client.websocket_connect(url, headers=bearer) as ws,
    ):
        until(ws, "snapshot")
        owner.ok("DELETE", f"/api/me/tokens/{created['id']}", 204)
        until(ws, "never")
    assert caught.value.code == 4001
    with (
        pytest.raises(WebSocketDisconnect) as caught,
        owner.client.websocket_connect(url, headers=bearer) as ws,
    ):
        ws.receive_json()
    assert caught.value.code == 4401

    cookies = dict(owner.cookies)
    with pytest.raises(WebSocketDisconnect) as caught, owner.live(board["id"]) as ws:
        until(ws, "snapshot")
        owner.ok("POST", "/api/auth/logout", 204)
        until(ws, "never")
    assert caught.value.code == 4001
    owner.cookies = cookies  # the old cookie, kept by someone: it opens nothing any more
    with pytest.raises(WebSocketDisconnect) as caught, owner.live(board["id"]) as ws:
        ws.receive_json()
    assert caught.value.code == 4401


def test_commands_cannot_reach_notes_of_another_map(owner: Api) -> None:
    first, second = make_map(owner), make_map(owner)
    note = owner.ok("POST", f"/api/maps/{second['id']}/notes", 201, json={"segment": "see", "text": "other"})
    with owner.live(first["id"]) as ws:
        until(ws, "snapshot")
        answer = reply(ws, command(ws, "note.delete", note_id=note["id"]), [])
    assert answer["error"]["code"] == "not_found"
    assert len(owner.ok("GET", f"/api/maps/{second['id']}")["notes"]) == 1


def test_outsiders_cannot_connect(owner: Api, app_factory: Any) -> None:
    board = make_map(owner)
    anonymous: Api = app_factory()
    with pytest.raises(WebSocketDisconnect) as caught, anonymous.live(board["id"]) as ws:
        ws.receive_json()
    assert caught.value.code == 4401

    second = owner.ok("POST", "/api/workspaces", 201, json={"name": "Elsewhere"})
    created = owner.ok("POST", f"/api/workspaces/{second['id']}/invites", 201, json={"role": "owner"})
    stranger: Api = app_factory()
    stranger.signup("s@example.org", "S", invite_token=created["token"])
    with pytest.raises(WebSocketDisconnect) as caught, stranger.live(board["id"]) as ws:
        ws.receive_json()
    assert caught.value.code == 4404

    with (
        pytest.raises(WebSocketDisconnect) as caught,
        owner.live(board["id"], origin="https://evil.example") as ws,
    ):
        ws.receive_json()
    assert caught.value.code == 4403


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("{not json", "invalid_json"),
        (json.dumps({"type": "shout", "text": "hi"}), "unknown_message"),
        (
            json.dumps(
                {"type": "command", "id": "bad-args-1", "op": "note.create", "args": {"segment": "x"}}
            ),
            "invalid_input",
        ),
        (
            json.dumps({"type": "command", "id": "bad-op-0001", "op": "note.explode", "args": {}}),
            "invalid_message",
        ),
        (json.dumps({"type": "command", "id": "x", "op": "note.create", "args": {}}), "invalid_message"),
        (
            json.dumps(
                {
                    "type": "command",
                    "id": "big-000001",
                    "op": "note.create",
                    "args": {"segment": "see", "text": "x" * 70_000},
                }
            ),
            "message_too_large",
        ),
        (
            json.dumps(
                {"type": "command", "id": "no-note-01", "op": "note.delete", "args": {"note_id": "7"}}
            ),
            "invalid_input",
        ),
    ],
)
def test_bad_messages_get_an_error_and_change_nothing(owner: Api, frame: str, code: str) -> None:
    board = make_map(owner)
    with owner.live(board["id"]) as ws:
        until(ws, "snapshot")
        ws.send_text(frame)
        assert until(ws, "error")["error"]["code"] == code
        ws.send_json({"type": "ping"})
        assert until(ws, "pong") == {"type": "pong"}  # the connection is still usable
    full = owner.ok("GET", f"/api/maps/{board['id']}")
    assert full["notes"] == [] and full["seq"] == 0
