"""Board events: every change to a map is numbered and stored in the same transaction as the change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.errors import Conflict
from empathy_studio.persistence.tables import BoardEvent, EmpathyMap
from empathy_studio.services.context import Actor


async def record(
    s: AsyncSession,
    board: EmpathyMap,
    kind: str,
    subject: str,
    actor: Actor,
    payload: dict[str, Any],
    now: datetime,
    *,
    undoable: bool = True,
    command_id: str | None = None,
    audience: str | None = None,
    anonymous: bool = False,
) -> dict[str, Any]:
    """Store one event and return it as it is published after commit.

    ``subject`` names what changed ("note:12", "action:3", "map:1"); undo uses it to see whether
    someone else has touched the same thing since. ``audience`` and ``anonymous`` say who may see its
    content (domain/visibility.py)."""
    board.seq += 1
    board.updated_at = now
    event = BoardEvent(
        map_id=board.id,
        seq=board.seq,
        kind=kind,
        subject=subject,
        actor_id=actor.user_id,
        payload=payload,
        undoable=undoable,
        undone=False,
        command_id=command_id,
        audience=audience,
        created_at=now,
    )
    s.add(event)
    if command_id is not None:
        try:  # the unique (map, command id) pair makes a retried command fail here, and roll back whole
            await s.flush()
        except IntegrityError:
            raise Conflict(
                "This command was applied already.",
                code="duplicate_command",
                details={"command_id": command_id},
            ) from None
    return event_message(board.id, board.seq, kind, actor.user_id, payload, command_id, audience, anonymous)


def event_message(
    map_id: int,
    seq: int,
    kind: str,
    actor_id: int | None,
    payload: dict[str, Any],
    command_id: str | None,
    audience: str | None = None,
    anonymous: bool = False,
) -> dict[str, Any]:
    return {
        "map_id": map_id,
        "seq": seq,
        "kind": kind,
        "actor_id": actor_id,
        "payload": payload,
        "command_id": command_id,
        "audience": audience,
        "anonymous": anonymous,
    }


def stored_message(event: BoardEvent, anonymous: bool = False) -> dict[str, Any]:
    return event_message(
        event.map_id,
        event.seq,
        event.kind,
        event.actor_id,
        event.payload,
        event.command_id,
        event.audience,
        anonymous,
    )
