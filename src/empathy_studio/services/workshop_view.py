"""The workshop parts of a map's read model: themes, vote counts, the running session, past sessions."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.views import NoteView, SessionRecord, SessionView, ThemeView
from empathy_studio.domain.workshop import results_visible
from empathy_studio.persistence.tables import Note, Theme, User, Vote, WorkshopSession
from empathy_studio.services.context import Actor
from empathy_studio.services.workshop_gate import phase_of

RECORDS_SHOWN = 10


def theme_view(theme: Theme) -> ThemeView:
    return ThemeView(
        id=theme.id, map_id=theme.map_id, segment=theme.segment, name=theme.name, final=theme.final
    )


async def _voting_session(s: AsyncSession, map_id: int, running: WorkshopSession | None) -> int | None:
    """The session whose votes the map shows: the running one, else the last one that ended."""
    if running is not None:
        return running.id
    return await s.scalar(
        select(WorkshopSession.id)
        .where(WorkshopSession.map_id == map_id)
        .order_by(WorkshopSession.id.desc())
        .limit(1)
    )


async def add_votes(
    s: AsyncSession,
    map_id: int,
    running: WorkshopSession | None,
    actor: Actor,
    notes: Sequence[NoteView],
    themes: Sequence[ThemeView],
) -> None:
    session_id = await _voting_session(s, map_id, running)
    if session_id is None:
        return
    named = running.named_votes if running is not None else await _named(s, session_id)
    rows = (
        await s.execute(
            select(Vote.user_id, Vote.note_id, Vote.theme_id, User.display_name)
            .join(User, User.id == Vote.user_id)
            .where(Vote.session_id == session_id)
            .order_by(Vote.id)
        )
    ).all()
    totals: Counter[tuple[str, int]] = Counter()
    mine: Counter[tuple[str, int]] = Counter()
    voters: dict[tuple[str, int], list[str]] = defaultdict(list)
    for user_id, note_id, theme_id, name in rows:
        key = ("note", note_id) if note_id is not None else ("theme", theme_id or 0)
        totals[key] += 1
        if user_id == actor.user_id:
            mine[key] += 1
        if name not in voters[key]:
            voters[key].append(name)
    show = results_visible(phase_of(running))
    for kind, items in (("note", notes), ("theme", themes)):
        for item in items:
            key = (kind, item.id)
            item.my_votes = mine[key]
            item.votes = totals[key] if show else None
            item.voters = voters[key] if show and named else []


async def _named(s: AsyncSession, session_id: int) -> bool:
    return bool(await s.scalar(select(WorkshopSession.named_votes).where(WorkshopSession.id == session_id)))


async def session_view(
    s: AsyncSession, session: WorkshopSession | None, actor: Actor, notes: Sequence[Note]
) -> SessionView | None:
    if session is None:
        return None
    used = await s.scalars(
        select(Vote.id).where(Vote.session_id == session.id, Vote.user_id == actor.user_id)
    )
    starter = await s.get(User, session.started_by) if session.started_by is not None else None
    return SessionView(
        id=session.id,
        phase=session.phase,
        anonymous=session.anonymous,
        vote_budget=session.vote_budget,
        one_vote_per_note=session.one_vote_per_note,
        named_votes=session.named_votes,
        one_segment_at_a_time=session.one_segment_at_a_time,
        focus_segment=session.focus_segment,
        timer_ends_at=session.timer_ends_at,
        started_at=session.started_at,
        started_by_name=starter.display_name if starter else "",
        votes_left=max(0, session.vote_budget - len(list(used))),
        private_notes_of_others=sum(1 for n in notes if n.private and n.author_id != actor.user_id),
        server_time=datetime.now(UTC),
    )


async def session_records(s: AsyncSession, map_id: int) -> list[SessionRecord]:
    ended = await s.scalars(
        select(WorkshopSession)
        .where(WorkshopSession.map_id == map_id, WorkshopSession.ended_at.is_not(None))
        .order_by(WorkshopSession.id.desc())
        .limit(RECORDS_SHOWN)
    )
    return [
        SessionRecord(id=w.id, started_at=w.started_at, ended_at=w.ended_at, summary=w.summary or {})
        for w in ended
        if w.ended_at is not None
    ]
