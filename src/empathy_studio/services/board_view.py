"""Builds the read models of a map: the whole board as a client loads it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.segment_texts import segment_text
from empathy_studio.domain.templates import segments_of
from empathy_studio.domain.values import Role
from empathy_studio.domain.views import (
    ActionView,
    MapDetail,
    MemberRef,
    MergedNote,
    NoteView,
    SegmentView,
)
from empathy_studio.domain.visibility import without_authors
from empathy_studio.persistence.tables import (
    Action,
    ActionNote,
    EmpathyMap,
    Membership,
    Note,
    Persona,
    Project,
    Theme,
    User,
)
from empathy_studio.services.access import visible_note
from empathy_studio.services.context import Actor
from empathy_studio.services.personas import persona_view
from empathy_studio.services.workshop_gate import hides_authors, running_session
from empathy_studio.services.workshop_view import add_votes, session_records, session_view, theme_view


def note_view(n: Note) -> NoteView:
    return NoteView(
        id=n.id,
        map_id=n.map_id,
        segment=n.segment,
        text=n.text,
        color=n.color,
        basis=n.basis,
        source=n.source,
        position=n.position,
        version=n.version,
        author_id=n.author_id,
        author_name=n.author_name,
        created_at=n.created_at,
        updated_at=n.updated_at,
        private=n.private,
        hidden=n.hidden,
        theme_id=n.theme_id,
        final=n.final,
        merged=[MergedNote.model_validate(m) for m in n.merged_from or []],
        evidence_count=n.evidence_count or 0,
    )


async def action_view(s: AsyncSession, a: Action) -> ActionView:
    note_ids = await s.scalars(
        select(ActionNote.note_id).where(ActionNote.action_id == a.id).order_by(ActionNote.note_id)
    )
    owner = await s.get(User, a.owner_id) if a.owner_id is not None else None
    return ActionView(
        id=a.id,
        map_id=a.map_id,
        title=a.title,
        description=a.description,
        owner_id=a.owner_id,
        owner_name=owner.display_name if owner else None,
        due_date=a.due_date,
        status=a.status,
        note_ids=list(note_ids),
        created_at=a.created_at,
        updated_at=a.updated_at,
    )


def segment_views(template: str, language: str) -> list[SegmentView]:
    views = []
    for segment in segments_of(template):
        text = segment_text(segment, language)
        views.append(
            SegmentView(
                id=segment, label=text.label, description=text.description, prompts=list(text.prompts)
            )
        )
    return views


async def map_detail(
    s: AsyncSession, board: EmpathyMap, project: Project, role: Role, actor: Actor
) -> MapDetail:
    """The map as ``actor`` may see it: without others' unrevealed notes, hidden notes only for
    facilitators, authors blanked in anonymous phases and vote totals sealed while voting runs."""
    order = {segment: i for i, segment in enumerate(segments_of(board.template))}
    everything = list(await s.scalars(select(Note).where(Note.map_id == board.id)))
    notes = sorted(
        (n for n in everything if visible_note(n, actor, role)),
        key=lambda n: (order.get(n.segment, len(order)), n.position < 0, n.position, n.id),
    )
    session = await running_session(s, board.id)
    note_views = [note_view(n) for n in notes]
    themes = [theme_view(t) for t in await s.scalars(select(Theme).where(Theme.map_id == board.id))]
    await add_votes(s, board.id, session, actor, note_views, themes)
    if hides_authors(session):
        note_views = [
            NoteView.model_validate(without_authors(v.model_dump(), actor.user_id)) for v in note_views
        ]
    actions = await s.scalars(select(Action).where(Action.map_id == board.id).order_by(Action.id))
    members = await s.execute(
        select(User.id, User.display_name, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.workspace_id == project.workspace_id)
        .order_by(User.display_name)
    )
    persona = await s.get(Persona, board.persona_id) if board.persona_id is not None else None
    return MapDetail(
        id=board.id,
        project_id=project.id,
        project_name=project.name,
        workspace_id=project.workspace_id,
        title=board.title,
        goal=board.goal,
        perspective=board.perspective,
        template=board.template,
        language=board.language,
        persona_id=board.persona_id,
        persona=persona_view(persona) if persona else None,
        segments=segment_views(board.template, board.language),
        notes=note_views,
        actions=[await action_view(s, a) for a in actions],
        themes=themes,
        session=await session_view(s, session, actor, everything),
        records=await session_records(s, board.id),
        members=[MemberRef(user_id=uid, display_name=name, role=r) for uid, name, r in members],
        your_role=role.value,
        seq=board.seq,
        created_at=board.created_at,
        updated_at=board.updated_at,
    )
