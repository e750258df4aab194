"""Stores a note edit that was already shown to the room (services/early_broadcast.py) with three
compare-and-set statements instead of the notes service's full transaction.

Everything the service would check was checked against what this process published, and only this
process writes to the map: the role when the author connected (a role change closes their sockets), the
phase rules (read with the map and again after every session change), that the author may see the
note, its version and the next event number. The statements only confirm that the database still holds
what the prediction assumed: the note on that map at that version, segment, position, theme and
visibility, and the map at the event number before this one. If either has moved, nothing is written
and the caller takes the ordinary path, which gives the authoritative answer. The stored event is the
one the service would have stored, including the note as it was before (undo needs it)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Update, bindparam, insert, update
from sqlalchemy.exc import IntegrityError

from empathy_studio.persistence.tables import BoardEvent, EmpathyMap, Note
from empathy_studio.services.context import ServiceContext

# What the prediction copied from the note as the room saw it: the version, and the fields that change
# without a new version (moves, grouping, hiding, reveal, the final map).
_ASSUMED = ("version", "segment", "position", "theme_id", "private", "hidden", "final")


@dataclass(frozen=True)
class NoteEdit:
    """A predicted note edit: the event that went out and what it was predicted from."""

    event: dict[str, Any]
    before: dict[str, Any]  # the note as the room saw it before the edit
    changed: dict[str, Any]  # the columns the edit sets, beside version and updated_at
    now: datetime


class _Moved(Exception):
    """The database no longer holds what the prediction assumed."""


async def store(ctx: ServiceContext, edit: NoteEdit) -> bool:
    """Write the edit and its event in one transaction; False (nothing written) if the note or the map
    has moved on since the prediction, or the command id is stored already."""
    event, now = edit.event, edit.now
    note = event["payload"]["note"]
    assumed = {f"was_{column}": edit.before[column] for column in _ASSUMED}
    try:
        async with ctx.writing() as s:
            connection = await s.connection()
            written = await connection.execute(
                _note_update(frozenset(edit.changed)),
                {f"new_{column}": value for column, value in edit.changed.items()}
                | assumed
                | {
                    "at_note": note["id"],
                    "at_map": event["map_id"],
                    "new_version": note["version"],
                    "now": now,
                },
            )
            if written.rowcount != 1:
                raise _Moved
            numbered = await connection.execute(
                _NEXT_NUMBER,
                {
                    "at_map": event["map_id"],
                    "was_seq": event["seq"] - 1,
                    "next_seq": event["seq"],
                    "now": now,
                },
            )
            if numbered.rowcount != 1:
                raise _Moved
            await connection.execute(
                _EVENT,
                {
                    "map_id": event["map_id"],
                    "seq": event["seq"],
                    "kind": event["kind"],
                    "subject": f"note:{note['id']}",
                    "actor_id": event["actor_id"],
                    "payload": {"before": edit.before, "note": note},
                    "undoable": True,
                    "undone": False,
                    "command_id": event["command_id"],
                    "audience": event["audience"],
                    "created_at": now,
                },
            )
    except (_Moved, IntegrityError):
        return False
    return True


# The statements are built once (per set of changed columns): building them cost more than running them.
@functools.cache
def _note_update(changed: frozenset[str]) -> Update:
    return (
        update(Note)
        .where(
            Note.id == bindparam("at_note"),
            Note.map_id == bindparam("at_map"),
            *(getattr(Note, column).is_not_distinct_from(bindparam(f"was_{column}")) for column in _ASSUMED),
        )
        .values(
            {column: bindparam(f"new_{column}") for column in sorted(changed)}
            | {"version": bindparam("new_version"), "updated_at": bindparam("now")}
        )
    )


_NEXT_NUMBER = (
    update(EmpathyMap)
    .where(EmpathyMap.id == bindparam("at_map"), EmpathyMap.seq == bindparam("was_seq"))
    .values(seq=bindparam("next_seq"), updated_at=bindparam("now"))
)
_EVENT = insert(BoardEvent)
