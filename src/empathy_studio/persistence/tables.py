"""Database tables. Enumerated values are stored as short strings; the services validate them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Always hands back aware UTC datetimes; SQLite would otherwise return naive ones."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given to the database")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime, dict[str, Any]: JSON}  # noqa: RUF012


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)  # None for guests
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(5), default="en")
    is_instance_owner: Mapped[bool] = mapped_column(Boolean, default=False)
    # A guest belongs to one map's workshop and can reach nothing else.
    guest_map_id: Mapped[int | None] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]


class LoginSession(Base):
    __tablename__ = "login_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    # A guest's session lasts only as long as the join link it came through: closing the link ends it.
    guest_link_id: Mapped[int | None] = mapped_column(
        ForeignKey("guest_links.id", ondelete="CASCADE"), index=True
    )


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]


class Workspace(Base):
    __tablename__ = "workspaces"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime]


class Membership(Base):
    __tablename__ = "memberships"
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]


class Invite(Base):
    __tablename__ = "invites"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    accepted_count: Mapped[int] = mapped_column(Integer, default=0)


class GuestLink(Base):
    """A join link for one map, optionally with a passcode; whoever opens it joins as a guest."""

    __tablename__ = "guest_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    passcode_hash: Mapped[str | None] = mapped_column(String(200))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    joined_count: Mapped[int] = mapped_column(Integer, default=0)


class Project(Base):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    goal: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Milestone(Base):
    __tablename__ = "milestones"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    date: Mapped[date] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer)


class Persona(Base):
    __tablename__ = "personas"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    subject_type: Mapped[str] = mapped_column(String(30))
    age: Mapped[str] = mapped_column(String(40), default="")
    place: Mapped[str] = mapped_column(Text, default="")
    household: Mapped[str] = mapped_column(Text, default="")
    work: Mapped[str] = mapped_column(Text, default="")
    hobbies: Mapped[str] = mapped_column(Text, default="")
    education: Mapped[str] = mapped_column(Text, default="")
    context_of_use: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    pains: Mapped[str] = mapped_column(Text, default="")
    influences: Mapped[str] = mapped_column(Text, default="")
    how_we_help: Mapped[str] = mapped_column(Text, default="")
    avatar_color: Mapped[str] = mapped_column(String(7), default="#6d5dfc")
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    photo_type: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class EmpathyMap(Base):
    __tablename__ = "maps"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    persona_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(160))
    goal: Mapped[str] = mapped_column(Text, default="")
    perspective: Mapped[str] = mapped_column(String(20))
    template: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(5))
    seq: Mapped[int] = mapped_column(Integer, default=0)  # last board event number
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Note(Base):
    __tablename__ = "notes"
    __table_args__ = (Index("ix_notes_map_segment_position", "map_id", "segment", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"))
    segment: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    color: Mapped[str] = mapped_column(String(10))
    basis: Mapped[str] = mapped_column(String(12))
    source: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(80), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Written in a workshop's brainstorm and not yet revealed: only the author sees it. Such a note
    # sits outside its segment's ordering (position -1) until the reveal places it.
    private: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # by a facilitator
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"), index=True)
    final: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # on the final map
    # Duplicates merged into this note: their text, source and author, so nobody's work disappears.
    merged_from: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Customer statements linked in note_evidence, counted here so every note view carries it cheaply.
    evidence_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Theme(Base):
    """A named group of notes within one segment, made while grouping in a workshop."""

    __tablename__ = "themes"
    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    segment: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120))
    final: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class WorkshopSession(Base):
    """One facilitated workshop on a map. At most one per map runs at a time; an ended one keeps its
    summary as the session record."""

    __tablename__ = "workshop_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(12))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)  # authors hidden in brainstorm and vote
    vote_budget: Mapped[int] = mapped_column(Integer, default=5)
    one_vote_per_note: Mapped[bool] = mapped_column(Boolean, default=False)
    named_votes: Mapped[bool] = mapped_column(Boolean, default=False)
    one_segment_at_a_time: Mapped[bool] = mapped_column(Boolean, default=False)
    focus_segment: Mapped[str | None] = mapped_column(String(20))
    timer_ends_at: Mapped[datetime | None]
    started_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    summary: Mapped[dict[str, Any] | None]


class Vote(Base):
    """One dot: a participant's vote on a note or on a theme, in one session."""

    __tablename__ = "votes"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_sessions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    note_id: Mapped[int | None] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]


