"""Personas: the face of the subject a map is about."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import undefer

from empathy_studio.domain.errors import InvalidInput, LimitExceeded, NotFound
from empathy_studio.domain.roles import Permission
from empathy_studio.domain.views import PersonaView
from empathy_studio.persistence.tables import Persona
from empathy_studio.services.access import persona_for, project_for
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.inputs import PersonaCreate, PersonaPatch
from empathy_studio.services.limits import check_lengths

TEXT_FIELDS = (
    "age",
    "place",
    "household",
    "work",
    "hobbies",
    "education",
    "context_of_use",
    "goals",
    "pains",
    "influences",
    "how_we_help",
)


def persona_view(p: Persona) -> PersonaView:
    has_photo = p.photo_type is not None
    return PersonaView(
        id=p.id,
        project_id=p.project_id,
        name=p.name,
        subject_type=p.subject_type,
        **{name: getattr(p, name) for name in TEXT_FIELDS},
        avatar_color=p.avatar_color,
        has_photo=has_photo,
        photo_url=f"/api/personas/{p.id}/photo?v={int(p.updated_at.timestamp())}" if has_photo else None,
    )


def image_type(data: bytes) -> str | None:
    """The MIME type of a PNG, JPEG or WebP image judged by its first bytes, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


class Personas:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    async def list(self, actor: Actor, project_id: int) -> list[PersonaView]:
        async with self.ctx.sessions() as s:
            await project_for(s, actor, project_id, Permission.READ)
            rows = await s.scalars(
                select(Persona).where(Persona.project_id == project_id).order_by(Persona.name, Persona.id)
            )
            return [persona_view(p) for p in rows]

    async def create(self, actor: Actor, project_id: int, data: PersonaCreate) -> PersonaView:
        check_lengths(data.model_dump(include=set(TEXT_FIELDS)), self.ctx.settings.max_text_field_length)
        async with self.ctx.writing() as s:
            await project_for(s, actor, project_id, Permission.WRITE)
            now = self.ctx.now()
            persona = Persona(project_id=project_id, created_at=now, updated_at=now, **data.model_dump())
            s.add(persona)
            await s.flush()
            return persona_view(persona)

    async def get(self, actor: Actor, persona_id: int) -> PersonaView:
        async with self.ctx.sessions() as s:
            persona, _ = await persona_for(s, actor, persona_id, Permission.READ)
            return persona_view(persona)

    async def update(self, actor: Actor, persona_id: int, data: PersonaPatch) -> PersonaView:
        changes = {name: getattr(data, name) for name in data.model_fields_set}
        if changes.get("name", "") is None:
            raise InvalidInput.field("name", "A persona needs a name.")
        if "subject_type" in changes and changes["subject_type"] is None:
            raise InvalidInput.field("subject_type", "Choose what kind of subject this persona is.")
        check_lengths(changes, self.ctx.settings.max_text_field_length)
        async with self.ctx.writing() as s:
            persona, _ = await persona_for(s, actor, persona_id, Permission.WRITE)
            for name, value in changes.items():
                setattr(persona, name, "" if value is None else value)
            persona.updated_at = self.ctx.now()
            return persona_view(persona)

    async def delete(self, actor: Actor, persona_id: int) -> None:
        async with self.ctx.writing() as s:
            persona, _ = await persona_for(s, actor, persona_id, Permission.WRITE)
            await s.delete(persona)

    async def set_photo(self, actor: Actor, persona_id: int, data: bytes) -> PersonaView:
        limit = self.ctx.settings.max_photo_bytes
        if len(data) > limit:
            raise LimitExceeded(f"A photo can be at most {limit // 1024} KB.", code="photo_too_large")
        kind = image_type(data)
        if kind is None:
            raise InvalidInput("Upload a PNG, JPEG or WebP image.", code="photo_unsupported")
        async with self.ctx.writing() as s:
            persona, _ = await persona_for(s, actor, persona_id, Permission.WRITE)
            persona.photo, persona.photo_type = data, kind
            persona.updated_at = self.ctx.now()
            return persona_view(persona)

    async def photo(self, actor: Actor, persona_id: int) -> tuple[bytes, str]:
        async with self.ctx.sessions() as s:
            await persona_for(s, actor, persona_id, Permission.READ)
            persona = await s.scalar(
                select(Persona).where(Persona.id == persona_id).options(undefer(Persona.photo))
            )
            if persona is None or persona.photo is None or persona.photo_type is None:
                raise NotFound("This persona has no photo.")
            return persona.photo, persona.photo_type

    async def remove_photo(self, actor: Actor, persona_id: int) -> PersonaView:
        async with self.ctx.writing() as s:
            persona, _ = await persona_for(s, actor, persona_id, Permission.WRITE)
            persona.photo, persona.photo_type = None, None
            persona.updated_at = self.ctx.now()
            return persona_view(persona)
