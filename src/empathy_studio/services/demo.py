"""The sample project: a full, credible map in the chosen language, so a newcomer sees the whole loop."""

from __future__ import annotations

from datetime import date, timedelta

from empathy_studio.domain.demo_content import DemoProject, demo_project
from empathy_studio.domain.roles import Permission
from empathy_studio.domain.views import ProjectView
from empathy_studio.export.project_json import (
    ActionDoc,
    MapDoc,
    MilestoneDoc,
    NoteDoc,
    PersonaDoc,
    ProjectDoc,
    ProjectExport,
)
from empathy_studio.persistence.tables import User
from empathy_studio.services.access import workspace_for
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.inputs import DemoIn
from empathy_studio.services.project_writer import write_project
from empathy_studio.services.projects import project_view


def demo_document(demo: DemoProject, language: str, today: date, owner_email: str) -> ProjectExport:
    persona = demo.persona
    notes = [
        NoteDoc.model_validate(
            {
                "ref": f"note-{i}",
                "segment": n.segment,
                "text": n.text,
                "color": n.color,
                "basis": n.basis,
                "source": n.source,
            }
        )
        for i, n in enumerate(demo.notes)
    ]
    actions = [
        ActionDoc.model_validate(
            {
                "title": a.title,
                "description": a.description,
                "owner_email": owner_email,
                "due_date": today + timedelta(days=a.due_in_days),
                "status": a.status,
                "note_refs": [f"note-{i}" for i in a.note_indexes],
            }
        )
        for a in demo.actions
    ]
    return ProjectExport(
        project=ProjectDoc(
            name=demo.name,
            description=demo.description,
            goal=demo.goal,
            deadline=today + timedelta(days=demo.deadline_in_days),
            milestones=[
                MilestoneDoc(title=m.title, date=today + timedelta(days=m.in_days)) for m in demo.milestones
            ],
        ),
        personas=[
            PersonaDoc.model_validate(
                {"ref": "persona", **{k: getattr(persona, k) for k in persona.__dataclass_fields__}}
            )
        ],
        maps=[
            MapDoc.model_validate(
                {
                    "title": demo.map_title,
                    "persona_ref": "persona",
                    "goal": demo.map_goal,
                    "perspective": "team",
                    "template": "six_segment",
                    "language": language,
                    "notes": [n.model_dump() for n in notes],
                    "actions": [a.model_dump() for a in actions],
                }
            )
        ],
    )


class Demo:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    async def create(self, actor: Actor, workspace_id: int, data: DemoIn) -> ProjectView:
        async with self.ctx.writing() as s:
            await workspace_for(s, actor, workspace_id, Permission.WRITE)
            user = await s.get(User, actor.user_id)
            assert user is not None
            language = data.language.value
            doc = demo_document(demo_project(language), language, self.ctx.now().date(), user.email or "")
            project = await write_project(s, self.ctx, actor, workspace_id, doc)
            return await project_view(s, project)
