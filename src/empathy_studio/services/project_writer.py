"""Writing a checked project document into the database as a new project: used by the JSON import and
by the sample project, which is an import of a generated document."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from pydantic import ValidationError
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.errors import InvalidInput
from empathy_studio.export.project_json import (
    FORMAT,
    FORMAT_VERSION,
    MapDoc,
    PhotoDoc,
    ProjectExport,
)
from empathy_studio.persistence.tables import (
    Action,
    ActionNote,
    EmpathyMap,
    Membership,
    Milestone,
    Note,
    Persona,
    Project,
    Theme,
    User,
    WorkshopSession,
)
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.personas import TEXT_FIELDS, image_type


def _fields_from(error: ValidationError) -> list[dict[str, str]]:
    return [
        {"field": ".".join(str(part) for part in e["loc"]) or "(document)", "message": e["msg"]}
        for e in error.errors(include_url=False)
    ][:50]


def parse_export(raw: Any) -> ProjectExport:
    """Check the envelope first (so a newer version gets its own message), then the whole shape."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise InvalidInput(
            "This is not an Empathy Studio project file (its 'format' is not empathy-studio/project).",
            code="import_not_a_project",
        )
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidInput("The file has no valid 'version' number.", code="import_invalid")
    if version > FORMAT_VERSION:
        raise InvalidInput(
            f"This file was made by a newer Empathy Studio (format version {version}); this one reads up "
            f"to version {FORMAT_VERSION}. Update Empathy Studio to import it.",
            code="import_version_unsupported",
            details={"version": version, "supported": FORMAT_VERSION},
        )
    try:
        return ProjectExport.model_validate(raw)
    except ValidationError as error:
        raise InvalidInput(
            "The project file has mistakes; nothing was imported.",
            code="import_invalid",
            details={"fields": _fields_from(error)},
        ) from None


def photo_bytes(photo: PhotoDoc) -> bytes | None:
    try:
        data = base64.b64decode(photo.base64, validate=True)
    except (binascii.Error, ValueError):
        return None
    return data if image_type(data) == photo.type else None


async def write_project(
    s: AsyncSession, ctx: ServiceContext, actor: Actor, workspace_id: int, doc: ProjectExport
) -> Project:
    """Create a new project from a checked document (used by import and by the demo)."""
    now = ctx.now()
    project = Project(
        workspace_id=workspace_id,
        name=doc.project.name,
        description=doc.project.description,
        goal=doc.project.goal,
        deadline=doc.project.deadline,
        created_at=now,
        updated_at=now,
    )
    s.add(project)
    await s.flush()
    for position, m in enumerate(doc.project.milestones):
        s.add(Milestone(project_id=project.id, title=m.title, date=m.date, position=position))
    persona_ids: dict[str, int] = {}
    for p in doc.personas:
        photo = photo_bytes(p.photo) if p.photo else None
        persona = Persona(
            project_id=project.id,
            name=p.name,
            subject_type=p.subject_type.value,
            avatar_color=p.avatar_color,
            photo=photo,
            photo_type=p.photo.type if p.photo and photo else None,
            created_at=now,
            updated_at=now,
            **{name: getattr(p, name) for name in TEXT_FIELDS},
        )
        s.add(persona)
        await s.flush()
        persona_ids[p.ref] = persona.id
    member_rows = await s.execute(
        select(User.email, User.id)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.workspace_id == workspace_id)
    )
    members = {email: user_id for email, user_id in member_rows if email}
    for board_doc in doc.maps:
        await _write_map(s, now, actor, project.id, board_doc, persona_ids, members)
    return project


async def _write_map(
    s: AsyncSession,
    now: Any,
    actor: Actor,
    project_id: int,
    doc: MapDoc,
    persona_ids: dict[str, int],
    members: dict[str, int],
) -> None:
    board = EmpathyMap(
        project_id=project_id,
        persona_id=persona_ids.get(doc.persona_ref) if doc.persona_ref else None,
        title=doc.title,
        goal=doc.goal,
        perspective=doc.perspective.value,
        template=doc.template.value,
        language=doc.language.value,
        seq=0,
        created_at=now,
        updated_at=now,
    )
    s.add(board)
    await s.flush()
    theme_ids: dict[str, int] = {}
    for theme_doc in doc.themes:
        theme = Theme(
            map_id=board.id,
            segment=theme_doc.segment,
            name=theme_doc.name,
            final=theme_doc.final,
            created_at=now,
        )
        s.add(theme)
        await s.flush()
        theme_ids[theme_doc.ref] = theme.id
    for record in doc.sessions:
        s.add(
            WorkshopSession(
                map_id=board.id,
                phase="actions",
                started_at=record.started_at,
                ended_at=record.ended_at,
                summary=record.summary,
                started_by=None,
            )
        )
    positions: dict[str, int] = {}
    note_ids: dict[str, int] = {}
    for note in doc.notes:  # one row at a time: the ids are needed for the action links
        position = -1 if note.hidden else positions.get(note.segment, 0)  # hidden notes hold no place
        if not note.hidden:
            positions[note.segment] = position + 1
        note_ids[note.ref] = (
            await s.execute(
                insert(Note)
                .values(
                    map_id=board.id,
                    segment=note.segment,
                    position=position,
                    text=note.text,
                    color=note.color.value,
                    basis=note.basis.value,
                    source=note.source,
                    author_id=None,
                    author_name=note.author_name or actor.display_name,
                    version=1,
                    hidden=note.hidden,
                    final=note.final,
                    theme_id=theme_ids.get(note.theme_ref) if note.theme_ref else None,
                    merged_from=[{**m.model_dump(), "author_id": None} for m in note.merged],
                    created_at=now,
                    updated_at=now,
                )
                .returning(Note.id)
            )
        ).scalar_one()
    for action_doc in doc.actions:
        action = Action(
            map_id=board.id,
            title=action_doc.title,
            description=action_doc.description,
            owner_id=members.get((action_doc.owner_email or "").lower()),
            due_date=action_doc.due_date,
            status=action_doc.status.value,
            created_at=now,
            updated_at=now,
        )
        s.add(action)
        await s.flush()
        s.add_all(
            ActionNote(action_id=action.id, note_id=note_ids[r]) for r in dict.fromkeys(action_doc.note_refs)
        )
