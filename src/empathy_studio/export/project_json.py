"""The versioned JSON document a whole project is exported to and imported from.

Version history (bump FORMAT_VERSION and keep reading older versions when the shape changes):
1. first version.
2. workshops: themes, the final map, hidden and merged notes, and the records of ended sessions.
   Version 1 documents read as version 2 without any of these.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from empathy_studio.domain.templates import Template
from empathy_studio.domain.values import (
    ActionStatus,
    Language,
    NoteBasis,
    NoteColor,
    Perspective,
    SubjectType,
)

FORMAT = "empathy-studio/project"
FORMAT_VERSION = 2

Ref = Annotated[str, StringConstraints(min_length=1, max_length=40)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MilestoneDoc(Doc):
    title: Line
    date: date


class ProjectDoc(Doc):
    name: Line
    description: str = ""
    goal: str = ""
    deadline: date | None = None
    milestones: list[MilestoneDoc] = Field(default_factory=list, max_length=50)


class PhotoDoc(Doc):
    type: Literal["image/png", "image/jpeg", "image/webp"]
    base64: str


class PersonaDoc(Doc):
    ref: Ref
    name: Line
    subject_type: SubjectType
    age: Annotated[str, StringConstraints(max_length=40)] = ""
    place: str = ""
    household: str = ""
    work: str = ""
    hobbies: str = ""
    education: str = ""
    context_of_use: str = ""
    goals: str = ""
    pains: str = ""
    influences: str = ""
    how_we_help: str = ""
    avatar_color: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] = "#6d5dfc"
    photo: PhotoDoc | None = None


class MergedDoc(Doc):
    text: str
    source: str = ""
    author_name: Annotated[str, StringConstraints(max_length=80)] = ""


class NoteDoc(Doc):
    ref: Ref
    segment: Annotated[str, StringConstraints(max_length=20)]
    text: Annotated[str, StringConstraints(min_length=1)]
    color: NoteColor = NoteColor.YELLOW
    basis: NoteBasis = NoteBasis.HYPOTHESIS
    source: str = ""
    author_name: Annotated[str, StringConstraints(max_length=80)] = ""
    theme_ref: Ref | None = None
    final: bool = False
    hidden: bool = False
    merged: list[MergedDoc] = Field(default_factory=list, max_length=200)


class ThemeDoc(Doc):
    ref: Ref
    segment: Annotated[str, StringConstraints(max_length=20)]
    name: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    final: bool = False


class SessionRecordDoc(Doc):
    started_at: datetime
    ended_at: datetime
    summary: dict[str, Any]


class ActionDoc(Doc):
    title: Line
    description: str = ""
    owner_email: str | None = None
    owner_name: str | None = None
    due_date: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    note_refs: list[Ref] = Field(default_factory=list)


class MapDoc(Doc):
    title: Line
    persona_ref: Ref | None = None
    goal: str = ""
    perspective: Perspective = Perspective.TEAM
    template: Template = Template.SIX_SEGMENT
    language: Language = Language.EN
    themes: list[ThemeDoc] = Field(default_factory=list)
    notes: list[NoteDoc] = Field(default_factory=list)
    actions: list[ActionDoc] = Field(default_factory=list)
    sessions: list[SessionRecordDoc] = Field(default_factory=list, max_length=1000)


class ProjectExport(Doc):
    format: Literal["empathy-studio/project"] = "empathy-studio/project"
    version: int = FORMAT_VERSION
    exported_at: datetime | None = None
    project: ProjectDoc
    personas: list[PersonaDoc] = Field(default_factory=list)
    maps: list[MapDoc] = Field(default_factory=list)
