"""The record an ended workshop leaves with its map: who took part, what was written where, which themes
and notes the votes put on top, and the actions that came out of it."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.templates import segments_of
from empathy_studio.persistence.tables import (
    Action,
    BoardEvent,
    EmpathyMap,
    Note,
    Theme,
    User,
    Vote,
    WorkshopSession,
)

TOP = 5


async def summarise(
    s: AsyncSession, board: EmpathyMap, session: WorkshopSession, now: datetime
) -> dict[str, Any]:
    notes = list(await s.scalars(select(Note).where(Note.map_id == board.id, Note.hidden.is_(False))))
    themes = {t.id: t for t in await s.scalars(select(Theme).where(Theme.map_id == board.id))}
    votes = list(await s.scalars(select(Vote).where(Vote.session_id == session.id)))
    note_votes = Counter(v.note_id for v in votes if v.note_id is not None)
    theme_votes = Counter(v.theme_id for v in votes if v.theme_id is not None)
    by_id = {n.id: n for n in notes}

    actor_ids = set(
        await s.scalars(
            select(BoardEvent.actor_id).where(
                BoardEvent.map_id == board.id,
                BoardEvent.created_at >= session.started_at,
                BoardEvent.actor_id.is_not(None),
            )
        )
    ) | {v.user_id for v in votes}
    names = sorted(await s.scalars(select(User.display_name).where(User.id.in_(actor_ids))), key=str.lower)

    per_segment = Counter(n.segment for n in notes)
    themed = Counter(n.theme_id for n in notes if n.theme_id is not None)
    top_themes = sorted(themes.values(), key=lambda t: (-theme_votes[t.id], t.name.lower()))[:TOP]
    top_notes = sorted((n for n in notes if note_votes[n.id]), key=lambda n: (-note_votes[n.id], n.id))[:TOP]
    actions = await s.execute(
        select(Action.title, Action.due_date, User.display_name)
        .outerjoin(User, User.id == Action.owner_id)
        .where(Action.map_id == board.id, Action.created_at >= session.started_at)
        .order_by(Action.id)
    )
    return {
        "participants": names,
        "minutes": max(1, round((now - session.started_at).total_seconds() / 60)),
        "notes_per_segment": {seg: per_segment[seg] for seg in segments_of(board.template)},
        "notes_total": len(notes),
        "themes": len(themes),
        "top_themes": [
            {"name": t.name, "segment": t.segment, "votes": theme_votes[t.id], "notes": themed[t.id]}
            for t in top_themes
        ],
        "top_notes": [
            {"text": n.text, "segment": n.segment, "votes": note_votes[n.id]}
            for n in top_notes
            if n.id in by_id
        ],
        "votes": len(votes),
        "voters": len({v.user_id for v in votes}),
        "final_notes": sum(1 for n in notes if n.final or (n.theme_id and themes[n.theme_id].final)),
        "actions": [
            {"title": title, "owner": owner, "due_date": due.isoformat() if due else None}
            for title, due, owner in actions
        ],
    }
