"""The sample project behind `empathy demo`: one full, credible map per language.

The scenario is the same in every language, localised: a regional mobile bike-repair service wants to know
why e-bike commuters who book a one-off repair rarely move on to its yearly care plan. The map is the
team's own view, a mix of hypotheses and evidence from interviews, reviews, tickets and booking data.

Colours carry themes, the same in every language:
blue = time and reliability, pink = money, green = trust and expertise, orange = family life,
purple = booking and communication, yellow = safety and the bike itself.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoNote:
    segment: str  # one of the six-segment ids
    text: str  # at most 200 characters
    color: str  # yellow, pink, blue, green, orange or purple
    basis: str  # "hypothesis" or "evidence"
    source: str  # "" for hypotheses; where the evidence came from


@dataclass(frozen=True)
class DemoAction:
    title: str
    description: str
    status: str  # open, doing, done or dropped
    due_in_days: int  # relative to today
    note_indexes: tuple[int, ...]  # indexes into DemoProject.notes


@dataclass(frozen=True)
class DemoPersona:
    name: str
    subject_type: str
    age: str
    place: str
    household: str
    work: str
    hobbies: str
    education: str
    context_of_use: str
    goals: str
    pains: str
    influences: str
    how_we_help: str
    avatar_color: str


@dataclass(frozen=True)
class DemoMilestone:
    title: str
    in_days: int


@dataclass(frozen=True)
class DemoProject:
    name: str
    description: str
    goal: str
    deadline_in_days: int
    milestones: tuple[DemoMilestone, ...]
    persona: DemoPersona
    map_title: str
    map_goal: str  # the question the map must answer
    notes: tuple[DemoNote, ...]
    actions: tuple[DemoAction, ...]


def _hyp(segment: str, color: str, text: str) -> DemoNote:
    return DemoNote(segment=segment, text=text, color=color, basis="hypothesis", source="")


def _ev(segment: str, color: str, text: str, source: str) -> DemoNote:
    return DemoNote(segment=segment, text=text, color=color, basis="evidence", source=source)


# Dates relative to today, shared by every language: interviews and workshop are behind the team,
# the decisions are still ahead.
_MILESTONE_DAYS = (-10, -3, 28)
_DEADLINE = 35

# Which notes motivated each action; the note order is the same in every language.
_EARLY_LATE_SLOTS = (8, 19, 22)
_PRICE_ON_INVOICE = (21, 23, 26)
_SHORTER_FORM = (4, 16)
_FAMILY_ADD_ON = (24, 28)
_REFERRAL_POINTS = (6, 17)
