"""Export a whole project to the versioned JSON document, and import one as a new project.

An import is checked completely before anything is written, and written in one transaction."""

from __future__ import annotations

import base64
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from empathy_studio.domain.errors import InvalidInput
from empathy_studio.domain.roles import Permission
from empathy_studio.domain.templates import segments_of
from empathy_studio.domain.views import ProjectView
from empathy_studio.export.project_json import (
    FORMAT,
    FORMAT_VERSION,
    ActionDoc,
    MapDoc,
    MergedDoc,
    MilestoneDoc,
    NoteDoc,
    PersonaDoc,
    PhotoDoc,
    ProjectDoc,
    ProjectExport,
    SessionRecordDoc,
    ThemeDoc,
)
from empathy_studio.persistence.tables import (
    Action,
    EmpathyMap,
    Note,
    Persona,
    Theme,
    User,
    WorkshopSession,
)
from empathy_studio.services.access import project_for, workspace_for
from empathy_studio.services.board_view import action_view
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.personas import TEXT_FIELDS
from empathy_studio.services.project_writer import photo_bytes, write_project
from empathy_studio.services.projects import project_view


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


MERGED_FIELDS = ("text", "source", "author_name")


class Transfer:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    async def export(self, actor: Actor, project_id: int) -> ProjectExport:
        async with self.ctx.sessions() as s:
            project, _ = await project_for(s, actor, project_id, Permission.READ)
            view = await project_view(s, project)
            personas = list(
                await s.scalars(
                    select(Persona)
                    .where(Persona.project_id == project_id)
                    .options(undefer(Persona.photo))
                    .order_by(Persona.id)
                )
            )
            persona_refs = {p.id: f"persona-{i + 1}" for i, p in enumerate(personas)}
            boards = await s.scalars(
                select(EmpathyMap).where(EmpathyMap.project_id == project_id).order_by(EmpathyMap.id)
            )
            maps = [await self._map_doc(s, board, persona_refs) for board in boards]
            return ProjectExport(
                exported_at=self.ctx.now(),
                project=ProjectDoc(
                    name=view.name,
                    description=view.description,
                    goal=view.goal,
                    deadline=view.deadline,
                    milestones=[MilestoneDoc(title=m.title, date=m.date) for m in view.milestones],
                ),
                personas=[_persona_doc(p, persona_refs[p.id]) for p in personas],
                maps=maps,
            )

    async def _map_doc(self, s: AsyncSession, board: EmpathyMap, persona_refs: dict[int, str]) -> MapDoc:
        order = {segment: i for i, segment in enumerate(segments_of(board.template))}
        # Unrevealed brainstorm notes belong to their authors alone until the reveal: not exported.
        notes = sorted(
            await s.scalars(select(Note).where(Note.map_id == board.id, Note.private.is_(False))),
            key=lambda n: (order.get(n.segment, len(order)), n.position < 0, n.position, n.id),
        )
        note_refs = {n.id: f"note-{i + 1}" for i, n in enumerate(notes)}
        themes = list(await s.scalars(select(Theme).where(Theme.map_id == board.id).order_by(Theme.id)))
        theme_refs = {t.id: f"theme-{i + 1}" for i, t in enumerate(themes)}
        ended = await s.scalars(
            select(WorkshopSession)
            .where(WorkshopSession.map_id == board.id, WorkshopSession.ended_at.is_not(None))
            .order_by(WorkshopSession.id)
        )
        actions = []
        for action in await s.scalars(select(Action).where(Action.map_id == board.id).order_by(Action.id)):
            view = await action_view(s, action)
            owner = await s.get(User, view.owner_id) if view.owner_id is not None else None
            actions.append(
                ActionDoc(
                    title=view.title,
                    description=view.description,
                    owner_email=owner.email if owner else None,
                    owner_name=owner.display_name if owner else None,
                    due_date=view.due_date,
                    status=view.status,
                    note_refs=[note_refs[n] for n in view.note_ids],
                )
            )
        return MapDoc(
            title=board.title,
            persona_ref=persona_refs.get(board.persona_id) if board.persona_id is not None else None,
            goal=board.goal,
            perspective=board.perspective,
            template=board.template,
            language=board.language,
            notes=[
                NoteDoc(
                    ref=note_refs[n.id],
                    segment=n.segment,
                    text=n.text,
                    color=n.color,
                    basis=n.basis,
                    source=n.source,
                    author_name=n.author_name,
                    theme_ref=theme_refs.get(n.theme_id) if n.theme_id is not None else None,
                    final=n.final,
                    hidden=n.hidden,
                    merged=[
                        MergedDoc.model_validate({k: m.get(k) or "" for k in MERGED_FIELDS})
                        for m in n.merged_from or []
                    ],
                )
                for n in notes
            ],
            themes=[
                ThemeDoc(ref=theme_refs[t.id], segment=t.segment, name=t.name, final=t.final) for t in themes
            ],
            actions=actions,
            sessions=[
                SessionRecordDoc(started_at=w.started_at, ended_at=w.ended_at, summary=w.summary or {})
                for w in ended
                if w.ended_at is not None
            ],
        )

    async def import_project(self, actor: Actor, workspace_id: int, raw: Any) -> ProjectView:
        doc = parse_export(raw)
        self._check(doc)
        async with self.ctx.writing() as s:
            await workspace_for(s, actor, workspace_id, Permission.WRITE)
            project = await write_project(s, self.ctx, actor, workspace_id, doc)
            return await project_view(s, project)

    def _check(self, doc: ProjectExport) -> None:
        """Everything a valid document must also satisfy beyond its shape, collected into one error."""
        settings = self.ctx.settings
        problems: list[dict[str, str]] = []

        def problem(field: str, message: str) -> None:
            problems.append({"field": field, "message": message})

        persona_refs = [p.ref for p in doc.personas]
        if len(set(persona_refs)) != len(persona_refs):
            problem("personas", "Two personas share a ref.")
        for i, persona in enumerate(doc.personas):
            if persona.photo is not None and photo_bytes(persona.photo) is None:
                problem(f"personas.{i}.photo", "The photo is not a valid base64 PNG, JPEG or WebP image.")
        for m, board in enumerate(doc.maps):
            where = f"maps.{m}"
            if board.persona_ref is not None and board.persona_ref not in persona_refs:
                problem(f"{where}.persona_ref", f"No persona has the ref '{board.persona_ref}'.")
            if len(board.notes) > settings.max_notes_per_map:
                problem(f"{where}.notes", f"A map can hold at most {settings.max_notes_per_map} notes.")
            segments = segments_of(board.template)
            refs = [n.ref for n in board.notes]
            if len(set(refs)) != len(refs):
                problem(f"{where}.notes", "Two notes share a ref.")
            for n, note in enumerate(board.notes):
                if note.segment not in segments:
                    problem(
                        f"{where}.notes.{n}.segment", f"Unknown segment '{note.segment}' for this template."
                    )
                if len(note.text) > settings.max_note_length:
                    problem(f"{where}.notes.{n}.text", f"At most {settings.max_note_length} characters.")
                if len(note.source) > settings.max_source_length:
                    problem(f"{where}.notes.{n}.source", f"At most {settings.max_source_length} characters.")
            theme_segments = {t.ref: t.segment for t in board.themes}
            if len(theme_segments) != len(board.themes):
                problem(f"{where}.themes", "Two themes share a ref.")
            for t, theme in enumerate(board.themes):
                if theme.segment not in segments:
                    problem(
                        f"{where}.themes.{t}.segment", f"Unknown segment '{theme.segment}' for this template."
                    )
            for n, note in enumerate(board.notes):
                if note.theme_ref is not None and theme_segments.get(note.theme_ref) != note.segment:
                    problem(f"{where}.notes.{n}.theme_ref", "No theme with that ref in this note's segment.")
            for a, action in enumerate(board.actions):
                missing = [r for r in action.note_refs if r not in refs]
                if missing:
                    problem(f"{where}.actions.{a}.note_refs", f"Unknown note refs: {', '.join(missing[:5])}.")
        if problems:
            raise InvalidInput(
                "The project file has mistakes; nothing was imported.",
                code="import_invalid",
                details={"fields": problems[:50]},
            )


def _persona_doc(p: Persona, ref: str) -> PersonaDoc:
    photo = None
    if p.photo is not None and p.photo_type is not None:
        photo = PhotoDoc(type=p.photo_type, base64=base64.b64encode(p.photo).decode())
    return PersonaDoc(
        ref=ref,
        name=p.name,
        subject_type=p.subject_type,
        avatar_color=p.avatar_color,
        photo=photo,
        **{name: getattr(p, name) for name in TEXT_FIELDS},
    )
