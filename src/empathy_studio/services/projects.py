"""Projects: the frame of a piece of empathy work (goal, timeline, description)."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.errors import InvalidInput
from empathy_studio.domain.roles import Permission
from empathy_studio.domain.views import MapSummary, MilestoneView, ProjectDetail, ProjectView
from empathy_studio.persistence.tables import EmpathyMap, Milestone, Note, Persona, Project
from empathy_studio.services.access import project_for, workspace_for
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.inputs import MilestoneIn, ProjectCreate, ProjectPatch
from empathy_studio.services.limits import check_lengths
from empathy_studio.services.personas import persona_view


async def project_view(s: AsyncSession, project: Project) -> ProjectView:
    milestones = await s.scalars(
        select(Milestone).where(Milestone.project_id == project.id).order_by(Milestone.position)
    )
    return ProjectView(
        id=project.id,
        workspace_id=project.workspace_id,
        name=project.name,
        description=project.description,
        goal=project.goal,
        deadline=project.deadline,
        milestones=[MilestoneView(title=m.title, date=m.date) for m in milestones],
        created_at=project.created_at,
        updated_at=project.updated_at,
    )


async def replace_milestones(s: AsyncSession, project_id: int, milestones: list[MilestoneIn]) -> None:
    await s.execute(delete(Milestone).where(Milestone.project_id == project_id))
    for position, m in enumerate(sorted(milestones, key=lambda m: m.date)):
        s.add(Milestone(project_id=project_id, title=m.title, date=m.date, position=position))


class Projects:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def _check(self, data: ProjectCreate | ProjectPatch) -> None:
        check_lengths(
            {"description": data.description, "goal": data.goal}, self.ctx.settings.max_text_field_length
        )

    async def list(self, actor: Actor, workspace_id: int) -> list[ProjectView]:
        async with self.ctx.sessions() as s:
            await workspace_for(s, actor, workspace_id, Permission.READ)
            rows = await s.scalars(
                select(Project)
                .where(Project.workspace_id == workspace_id)
                .order_by(Project.updated_at.desc())
            )
            return [await project_view(s, p) for p in rows]

    async def create(self, actor: Actor, workspace_id: int, data: ProjectCreate) -> ProjectView:
        self._check(data)
        async with self.ctx.writing() as s:
            await workspace_for(s, actor, workspace_id, Permission.WRITE)
            now = self.ctx.now()
            project = Project(
                workspace_id=workspace_id,
                name=data.name,
                description=data.description,
                goal=data.goal,
                deadline=data.deadline,
                created_at=now,
                updated_at=now,
            )
            s.add(project)
            await s.flush()
            await replace_milestones(s, project.id, data.milestones)
            await s.flush()
            return await project_view(s, project)

    async def detail(self, actor: Actor, project_id: int) -> ProjectDetail:
        async with self.ctx.sessions() as s:
            project, role = await project_for(s, actor, project_id, Permission.READ)
            personas = await s.scalars(
                select(Persona).where(Persona.project_id == project_id).order_by(Persona.name, Persona.id)
            )
            note_count = (
                select(func.count(Note.id)).where(Note.map_id == EmpathyMap.id).correlate(EmpathyMap)
            ).scalar_subquery()
            maps = await s.execute(
                select(EmpathyMap, note_count)
                .where(EmpathyMap.project_id == project_id)
                .order_by(EmpathyMap.updated_at.desc())
            )
            return ProjectDetail(
                **(await project_view(s, project)).model_dump(),
                personas=[persona_view(p) for p in personas],
                maps=[
                    MapSummary(
                        id=m.id,
                        title=m.title,
                        perspective=m.perspective,
                        template=m.template,
                        language=m.language,
                        persona_id=m.persona_id,
                        note_count=count,
                        updated_at=m.updated_at,
                    )
                    for m, count in maps
                ],
                your_role=role.value,
            )

    async def update(self, actor: Actor, project_id: int, data: ProjectPatch) -> ProjectView:
        self._check(data)
        given = data.model_fields_set
        for required in ("name",):
            if required in given and getattr(data, required) is None:
                raise InvalidInput.field(required, "A project needs a name.")
        async with self.ctx.writing() as s:
            project, _ = await project_for(s, actor, project_id, Permission.WRITE)
            for name in ("name", "description", "goal", "deadline"):
                if name in given:
                    value = getattr(data, name)
                    setattr(project, name, "" if value is None and name != "deadline" else value)
            if "milestones" in given:
                await replace_milestones(s, project.id, data.milestones or [])
            project.updated_at = self.ctx.now()
            await s.flush()
            return await project_view(s, project)

    async def delete(self, actor: Actor, project_id: int) -> None:
        async with self.ctx.writing() as s:
            project, _ = await project_for(s, actor, project_id, Permission.WRITE)
            await s.delete(project)
