"""A facilitated workshop over real WebSockets: phases, private brainstorm, reveal, themes, merging,
dot voting, the final map, anonymity and the session record."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from empathy_studio.realtime.board_state import BoardState
from tests.integration.conftest import Api, make_map
from tests.integration.test_guests import join
from tests.integration.test_live import command, reply, until


def run(api: Api, map_id: int, op: str, status: int = 200, **args: Any) -> Any:
    """A command over HTTP (the same path as the socket); returns its result or the error body."""
    response = api.post(f"/api/maps/{map_id}/commands", json={"op": op, "args": args})
    assert response.status_code == status, (response.status_code, response.text)
    return response.json()


def error_code(api: Api, map_id: int, op: str, status: int, **args: Any) -> str:
    return str(run(api, map_id, op, status, **args)["error"]["code"])


def fresh(api: Api, map_id: int) -> dict[str, Any]:
    return api.ok("GET", f"/api/maps/{map_id}")  # type: ignore[no-any-return]


def texts(board: dict[str, Any]) -> list[str]:
    return sorted(n["text"] for n in board["notes"])


def guest_on(owner: Api, app_factory: Any, map_id: int, name: str = "Customer Carla") -> Api:
    link = owner.ok("POST", f"/api/maps/{map_id}/guest-links", 201, json={})
    return join(app_factory, link["token"], name)


def to_phase(api: Api, map_id: int, *phases: str) -> None:
    for phase in phases:
        run(api, map_id, "session.phase", phase=phase)


def test_brainstorm_notes_stay_private_until_the_reveal(owner: Api, app_factory: Any) -> None:
    board = make_map(owner)
    mid = board["id"]
    run(owner, mid, "note.create", segment="see", text="Written before the session")
    guest = guest_on(owner, app_factory, mid)
    run(owner, mid, "session.start")
    to_phase(owner, mid, "brainstorm")
    mine = run(guest, mid, "note.create", segment="pain", text="Delivery slots are always full")
    assert mine["private"] is True
    run(owner, mid, "note.create", segment="gain", text="Facilitator idea")

    # each sees only their own new notes; the others' show as a count
    assert texts(fresh(owner, mid)) == ["Facilitator idea", "Written before the session"]
    assert texts(fresh(guest, mid)) == ["Delivery slots are always full", "Written before the session"]
    assert fresh(owner, mid)["session"]["private_notes_of_others"] == 1
    # a private note cannot be reached by id by anyone else, even the facilitator
    assert error_code(owner, mid, "note.hide", 404, note_id=mine["id"], hidden=True) == "not_found"

    to_phase(owner, mid, "reveal")
    everything = ["Delivery slots are always full", "Facilitator idea", "Written before the session"]
    assert texts(fresh(owner, mid)) == everything
    assert texts(fresh(guest, mid)) == everything
    revealed = next(n for n in fresh(owner, mid)["notes"] if n["id"] == mine["id"])
    assert revealed["private"] is False and revealed["position"] == 0


def test_live_events_of_a_private_note_reach_only_its_author(owner: Api, app_factory: Any) -> None:
    board = make_map(owner)
    mid = board["id"]
    guest = guest_on(owner, app_factory, mid)
    run(owner, mid, "session.start")
    to_phase(owner, mid, "brainstorm")
    with owner.live(mid) as facilitator, guest.live(mid) as customer:
        until(facilitator, "snapshot")
        snapshot = until(customer, "snapshot")["map"]
        events: list[dict[str, Any]] = []
        answer = reply(
            customer, command(customer, "note.create", segment="hear", text="My sister swears by it"), events
        )
        assert answer["type"] == "ack"
        seen_by_facilitator = until(facilitator, "event")
        seen_by_author = events[0] if events else until(customer, "event")
    assert seen_by_facilitator["kind"] == "redacted"
    assert "My sister" not in str(seen_by_facilitator)
    assert seen_by_facilitator["seq"] == seen_by_author["seq"] == snapshot["seq"] + 1
    assert seen_by_author["payload"]["note"]["text"] == "My sister swears by it"
    # catching up from the log redacts the same way
    caught_up = owner.ok("GET", f"/api/maps/{mid}")
    assert "My sister" not in str(caught_up)


def test_authors_are_anonymous_while_brainstorming_and_voting(owner: Api, member_factory: Any) -> None:
    member = member_factory("member")
    mid = make_map(owner)["id"]
    run(member, mid, "note.create", segment="see", text="Flyers in the letterbox")
    run(owner, mid, "session.start")
    to_phase(owner, mid, "brainstorm")
    assert fresh(owner, mid)["notes"][0]["author_name"] == ""
    assert fresh(member, mid)["notes"][0]["author_name"] == "Member"  # one's own name stays
    to_phase(owner, mid, "reveal")
    assert fresh(owner, mid)["notes"][0]["author_name"] == "Member"
    run(owner, mid, "session.settings", anonymous=False)
    to_phase(owner, mid, "group", "vote")
    assert fresh(owner, mid)["notes"][0]["author_name"] == "Member"


def test_one_segment_at_a_time_keeps_everyone_on_the_focus_segment(owner: Api) -> None:
    mid = make_map(owner)["id"]
    run(owner, mid, "session.start", one_segment_at_a_time=True)
    to_phase(owner, mid, "brainstorm")
    run(owner, mid, "session.focus", segment="see")
    run(owner, mid, "note.create", segment="see", text="Ads on the tram")
    assert error_code(owner, mid, "note.create", 422, segment="pain", text="Too early") == "wrong_segment"
    assert error_code(owner, mid, "session.focus", 422, segment="nowhere") == "invalid_input"


def test_phases_move_one_step_at_a_time_and_only_for_facilitators(owner: Api, member_factory: Any) -> None:
    member = member_factory("member")
    mid = make_map(owner)["id"]
    assert error_code(member, mid, "session.start", 403) == "forbidden"
    run(owner, mid, "session.start")
    assert error_code(owner, mid, "session.start", 409) == "session_running"
    assert error_code(owner, mid, "session.phase", 422, phase="vote") == "phase_step"
    assert error_code(owner, mid, "session.phase", 422, phase="party") == "invalid_input"
    to_phase(owner, mid, "brainstorm", "frame")  # stepping back is fine
    assert error_code(member, mid, "session.phase", 403, phase="brainstorm") == "forbidden"
    assert fresh(member, mid)["session"]["phase"] == "frame"


def test_commands_for_the_wrong_phase_are_refused_and_change_nothing(owner: Api) -> None:
    mid = make_map(owner)["id"]
    note = run(owner, mid, "note.create", segment="pain", text="Late deliveries")
    assert error_code(owner, mid, "vote.cast", 422, note_id=note["id"]) == "wrong_phase"  # no session
    run(owner, mid, "session.start")
    assert error_code(owner, mid, "vote.cast", 422, note_id=note["id"]) == "wrong_phase"
    assert error_code(owner, mid, "theme.create", 422, name="Slots", note_ids=[note["id"]]) == "wrong_phase"
    to_phase(owner, mid, "brainstorm", "reveal", "group", "vote")
    before = fresh(owner, mid)
    assert (
        error_code(owner, mid, "note.update", 422, note_id=note["id"], text="x", version=1) == "wrong_phase"
    )
    assert error_code(owner, mid, "note.create", 422, segment="see", text="x") == "wrong_phase"
    after = fresh(owner, mid)
    assert after["notes"] == before["notes"] and after["seq"] == before["seq"]


def test_grouping_into_themes_and_merging_duplicates(owner: Api, member_factory: Any) -> None:
    member = member_factory("member")
    mid = make_map(owner)["id"]
    a = run(owner, mid, "note.create", segment="pain", text="Slots full on Friday", source="survey Q3")
    b = run(
        member, mid, "note.create", segment="pain", text="No delivery slot on Fridays", source="ticket 1841"
    )
    c = run(owner, mid, "note.create", segment="pain", text="Bags too heavy")
    other = run(owner, mid, "note.create", segment="gain", text="Free evening")
    action = run(owner, mid, "action.create", title="Add Friday slots", note_ids=[b["id"]])
    run(owner, mid, "session.start")
    to_phase(owner, mid, "brainstorm", "reveal", "group")

    theme = run(owner, mid, "theme.create", name="Delivery slots", note_ids=[a["id"], b["id"]])
    assert theme["segment"] == "pain"
    assert (
        error_code(owner, mid, "note.group", 422, note_id=other["id"], theme_id=theme["id"])
        == "mixed_segments"
    )
    run(member, mid, "note.group", note_id=c["id"], theme_id=theme["id"])
    run(owner, mid, "theme.update", theme_id=theme["id"], name="Friday delivery")

    merged = run(owner, mid, "note.merge", note_id=a["id"], others=[b["id"]])
    assert merged["merged"] == [
        {
            "text": "No delivery slot on Fridays",
            "source": "ticket 1841",
            "author_id": merged["merged"][0]["author_id"],
            "author_name": "Member",
        }
    ]
    assert merged["source"] == "survey Q3; ticket 1841"
    state = fresh(owner, mid)
    assert [n["text"] for n in state["notes"] if n["segment"] == "pain"] == [
        "Slots full on Friday",
        "Bags too heavy",
    ]
    assert [n["position"] for n in state["notes"] if n["segment"] == "pain"] == [0, 1]
    assert state["themes"][0]["name"] == "Friday delivery"
    assert next(x for x in state["actions"] if x["id"] == action["id"])["note_ids"] == [a["id"]]

    run(owner, mid, "theme.delete", theme_id=theme["id"])
    assert all(n["theme_id"] is None for n in fresh(owner, mid)["notes"])


def test_dot_voting_budget_sealed_results_and_ranking(owner: Api, member_factory: Any) -> None:
    member = member_factory("member")
    mid = make_map(owner)["id"]
    a = run(owner, mid, "note.create", segment="pain", text="Slots full")
    b = run(owner, mid, "note.create", segment="gain", text="Free evening")
    run(owner, mid, "session.start", vote_budget=2, one_vote_per_note=True, named_votes=True)
    to_phase(owner, mid, "brainstorm", "reveal", "group")
    theme = run(owner, mid, "theme.create", name="Time", note_ids=[b["id"]])
    to_phase(owner, mid, "vote")

    assert run(member, mid, "vote.cast", note_id=a["id"])["votes_left"] == 1
    assert error_code(member, mid, "vote.cast", 409, note_id=a["id"]) == "already_voted"
    run(member, mid, "vote.cast", theme_id=theme["id"])
    assert error_code(member, mid, "vote.cast", 409, note_id=b["id"]) == "no_votes_left"
    run(owner, mid, "vote.cast", note_id=a["id"])
    assert error_code(owner, mid, "vote.cast", 422) == "invalid_input"
    assert error_code(owner, mid, "vote.retract", 409, theme_id=theme["id"]) == "no_vote_there"

    sealed = fresh(owner, mid)
    assert [n["votes"] for n in sealed["notes"]] == [None, None]  # nobody sees totals while voting runs
    assert next(n for n in sealed["notes"] if n["id"] == a["id"])["my_votes"] == 1
    assert fresh(member, mid)["session"]["votes_left"] == 0

    to_phase(owner, mid, "converge")
    results = fresh(member, mid)
    votes = {n["text"]: n["votes"] for n in results["notes"]}
    assert votes == {"Slots full": 2, "Free evening": 0}
    assert sorted(next(n for n in results["notes"] if n["id"] == a["id"])["voters"]) == [
        "Member",
        "Olivia Owner",
    ]
    assert results["themes"][0]["votes"] == 1


def test_voting_closes_when_the_timer_runs_out(owner: Api, monkeypatch: Any) -> None:
    mid = make_map(owner)["id"]
    note = run(owner, mid, "note.create", segment="pain", text="Slots full")
    run(owner, mid, "session.start")
    to_phase(owner, mid, "brainstorm", "reveal", "group", "vote")
    state = run(owner, mid, "session.timer", seconds=60)
    assert state["timer_ends_at"] is not None
    assert error_code(owner, mid, "session.timer", 422, seconds=1) == "invalid_input"
    run(owner, mid, "vote.cast", note_id=note["id"])
    ctx = owner.client.app.state.services.votes.ctx
    later = ctx.now() + timedelta(minutes=2)
    monkeypatch.setattr(ctx, "now", lambda: later)  # two minutes on: the minute is over
    assert error_code(owner, mid, "vote.cast", 422, note_id=note["id"]) == "voting_closed"
    run(owner, mid, "session.timer", seconds=None)  # the facilitator lifts the limit
    run(owner, mid, "vote.cast", note_id=note["id"])
    assert fresh(owner, mid)["session"]["votes_left"] == 3


def test_hidden_notes_are_seen_by_facilitators_only(owner: Api, member_factory: Any) -> None:
    member = member_factory("member")
    mid = make_map(owner)["id"]
    note = run(member, mid, "note.create", segment="say_do", text="Off-topic rant")
    keep = run(member, mid, "note.create", segment="say_do", text="Orders on the bus")
    assert error_code(member, mid, "note.hide", 403, note_id=note["id"], hidden=True) == "forbidden"
    with member.live(mid) as ws:
        until(ws, "snapshot")
        run(owner, mid, "note.hide", note_id=note["id"], hidden=True)
        event = until(ws, "event")
    assert event["kind"] == "note.hidden" and "Off-topic" not in str(event)
    assert texts(fresh(member, mid)) == ["Orders on the bus"]
    assert next(n for n in fresh(member, mid)["notes"] if n["id"] == keep["id"])["position"] == 0
    hidden = next(n for n in fresh(owner, mid)["notes"] if n["id"] == note["id"])
    assert hidden["hidden"] is True
    assert error_code(member, mid, "note.update", 404, note_id=note["id"], text="x", version=1) == "not_found"
    run(owner, mid, "note.hide", note_id=note["id"], hidden=False)
    assert texts(fresh(member, mid)) == ["Off-topic rant", "Orders on the bus"]


def test_converge_marks_the_final_map_and_the_session_record_is_kept(owner: Api, app_factory: Any) -> None:
    mid = make_map(owner)["id"]
    guest = guest_on(owner, app_factory, mid, "Customer Carla")
    run(owner, mid, "session.start")
    to_phase(owner, mid, "brainstorm")
    a = run(guest, mid, "note.create", segment="pain", text="Slots full on Friday")
    run(owner, mid, "note.create", segment="gain", text="Free evening")
    to_phase(owner, mid, "reveal", "group")
    theme = run(owner, mid, "theme.create", name="Delivery slots", note_ids=[a["id"]])
    to_phase(owner, mid, "vote")
    run(guest, mid, "vote.cast", theme_id=theme["id"])
    to_phase(owner, mid, "converge")
    assert error_code(guest, mid, "theme.select", 403, theme_id=theme["id"], final=True) == "forbidden"
    run(owner, mid, "theme.select", theme_id=theme["id"], final=True)
    to_phase(owner, mid, "actions")
    run(owner, mid, "action.create", title="Open Friday evening slots", note_ids=[a["id"]])
    record = run(owner, mid, "session.end")
    summary = record["summary"]
    assert summary["participants"] == ["Customer Carla", "Olivia Owner"]
    assert summary["notes_per_segment"]["pain"] == 1 and summary["notes_per_segment"]["gain"] == 1
    assert summary["top_themes"][0] == {"name": "Delivery slots", "segment": "pain", "votes": 1, "notes": 1}
    assert summary["votes"] == 1 and summary["final_notes"] == 1
    assert summary["actions"][0]["title"] == "Open Friday evening slots"
    after = fresh(owner, mid)
    assert after["session"] is None
    assert after["records"][0]["summary"] == summary
    assert after["themes"][0]["final"] is True and after["themes"][0]["votes"] == 1


def test_ending_a_session_during_the_brainstorm_loses_no_note(owner: Api, member_factory: Any) -> None:
    member = member_factory("member")
    mid = make_map(owner)["id"]
    run(owner, mid, "session.start")
    to_phase(owner, mid, "brainstorm")
    run(member, mid, "note.create", segment="think_feel", text="Worried about waste")
    run(owner, mid, "session.end")
    assert texts(fresh(owner, mid)) == ["Worried about waste"]


def test_snapshot_plus_events_equals_a_fresh_snapshot_through_a_workshop(
    owner: Api, member_factory: Any
) -> None:
    member = member_factory("member")
    mid = make_map(owner)["id"]
    a = run(owner, mid, "note.create", segment="pain", text="Slots full")
    run(owner, mid, "session.start")
    to_phase(owner, mid, "brainstorm", "reveal", "group")
    with member.live(mid) as ws:
        state = BoardState(until(ws, "snapshot")["map"])
        theme = run(owner, mid, "theme.create", name="Slots", note_ids=[a["id"]])
        b = run(owner, mid, "note.create", segment="pain", text="Heavy bags")
        run(owner, mid, "note.group", note_id=b["id"], theme_id=theme["id"])
        run(owner, mid, "theme.update", theme_id=theme["id"], name="Delivery")
        run(owner, mid, "note.hide", note_id=b["id"], hidden=True)
        for _ in range(5):
            state.apply(until(ws, "event"))
    assert not state.stale
    assert state.comparable() == BoardState(fresh(member, mid)).comparable()


def test_guests_take_part_but_cannot_run_the_session(owner: Api, app_factory: Any) -> None:
    mid = make_map(owner)["id"]
    guest = guest_on(owner, app_factory, mid)
    other = make_map(owner)["id"]
    run(owner, other, "session.start")
    assert error_code(guest, mid, "session.start", 403) == "forbidden"
    assert error_code(guest, other, "note.create", 404, segment="see", text="x") == "not_found"
    assert error_code(guest, mid, "nonsense.op", 422) == "invalid_input"


def test_a_command_for_the_wrong_phase_over_the_socket_gets_an_error_there(owner: Api) -> None:
    mid = make_map(owner)["id"]
    note = run(owner, mid, "note.create", segment="pain", text="Slots full")
    run(owner, mid, "session.start")
    with owner.live(mid) as ws:
        before = until(ws, "snapshot")["map"]
        events: list[dict[str, Any]] = []
        answer = reply(ws, command(ws, "vote.cast", note_id=note["id"]), events)
        assert answer["type"] == "error" and answer["error"]["code"] == "wrong_phase"
        answer = reply(ws, command(ws, "session.phase", phase="converge"), events)
        assert answer["type"] == "error" and answer["error"]["code"] == "phase_step"
        answer = reply(ws, command(ws, "theme.create", name="", note_ids=[]), events)
        assert answer["type"] == "error" and answer["error"]["code"] == "invalid_input"
    assert events == []
    assert fresh(owner, mid)["seq"] == before["seq"]


def test_a_command_retried_over_http_is_applied_once_and_said_to_be_applied(owner: Api) -> None:
    """A script whose answer got lost sends the command again with the same id: nothing changes twice,
    and the answer says the command was applied (not a conflict the script would try to resolve)."""
    board = make_map(owner)
    path = f"/api/maps/{board['id']}/commands"
    created = {"op": "note.create", "id": "script-create-01", "args": {"segment": "see", "text": "Ads"}}
    note = owner.post(path, json=created).json()
    edited = {
        "op": "note.update",
        "id": "script-update-01",
        "args": {"note_id": note["id"], "text": "Ads everywhere", "version": 1},
    }
    assert owner.post(path, json=edited).status_code == 200
    for retried in (created, edited):
        again = owner.post(path, json=retried)
        assert again.status_code == 409, again.text
        assert again.json()["error"]["code"] == "duplicate_command"
        assert again.json()["error"]["details"]["command_id"] == retried["id"]
    notes = fresh(owner, board["id"])["notes"]
    assert [(n["text"], n["version"]) for n in notes] == [("Ads everywhere", 2)]
    fresh_edit = {**edited, "id": "script-update-02"}  # a new id with a stale version is a real conflict
    assert owner.post(path, json=fresh_edit).json()["error"]["code"] == "edit_conflict"
