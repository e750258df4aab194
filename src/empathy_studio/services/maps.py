"""Empathy maps: one subject, one goal, one canvas."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.errors import InvalidInput
from empathy_studio.domain.roles import Permission
from empathy_studio.domain.values import Role
from empathy_studio.domain.views import MapDetail
from empathy_studio.persistence.tables import EmpathyMap, Persona
from empathy_studio.services.access import map_for, project_for
from empathy_studio.services.board_view import map_detail
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.events import record
from empathy_studio.services.inputs import MapCreate, MapPatch
from empathy_studio.services.limits import check_lengths


async def check_persona(s: AsyncSession, project_id: int, persona_id: int | None) -> None:
    if persona_id is None:
        return
    found = await s.scalar(
        select(Persona.id).where(Persona.id == persona_id, Persona.project_id == project_id)
    )
    if found is None:
        raise InvalidInput.field("persona_id", "Choose a persona of this project.")


class Maps:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    async def create(self, actor: Actor, project_id: int, data: MapCreate) -> MapDetail:
        check_lengths({"goal": data.goal}, self.ctx.settings.max_text_field_length)
        async with self.ctx.writing() as s:
            project, role = await project_for(s, actor, project_id, Permission.WRITE)
            await check_persona(s, project_id, data.persona_id)
            now = self.ctx.now()
            board = EmpathyMap(
                project_id=project_id,
                persona_id=data.persona_id,
                title=data.title,
                goal=data.goal,
                perspective=data.perspective.value,
                template=data.template.value,
                language=data.language.value,
                seq=0,
                created_at=now,
                updated_at=now,
            )
            s.add(board)
            await s.flush()
            return await map_detail(s, board, project, role, actor)

    async def get(self, actor: Actor, map_id: int) -> MapDetail:
        async with self.ctx.sessions() as s:
            board, project, role = await map_for(s, actor, map_id, Permission.READ)
            return await map_detail(s, board, project, role, actor)

    async def role_on(self, actor: Actor, map_id: int) -> Role:
        """The actor's role on the map now; NotFound when they may not see it."""
        async with self.ctx.sessions() as s:
            return (await map_for(s, actor, map_id, Permission.READ))[2]

    async def update(
        self, actor: Actor, map_id: int, data: MapPatch, command_id: str | None = None
    ) -> MapDetail:
        changes = {name: getattr(data, name) for name in data.model_fields_set}
        if "title" in changes and changes["title"] is None:
            raise InvalidInput.field("title", "A map needs a title.")
        check_lengths(changes, self.ctx.settings.max_text_field_length)
        async with self.ctx.writing() as s:
            board, project, role = await map_for(s, actor, map_id, Permission.WRITE, for_update=True)
            if "persona_id" in changes:
                await check_persona(s, project.id, changes["persona_id"])
            for name, value in changes.items():
                if value is None and name != "persona_id":
                    raise InvalidInput.field(name, "This field cannot be empty.")
                setattr(board, name, getattr(value, "value", value))
            event = await record(
                s,
                board,
                "map.updated",
                f"map:{board.id}",
                actor,
                data.model_dump(mode="json", exclude_unset=True),
                self.ctx.now(),
                undoable=False,
                command_id=command_id,
            )
            detail = await map_detail(s, board, project, role, actor)
        await self.ctx.publisher.publish(map_id, [event])
        return detail

    async def delete(self, actor: Actor, map_id: int) -> None:
        async with self.ctx.writing() as s:
            board, _, _ = await map_for(s, actor, map_id, Permission.WRITE, for_update=True)
            await s.delete(board)
