"""Read models of everything a user sees: what the services hand back and the API returns."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel


class UserView(BaseModel):
    id: int
    email: str | None
    display_name: str
    locale: str
    is_instance_owner: bool
    guest_map_id: int | None  # set for guests: the one map they may take part in


class SetupView(BaseModel):
    needs_first_account: bool
    open_signup: bool


class TokenView(BaseModel):
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None


class CreatedToken(TokenView):
    token: str


class WorkspaceView(BaseModel):
    id: int
    name: str
    role: str
    created_at: datetime


class MemberView(BaseModel):
    user_id: int
    display_name: str
    email: str | None
    role: str


class WorkspaceDetail(WorkspaceView):
    members: list[MemberView]


class InviteView(BaseModel):
    id: int
    role: str
    created_at: datetime
    expires_at: datetime
    revoked: bool
    accepted_count: int


class CreatedInvite(InviteView):
    token: str
    url: str


class GuestView(BaseModel):
    """Someone who joined a map as a guest, as its facilitator sees them."""

    id: int
    display_name: str
    joined_at: datetime
    signed_in: bool  # still holds a sign-in (removing them, or closing their link, ends it)


class GuestLinkView(BaseModel):
    id: int
    map_id: int
    has_passcode: bool
    created_at: datetime
    expires_at: datetime | None
    revoked: bool
    joined_count: int


class CreatedGuestLink(GuestLinkView):
    token: str
    url: str


class JoinInfo(BaseModel):
    map_title: str
    needs_passcode: bool
    expires_at: datetime | None


class InviteInfo(BaseModel):
    workspace_name: str
    role: str
    expires_at: datetime


class MilestoneView(BaseModel):
    title: str
    date: date


class ProjectView(BaseModel):
    id: int
    workspace_id: int
    name: str
    description: str
    goal: str
    deadline: date | None
    milestones: list[MilestoneView]
    created_at: datetime
    updated_at: datetime


class PersonaView(BaseModel):
    id: int
    project_id: int
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
    has_photo: bool
    photo_url: str | None


class MapSummary(BaseModel):
    id: int
    title: str
    perspective: str
    template: str
    language: str
    persona_id: int | None
    note_count: int
    updated_at: datetime


class ProjectDetail(ProjectView):
    personas: list[PersonaView]
    maps: list[MapSummary]
    your_role: str


class SegmentView(BaseModel):
    id: str
    label: str
    description: str
    prompts: list[str]


class MergedNote(BaseModel):
    """A duplicate merged into a note: kept so that every author and source stays on the map."""

    text: str
    source: str
    author_id: int | None
    author_name: str


class NoteView(BaseModel):
    id: int
    map_id: int
    segment: str
    text: str
    color: str
    basis: str
    source: str
    position: int
    version: int
    author_id: int | None
    author_name: str
    created_at: datetime
    updated_at: datetime
    # Workshop state; the defaults keep events stored before workshops existed readable.
    private: bool = False  # written in a brainstorm and not revealed yet: only its author sees it
    hidden: bool = False  # hidden by a facilitator: only facilitators see it
    theme_id: int | None = None
    final: bool = False
    merged: list[MergedNote] = []
    votes: int | None = None  # None while the votes are sealed
    my_votes: int = 0
    voters: list[str] = []  # only when the session votes by name
    evidence_count: int = 0  # customer statements that back this note


class ThemeView(BaseModel):
    id: int
    map_id: int
    segment: str
    name: str
    final: bool
    votes: int | None = None
    my_votes: int = 0
    voters: list[str] = []


class SessionView(BaseModel):
    """The running workshop as one participant sees it."""

    id: int
    phase: str
    anonymous: bool
    vote_budget: int
    one_vote_per_note: bool
    named_votes: bool
    one_segment_at_a_time: bool
    focus_segment: str | None
    timer_ends_at: datetime | None
    started_at: datetime
    started_by_name: str
    votes_left: int
    private_notes_of_others: int  # written in the brainstorm, not revealed yet
    server_time: datetime  # lets clients count the timer down against the server's clock


class SessionRecord(BaseModel):
    """What an ended session leaves with the map."""

    id: int
    started_at: datetime
    ended_at: datetime
    summary: dict[str, Any]


class ActionView(BaseModel):
    id: int
    map_id: int
    title: str
    description: str
    owner_id: int | None
    owner_name: str | None
    due_date: date | None
    status: str
    note_ids: list[int]
    created_at: datetime
    updated_at: datetime


class MemberRef(BaseModel):
    user_id: int
    display_name: str
    role: str


class MapDetail(BaseModel):
    id: int
    project_id: int
    project_name: str
    workspace_id: int
    title: str
    goal: str
    perspective: str
    template: str
    language: str
    persona_id: int | None
    persona: PersonaView | None
    segments: list[SegmentView]
    notes: list[NoteView]
    actions: list[ActionView]
    themes: list[ThemeView] = []
    session: SessionView | None = None
    records: list[SessionRecord] = []
    members: list[MemberRef]
    your_role: str
    seq: int
    created_at: datetime
    updated_at: datetime


class UndoResult(BaseModel):
    undone: str
    map: MapDetail


class SegmentTexts(BaseModel):
    label: str
    description: str
    prompts: list[str]


class TemplateSegment(BaseModel):
    id: str
    texts: dict[str, SegmentTexts]


class TemplateView(BaseModel):
    id: str
    segments: list[TemplateSegment]
    workshop_order: list[str]
