"""What callers send to the services. Structure and closed value sets are checked here; limits that are
settings (note length, notes per map) are checked by the services themselves."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints, field_validator

from empathy_studio.domain.templates import Template
from empathy_studio.domain.values import (
    ActionStatus,
    Language,
    NoteBasis,
    NoteColor,
    Perspective,
    Role,
    SubjectType,
)

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160)]
ShortName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000)]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
# Ids and counters fit a 32-bit database integer; larger numbers are refused as input, not a crash.
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
Count = Annotated[int, Field(ge=0, le=2_147_483_647)]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SignupIn(Input):
    email: EmailStr
    password: str = Field(min_length=10, max_length=200)
    display_name: ShortName
    locale: Language = Language.EN
    invite_token: str | None = Field(None, max_length=200)


class LoginIn(Input):
    email: str = Field(max_length=254)
    password: str = Field(max_length=200)


class MePatch(Input):
    display_name: ShortName | None = None
    locale: Language | None = None


class TokenCreate(Input):
    name: ShortName


class WorkspaceIn(Input):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


def _workspace_role(role: Role) -> Role:
    if role == Role.GUEST:
        raise ValueError("guests join one map by a join link, not a workspace")
    return role


class RoleIn(Input):
    role: Role
    _check_role = field_validator("role")(_workspace_role)


class InviteCreate(Input):
    role: Role = Role.MEMBER
    _check_role = field_validator("role")(_workspace_role)
    expires_in_hours: Annotated[int, Field(ge=1, le=2_147_483_647)] = 72


class MilestoneIn(Input):
    title: Name
    date: date


class ProjectCreate(Input):
    name: Name
    description: Text = ""
    goal: Text = ""
    deadline: date | None = None
    milestones: list[MilestoneIn] = Field(default_factory=list, max_length=50)


class ProjectPatch(Input):
    name: Name | None = None
    description: Text | None = None
    goal: Text | None = None
    deadline: date | None = None
    milestones: list[MilestoneIn] | None = Field(None, max_length=50)


class PersonaFields(Input):
    age: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] = ""
    place: Text = ""
    household: Text = ""
    work: Text = ""
    hobbies: Text = ""
    education: Text = ""
    context_of_use: Text = ""
    goals: Text = ""
    pains: Text = ""
    influences: Text = ""
    how_we_help: Text = ""
    avatar_color: Colour = "#6d5dfc"


class PersonaCreate(PersonaFields):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    subject_type: SubjectType = SubjectType.CUSTOMER_SEGMENT


class PersonaPatch(Input):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)] | None = None
    subject_type: SubjectType | None = None
    age: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] | None = None
    place: Text | None = None
    household: Text | None = None
    work: Text | None = None
    hobbies: Text | None = None
    education: Text | None = None
    context_of_use: Text | None = None
    goals: Text | None = None
    pains: Text | None = None
    influences: Text | None = None
    how_we_help: Text | None = None
    avatar_color: Colour | None = None


class MapCreate(Input):
    title: Name
    persona_id: Id | None = None
    goal: Text = ""
    perspective: Perspective = Perspective.TEAM
    template: Template = Template.SIX_SEGMENT
    language: Language = Language.EN


class MapPatch(Input):
    title: Name | None = None
    persona_id: Id | None = None
    goal: Text | None = None
    perspective: Perspective | None = None
    language: Language | None = None


class NoteCreate(Input):
    segment: str = Field(max_length=20)
    text: Text
    color: NoteColor = NoteColor.YELLOW
    basis: NoteBasis = NoteBasis.HYPOTHESIS
    source: Text = ""
    index: Count | None = None


class NotePatch(Input):
    text: Text | None = None
    color: NoteColor | None = None
    basis: NoteBasis | None = None
    source: Text | None = None
    version: Id


class NoteMove(Input):
    segment: str = Field(max_length=20)
    index: Count


class ActionCreate(Input):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    description: Text = ""
    owner_id: Id | None = None
    due_date: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    note_ids: list[Id] = Field(default_factory=list, max_length=200)


class ActionPatch(Input):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] | None = (
        None
    )
    description: Text | None = None
    owner_id: Id | None = None
    due_date: date | None = None
    status: ActionStatus | None = None
    note_ids: list[Id] | None = Field(None, max_length=200)


class GuestLinkCreate(Input):
    passcode: Annotated[str, StringConstraints(min_length=4, max_length=100)] | None = None
    expires_in_hours: Annotated[int, Field(ge=1, le=24 * 90)] | None = 48


class GuestJoin(Input):
    display_name: ShortName
    passcode: Annotated[str, StringConstraints(max_length=100)] | None = None


class DemoIn(Input):
    language: Language = Language.EN