class Action(Base):
    __tablename__ = "actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ActionNote(Base):
    __tablename__ = "action_notes"
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True)


class BoardEvent(Base):
    """Append-only log of every change to a map, numbered per map; also the source of undo."""

    __tablename__ = "board_events"
    __table_args__ = (
        UniqueConstraint("map_id", "seq", name="uq_board_events_map_seq"),
        Index("ix_board_events_map_subject", "map_id", "subject"),
        UniqueConstraint("map_id", "command_id", name="uq_board_events_map_command"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(40))  # what it changed, e.g. "note:12"
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    payload: Mapped[dict[str, Any]]
    undoable: Mapped[bool] = mapped_column(Boolean, default=False)
    undone: Mapped[bool] = mapped_column(Boolean, default=False)
    command_id: Mapped[str | None] = mapped_column(String(64))  # the client's id, so a retry applies once
    # Who may see it in full: everyone (None), "user:<id>" (a private note, a vote) or "facilitators"
    # (a hidden note). Others get it redacted, keeping only its number. See domain/visibility.py.
    audience: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime]


class FeedbackImport(Base):
    """One file (or paste) of customer feedback brought into a project, and how its import went."""

    __tablename__ = "feedback_imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12))  # running, done, failed, cancelled
    masked: Mapped[bool] = mapped_column(Boolean, default=True)
    items_read: Mapped[int] = mapped_column(Integer, default=0)
    items_processed: Mapped[int] = mapped_column(Integer, default=0)  # progress while running
    items_imported: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    rows_skipped: Mapped[int] = mapped_column(Integer, default=0)
    statements: Mapped[int] = mapped_column(Integer, default=0)
    model_id: Mapped[str | None] = mapped_column(String(200))  # None: sorted by hand only
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


class FeedbackItem(Base):
    """One piece of customer voice as it came in (a review, an answer, a ticket), masked if asked."""

    __tablename__ = "feedback_items"
    __table_args__ = (UniqueConstraint("project_id", "key", name="uq_feedback_items_project_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    import_id: Mapped[int] = mapped_column(ForeignKey("feedback_imports.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))  # same text and source: one item (evidence/dedup.py)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(200), default="")
    said_on: Mapped[str] = mapped_column(String(40), default="")  # the date as the file gave it
    rating: Mapped[str] = mapped_column(String(20), default="")
    customer_segment: Mapped[str] = mapped_column(String(120), default="")
    external_id: Mapped[str] = mapped_column(String(120), default="")
    line: Mapped[int] = mapped_column(Integer)


class EvidenceTheme(Base):
    """A group of customer statements within one segment of a project, with a short label."""

    __tablename__ = "evidence_themes"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    segment: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime]


class Statement(Base):
    """A sentence or short passage of a feedback item, with the segment it belongs to."""

    __tablename__ = "statements"
    __table_args__ = (Index("ix_statements_project_segment", "project_id", "segment"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("feedback_items.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # order within its item
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    segment: Mapped[str] = mapped_column(String(20))  # a segment id or "unsorted"
    confidence: Mapped[float | None]
    sorted_by: Mapped[str] = mapped_column(String(8))  # model, person, none
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence_themes.id", ondelete="SET NULL"), index=True
    )
    # float32 sentence embedding and the model that made it; vectors of another model are never mixed.
    vector: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    model_id: Mapped[str | None] = mapped_column(String(200))


class NoteEvidence(Base):
    """A customer statement that backs a sticky note."""

    __tablename__ = "note_evidence"
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime]
