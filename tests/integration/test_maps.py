"""Maps, sticky notes, moving, conflicts, undo and actions through the API."""

from __future__ import annotations

from typing import Any

from tests.integration.conftest import Api, make_map

SIX = ["see", "hear", "think_feel", "say_do", "pain", "gain"]


def add(api: Api, board: dict[str, Any], segment: str, text: str, **extra: Any) -> dict[str, Any]:
    note: dict[str, Any] = api.ok(
        "POST", f"/api/maps/{board['id']}/notes", 201, json={"segment": segment, "text": text, **extra}
    )
    return note


def texts_by_segment(api: Api, board: dict[str, Any]) -> dict[str, list[str]]:
    full = api.ok("GET", f"/api/maps/{board['id']}")
    result: dict[str, list[str]] = {s["id"]: [] for s in full["segments"]}
    for note in full["notes"]:
        result[note["segment"]].append(note["text"])
    return result


def test_a_map_shows_its_segments_with_prompts_in_its_language(owner: Api) -> None:
    board = make_map(owner)
    assert [s["id"] for s in board["segments"]] == SIX
    assert all(len(s["prompts"]) >= 3 for s in board["segments"])
    assert board["persona"]["name"] == "Sanne"
    english = {s["id"]: s["label"] for s in board["segments"]}
    dutch = owner.ok("PATCH", f"/api/maps/{board['id']}", json={"language": "nl"})
    assert {s["id"]: s["label"] for s in dutch["segments"]} != english
    assert dutch["segments"][0]["prompts"] != board["segments"][0]["prompts"]


def test_four_area_template_has_think_feel_say_do(owner: Api) -> None:
    board = make_map(owner, template="four_area")
    assert [s["id"] for s in board["segments"]] == ["think", "feel", "say", "do"]
    response = owner.post(f"/api/maps/{board['id']}/notes", json={"segment": "pain", "text": "x"})
    assert response.status_code == 422
    assert "think, feel, say, do" in response.json()["error"]["message"]


def test_notes_are_added_edited_recoloured_marked_and_deleted(owner: Api) -> None:
    board = make_map(owner)
    note = add(owner, board, "pain", "Delivery slots are always full", source="Ticket #12")
    assert (note["basis"], note["color"], note["version"]) == ("hypothesis", "yellow", 1)
    changed = owner.ok(
        "PATCH",
        f"/api/notes/{note['id']}",
        json={"text": "Evening slots are always full", "color": "pink", "basis": "evidence", "version": 1},
    )
    assert (changed["text"], changed["color"], changed["basis"], changed["version"]) == (
        "Evening slots are always full",
        "pink",
        "evidence",
        2,
    )
    owner.ok("DELETE", f"/api/notes/{note['id']}", 204)
    assert texts_by_segment(owner, board)["pain"] == []


