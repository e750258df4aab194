"""Many notes into one map in one go, for the imports: checks the map's note limit, appends each note
at the end of its segment, and records one `notes.imported` event so everyone on the map sees them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.errors import InvalidInput
from empathy_studio.persistence.tables import EmpathyMap, Note
from empathy_studio.services.board_view import note_view
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.events import record


@dataclass(frozen=True)
class NewNote:
    segment: str
    text: str
    color: str = "yellow"
    basis: str = "hypothesis"
    source: str = ""
    author_name: str = ""


async def add_notes(
    ctx: ServiceContext, s: AsyncSession, board: EmpathyMap, actor: Actor, notes: list[NewNote]
) -> dict[str, Any] | None:
    """Insert the notes inside the caller's transaction; return the event to publish after commit."""
    if not notes:
        return None
    limit = ctx.settings.max_notes_per_map
    total = await s.scalar(select(func.count()).select_from(Note).where(Note.map_id == board.id))
    if (total or 0) + len(notes) > limit:
        raise InvalidInput(f"A map can hold at most {limit} notes.", code="map_full")
    counts = await s.execute(
        select(Note.segment, func.count())
        .where(Note.map_id == board.id, Note.position >= 0)  # private notes sit off the order at -1
        .group_by(Note.segment)
    )
    next_position: dict[str, int] = {segment: count for segment, count in counts.all()}
    now = ctx.now()
    values = []
    for note in notes:
        position = next_position.get(note.segment, 0)
        next_position[note.segment] = position + 1
        values.append(
            {
                "map_id": board.id,
                "segment": note.segment,
                "position": position,
                "text": note.text,
                "color": note.color,
                "basis": note.basis,
                "source": note.source,
                "author_id": None,
                "author_name": note.author_name[:80] or actor.display_name,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
    ids = (await s.execute(insert(Note).returning(Note.id), values)).scalars().all()
    rows = (await s.scalars(select(Note).where(Note.id.in_(ids)).order_by(Note.id))).all()
    payload = {"notes": [note_view(n).model_dump(mode="json") for n in rows]}
    return await record(s, board, "notes.imported", f"map:{board.id}", actor, payload, now, undoable=False)
