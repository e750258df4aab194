"""What a facilitator and the participants send to run a workshop session."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from empathy_studio.domain.workshop import Phase
from empathy_studio.services.inputs import Id, Input

ThemeName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
SegmentId = Annotated[str, StringConstraints(min_length=1, max_length=20)]
VoteBudget = Annotated[int, Field(ge=1, le=50)]


class SessionSettings(Input):
    """Every field optional: a start uses defaults for what is left out, a change keeps it."""

    anonymous: bool | None = None
    vote_budget: VoteBudget | None = None
    one_vote_per_note: bool | None = None
    named_votes: bool | None = None
    one_segment_at_a_time: bool | None = None


class PhaseChange(Input):
    phase: Phase


class TimerSet(Input):
    seconds: Annotated[int, Field(ge=10, le=4 * 3600)] | None  # None stops the timer


class FocusSet(Input):
    segment: SegmentId | None  # None: all segments at once


class ThemeCreate(Input):
    name: ThemeName
    note_ids: list[Id] = Field(min_length=1, max_length=200)


class ThemePatch(Input):
    theme_id: Id
    name: ThemeName


class ThemeRef(Input):
    theme_id: Id


class NoteGroup(Input):
    note_id: Id
    theme_id: Id | None  # None takes the note out of its theme


class NoteMerge(Input):
    note_id: Id  # the note that stays
    others: list[Id] = Field(min_length=1, max_length=50)


class NoteHide(Input):
    note_id: Id
    hidden: bool


class FinalMark(Input):
    """Mark a note or a theme as part of the final map (or take it off)."""

    note_id: Id | None = None
    theme_id: Id | None = None
    final: bool

    @model_validator(mode="after")
    def one_target(self) -> FinalMark:
        if (self.note_id is None) == (self.theme_id is None):
            raise ValueError("Give either note_id or theme_id.")
        return self


class VoteTarget(Input):
    note_id: Id | None = None
    theme_id: Id | None = None

    @model_validator(mode="after")
    def one_target(self) -> VoteTarget:
        if (self.note_id is None) == (self.theme_id is None):
            raise ValueError("Vote for either a note (note_id) or a theme (theme_id).")
        return self