def test_bad_notes_get_clear_errors_and_change_nothing(owner: Api) -> None:
    board = make_map(owner)
    cases = [
        ({"segment": "see", "text": "   "}, 422, "invalid_input"),
        ({"segment": "see", "text": "x" * 501}, 422, "note_too_long"),
        ({"segment": "smell", "text": "Coffee"}, 422, "invalid_input"),
        ({"segment": "see", "text": "ok", "color": "black"}, 422, "invalid_input"),
        ({"text": "no segment"}, 422, "invalid_input"),
    ]
    for body, status, code in cases:
        response = owner.post(f"/api/maps/{board['id']}/notes", json=body)
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), body
        assert response.json()["error"]["message"]
    bad_json = owner.post(
        f"/api/maps/{board['id']}/notes", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert bad_json.status_code == 400 and bad_json.json()["error"]["code"] == "invalid_json"
    assert all(texts == [] for texts in texts_by_segment(owner, board).values())


def test_notes_move_between_segments_and_reorder(owner: Api) -> None:
    board = make_map(owner)
    a = add(owner, board, "see", "A")
    add(owner, board, "see", "B")
    c = add(owner, board, "see", "C")
    x = add(owner, board, "hear", "X")
    owner.ok("POST", f"/api/notes/{c['id']}/move", json={"segment": "see", "index": 0})
    assert texts_by_segment(owner, board)["see"] == ["C", "A", "B"]
    owner.ok("POST", f"/api/notes/{a['id']}/move", json={"segment": "hear", "index": 0})
    after = texts_by_segment(owner, board)
    assert after["see"] == ["C", "B"] and after["hear"] == ["A", "X"]
    owner.ok("POST", f"/api/notes/{x['id']}/move", json={"segment": "see", "index": 99})
    after = texts_by_segment(owner, board)
    assert after["see"] == ["C", "B", "X"] and after["hear"] == ["A"]
    full = owner.ok("GET", f"/api/maps/{board['id']}")
    see_positions = [n["position"] for n in full["notes"] if n["segment"] == "see"]
    assert see_positions == [0, 1, 2]


def test_inserting_at_an_index_shifts_the_others(owner: Api) -> None:
    board = make_map(owner)
    add(owner, board, "gain", "first")
    add(owner, board, "gain", "last")
    add(owner, board, "gain", "middle", index=1)
    assert texts_by_segment(owner, board)["gain"] == ["first", "middle", "last"]


def test_concurrent_edits_are_detected_not_lost(owner: Api, member_factory: Any) -> None:
    member = member_factory("member")
    board = make_map(owner)
    note = add(owner, board, "think_feel", "Worries about money")
    owner.ok(
        "PATCH", f"/api/notes/{note['id']}", json={"text": "Worries about money at month end", "version": 1}
    )
    clash = member.patch(f"/api/notes/{note['id']}", json={"text": "Feels guilty ordering", "version": 1})
    assert clash.status_code == 409
    error = clash.json()["error"]
    assert error["code"] == "edit_conflict"
    assert error["details"]["current"]["text"] == "Worries about money at month end"
    assert texts_by_segment(owner, board)["think_feel"] == ["Worries about money at month end"]


def test_undo_reverses_the_callers_own_steps_newest_first(owner: Api) -> None:
    board = make_map(owner)
    note = add(owner, board, "see", "Ads for meal boxes")
    owner.ok("PATCH", f"/api/notes/{note['id']}", json={"text": "Ads for meal kits", "version": 1})
    owner.ok("POST", f"/api/notes/{note['id']}/move", json={"segment": "hear", "index": 0})
    owner.ok("DELETE", f"/api/notes/{note['id']}", 204)

    assert owner.ok("POST", f"/api/maps/{board['id']}/undo")["map"]["notes"][0]["segment"] == "hear"
    restored = owner.ok("POST", f"/api/maps/{board['id']}/undo")["map"]["notes"][0]
    assert (restored["segment"], restored["text"]) == ("see", "Ads for meal kits")
    restored = owner.ok("POST", f"/api/maps/{board['id']}/undo")["map"]["notes"][0]
    assert restored["text"] == "Ads for meal boxes"
    assert owner.ok("POST", f"/api/maps/{board['id']}/undo")["map"]["notes"] == []
    nothing = owner.post(f"/api/maps/{board['id']}/undo")
    assert nothing.status_code == 409 and nothing.json()["error"]["code"] == "nothing_to_undo"


def test_undo_does_not_overwrite_someone_elses_later_edit(owner: Api, member_factory: Any) -> None:
    member = member_factory("member")
    board = make_map(owner)
    note = add(owner, board, "pain", "Late deliveries")
    member.ok("PATCH", f"/api/notes/{note['id']}", json={"text": "Late deliveries, no warning", "version": 1})
    response = owner.post(f"/api/maps/{board['id']}/undo")
    assert response.status_code == 409 and response.json()["error"]["code"] == "undo_conflict"
    assert texts_by_segment(owner, board)["pain"] == ["Late deliveries, no warning"]


def test_undo_of_a_deleted_note_restores_its_action_links(owner: Api) -> None:
    board = make_map(owner)
    note = add(owner, board, "pain", "Hidden delivery fee")
    action = owner.ok(
        "POST",
        f"/api/maps/{board['id']}/actions",
        201,
        json={"title": "Show fees up front", "note_ids": [note["id"]]},
    )
    owner.ok("DELETE", f"/api/notes/{note['id']}", 204)
    full = owner.ok("GET", f"/api/maps/{board['id']}")
    assert full["actions"][0]["note_ids"] == []
    full = owner.ok("POST", f"/api/maps/{board['id']}/undo")["map"]
    assert full["actions"][0]["id"] == action["id"]
    assert full["actions"][0]["note_ids"] == [note["id"]]


def test_actions_have_owner_due_date_status_and_note_links(owner: Api, member_factory: Any) -> None:
    member = member_factory("member")
    member_id = member.ok("GET", "/api/me")["id"]
    board = make_map(owner)
    note = add(owner, board, "pain", "Checkout asks for account")
    action = owner.ok(
        "POST",
        f"/api/maps/{board['id']}/actions",
        201,
        json={
            "title": "Guest checkout",
            "owner_id": member_id,
            "due_date": "2027-01-31",
            "note_ids": [note["id"]],
        },
    )
    assert (action["owner_name"], action["status"], action["due_date"]) == ("Member", "open", "2027-01-31")
    changed = owner.ok("PATCH", f"/api/actions/{action['id']}", json={"status": "doing", "owner_id": None})
    assert (changed["status"], changed["owner_id"]) == ("doing", None)

    for body, field in [
        ({"title": "x", "due_date": "2027-02-30"}, "due_date"),
        ({"title": "x", "status": "maybe"}, "status"),
        ({"title": ""}, "title"),
        ({"title": "x", "note_ids": [999999]}, "note_ids"),
    ]:
        response = owner.post(f"/api/maps/{board['id']}/actions", json=body)
        assert response.status_code == 422, body
        assert response.json()["error"]["details"]["fields"][0]["field"] == field


def test_action_owner_must_be_a_workspace_member(owner: Api, app_factory: Any) -> None:
    board = make_map(owner)
    second = owner.ok("POST", "/api/workspaces", 201, json={"name": "Other"})
    created = owner.ok("POST", f"/api/workspaces/{second['id']}/invites", 201, json={"role": "member"})
    outsider: Api = app_factory()
    outsider_id = outsider.signup("out@example.org", "Out", invite_token=created["token"])["id"]
    response = owner.post(f"/api/maps/{board['id']}/actions", json={"title": "x", "owner_id": outsider_id})
    assert response.status_code == 422


def test_viewer_reads_but_cannot_write(owner: Api, member_factory: Any) -> None:
    viewer = member_factory("viewer")
    board = make_map(owner)
    note = add(owner, board, "see", "Visible to viewers")
    assert viewer.ok("GET", f"/api/maps/{board['id']}")["your_role"] == "viewer"
    attempts = [
        ("POST", f"/api/maps/{board['id']}/notes", {"segment": "see", "text": "no"}),
        ("PATCH", f"/api/notes/{note['id']}", {"text": "no", "version": 1}),
        ("POST", f"/api/notes/{note['id']}/move", {"segment": "hear", "index": 0}),
        ("DELETE", f"/api/notes/{note['id']}", None),
        ("POST", f"/api/maps/{board['id']}/actions", {"title": "no"}),
        ("PATCH", f"/api/maps/{board['id']}", {"title": "no"}),
        ("POST", f"/api/projects/{board['project_id']}/personas", {"name": "no"}),
    ]
    for method, path, body in attempts:
        response = viewer.request(method, path, json=body)
        assert response.status_code == 403, (method, path, response.text)
        assert response.json()["error"]["code"] == "forbidden"
    assert texts_by_segment(owner, board)["see"] == ["Visible to viewers"]


def test_note_text_is_stored_verbatim_including_markup(owner: Api) -> None:
    board = make_map(owner)
    payload = '<img src=x onerror=alert(1)> & "quotes"'
    assert add(owner, board, "say_do", payload)["text"] == payload
