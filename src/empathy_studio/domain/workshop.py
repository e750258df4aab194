"""The facilitated workshop on a map: its phases, what each phase allows, and who sees whose notes.

A session moves frame -> brainstorm -> reveal -> group -> vote -> converge -> actions, one step at a
time in either direction, and then ends. Each phase opens some commands and closes others, so a
participant cannot, say, vote during the brainstorm or rewrite notes while votes are being cast."""

from __future__ import annotations

from enum import StrEnum

from empathy_studio.domain.errors import InvalidInput


class Phase(StrEnum):
    FRAME = "frame"  # goal, persona and problem statement shown to all
    BRAINSTORM = "brainstorm"  # private writing: each person sees only their own new notes
    REVEAL = "reveal"  # all notes appear; the facilitator may hide or remove some
    GROUP = "group"  # notes form named themes within a segment; duplicates are merged
    VOTE = "vote"  # dot voting with a budget per person; notes are frozen
    CONVERGE = "converge"  # mark what makes the final map
    ACTIONS = "actions"  # turn the top-voted themes into actions with owners


PHASES: tuple[Phase, ...] = tuple(Phase)

# Authors stay hidden while ideas are written and while they are judged, so that who wrote a note
# sways neither (the session can turn this off).
ANONYMOUS_PHASES = frozenset({Phase.BRAINSTORM, Phase.VOTE})

NOTE_EDITS = frozenset({"note.create", "note.update", "note.move", "note.delete", "undo"})
GROUPING = frozenset({"theme.create", "theme.update", "theme.delete", "note.group", "note.merge"})
VOTING = frozenset({"vote.cast", "vote.retract"})
CONVERGING = frozenset({"note.select", "theme.select"})

_OPEN: dict[Phase, frozenset[str]] = {
    Phase.FRAME: NOTE_EDITS,
    Phase.BRAINSTORM: NOTE_EDITS,
    Phase.REVEAL: NOTE_EDITS,
    Phase.GROUP: NOTE_EDITS | GROUPING,
    Phase.VOTE: VOTING,
    Phase.CONVERGE: NOTE_EDITS | GROUPING | CONVERGING,
    Phase.ACTIONS: NOTE_EDITS | CONVERGING,
}
_PHASE_OPS = GROUPING | VOTING | CONVERGING | NOTE_EDITS

_WHEN: dict[frozenset[str], str] = {
    GROUPING: "Themes are made in the Group phase.",
    VOTING: "Votes are cast in the Vote phase.",
    CONVERGING: "The final map is chosen in the Converge phase.",
    NOTE_EDITS: "Notes are frozen while the votes are cast.",
}


def check_allowed(phase: Phase | None, op: str) -> None:
    """Refuse a board command the current phase does not allow. Without a session only the workshop
    commands (voting, choosing the final map) are closed; themes can be made at any time."""
    if phase is None:
        if op in VOTING:
            raise InvalidInput("Voting needs a running workshop session.", code="wrong_phase")
        return
    if op not in _PHASE_OPS or op in _OPEN[phase]:
        return
    family = next(ops for ops in _WHEN if op in ops)
    raise InvalidInput(
        f"Not now: the session is in the {phase.value} phase. {_WHEN[family]}",
        code="wrong_phase",
        details={"phase": phase.value, "op": op},
    )


def parse_phase(value: str) -> Phase:
    try:
        return Phase(value)
    except ValueError:
        names = ", ".join(PHASES)
        raise InvalidInput.field("phase", f"Unknown phase '{value}'. Phases are: {names}.") from None


def check_step(current: Phase, target: Phase) -> None:
    """A facilitator moves one phase forward or back; jumping ahead would skip the reveal or the vote."""
    if abs(PHASES.index(target) - PHASES.index(current)) > 1:
        raise InvalidInput(
            f"Move one phase at a time: from {current.value} you can go to "
            + " or ".join(p.value for p in neighbours(current))
            + ".",
            code="phase_step",
            details={"phase": current.value, "target": target.value},
        )


def neighbours(phase: Phase) -> list[Phase]:
    i = PHASES.index(phase)
    return [PHASES[j] for j in (i - 1, i + 1) if 0 <= j < len(PHASES)]


def authors_hidden(phase: Phase | None, anonymous: bool) -> bool:
    return phase is not None and anonymous and phase in ANONYMOUS_PHASES


def results_visible(phase: Phase | None) -> bool:
    """Vote totals stay sealed while voting runs, so early dots do not steer later ones."""
    return phase != Phase.VOTE
