"""The workshop's rules without a database: phases, what each allows, who sees what, sign-in attempts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from empathy_studio.domain.errors import InvalidInput, TooManyRequests
from empathy_studio.domain.visibility import FACILITATORS, Viewer, event_for, only_for
from empathy_studio.domain.workshop import Phase, authors_hidden, check_allowed, check_step, results_visible
from empathy_studio.services.attempts import AttemptLimiter


@pytest.mark.parametrize(
    ("phase", "op", "allowed"),
    [
        (None, "note.create", True),
        (None, "theme.create", True),
        (None, "vote.cast", False),
        (Phase.BRAINSTORM, "note.create", True),
        (Phase.BRAINSTORM, "vote.cast", False),
        (Phase.BRAINSTORM, "theme.create", False),
        (Phase.GROUP, "note.merge", True),
        (Phase.VOTE, "vote.cast", True),
        (Phase.VOTE, "note.update", False),
        (Phase.VOTE, "undo", False),
        (Phase.CONVERGE, "note.select", True),
        (Phase.REVEAL, "note.select", False),
        (Phase.ACTIONS, "action.create", True),  # not a phase-bound command
    ],
)
def test_each_phase_opens_and_closes_commands(phase: Phase | None, op: str, allowed: bool) -> None:
    if allowed:
        check_allowed(phase, op)
    else:
        with pytest.raises(InvalidInput) as caught:
            check_allowed(phase, op)
        assert caught.value.code == "wrong_phase"


def test_phases_move_one_step_either_way() -> None:
    check_step(Phase.FRAME, Phase.BRAINSTORM)
    check_step(Phase.VOTE, Phase.GROUP)
    with pytest.raises(InvalidInput) as caught:
        check_step(Phase.BRAINSTORM, Phase.VOTE)
    assert "reveal" in caught.value.message and "frame" in caught.value.message


def test_authors_hide_only_in_anonymous_phases_and_results_stay_sealed_while_voting() -> None:
    assert authors_hidden(Phase.BRAINSTORM, anonymous=True)
    assert not authors_hidden(Phase.GROUP, anonymous=True)
    assert not authors_hidden(Phase.VOTE, anonymous=False)
    assert not results_visible(Phase.VOTE) and results_visible(Phase.CONVERGE) and results_visible(None)


def event(audience: str | None = None, anonymous: bool = False) -> dict[str, object]:
    note = {"id": 5, "text": "secret", "author_id": 7, "author_name": "Ann", "merged": []}
    return {"map_id": 1, "seq": 9, "kind": "note.created", "actor_id": 7, "payload": {"note": note},
            "command_id": "c-1", "audience": audience, "anonymous": anonymous}  # fmt: skip


def test_a_private_event_reaches_others_as_its_number_only() -> None:
    other = event_for(event(only_for(7)), Viewer(8, facilitates=True))
    assert other == {"map_id": 1, "seq": 9, "kind": "redacted", "actor_id": None, "payload": {"was": "note.created"}, "command_id": None}  # fmt: skip
    mine = event_for(event(only_for(7)), Viewer(7, facilitates=False))
    assert mine["payload"]["note"]["text"] == "secret" and "audience" not in mine


def test_hidden_notes_go_to_facilitators_and_anonymity_blanks_other_peoples_names() -> None:
    assert event_for(event(FACILITATORS), Viewer(8, facilitates=False))["kind"] == "redacted"
    assert event_for(event(FACILITATORS), Viewer(8, facilitates=True))["kind"] == "note.created"
    blanked = event_for(event(anonymous=True), Viewer(8, facilitates=True))
    assert blanked["payload"]["note"]["author_name"] == "" and blanked["actor_id"] is None
    own = event_for(event(anonymous=True), Viewer(7, facilitates=False))
    assert own["payload"]["note"]["author_name"] == "Ann"


def test_live_events_leave_out_the_previous_state_that_only_undo_needs() -> None:
    stored = {**event(None), "kind": "note.updated"}
    stored["payload"] = {"before": {"text": "old"}, "note": {"text": "new", "author_name": "Ann"}}
    sent = event_for(stored, Viewer(8, facilitates=False))
    assert sent["payload"] == {"note": {"text": "new", "author_name": "Ann"}}
    assert stored["payload"]["before"] == {"text": "old"}  # the stored event keeps it for undo


def test_failed_sign_ins_are_limited_within_a_window() -> None:
    limiter = AttemptLimiter(3, timedelta(minutes=15))
    start = datetime(2026, 1, 1, tzinfo=UTC)
    keys = ["email:a@example.org", "client:1.2.3.4"]
    for i in range(3):
        limiter.check(keys, start + timedelta(seconds=i))
        limiter.failed(keys, start + timedelta(seconds=i))
    with pytest.raises(TooManyRequests) as caught:
        limiter.check(["email:a@example.org"], start + timedelta(minutes=1))
    assert 800 < caught.value.details["retry_after"] <= 900
    limiter.check(keys, start + timedelta(minutes=16))  # the window has passed
