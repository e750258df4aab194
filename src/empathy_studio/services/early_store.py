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
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy
from sqlalchemy import Executable, Update, bindparam, insert, make_url, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.pool import StaticPool

from empathy_studio.persistence.tables import BoardEvent, EmpathyMap, Note
from empathy_studio.services.context import ServiceContext

log = logging.getLogger("empathy_studio.realtime")

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


def _statements(edit: NoteEdit) -> list[tuple[Executable, dict[str, Any]]]:
    """The edit's three statements with their parameters: the map's event number, the note, the event.
    The first two must each change one row, or the database has moved on. The map comes first, as in
    the services' writes do, so that on PostgreSQL two writers never wait for each other's rows."""
    event, now = edit.event, edit.now
    note = event["payload"]["note"]
    assumed = {f"was_{column}": edit.before[column] for column in _ASSUMED}
    return [
        (
            _NEXT_NUMBER,
            {"at_map": event["map_id"], "was_seq": event["seq"] - 1, "next_seq": event["seq"], "now": now},
        ),
        (
            _note_update(frozenset(edit.changed)),
            {f"new_{column}": value for column, value in edit.changed.items()}
            | assumed
            | {"at_note": note["id"], "at_map": event["map_id"], "new_version": note["version"], "now": now},
        ),
        (
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
        ),
    ]


async def store(ctx: ServiceContext, edit: NoteEdit) -> bool:
    """Write the edit and its event in one transaction; False (nothing written) if the note or the map
    has moved on since the prediction, or the command id is stored already. The caller holds the write
    turn (ServiceContext.write_turn)."""
    try:
        async with ctx.sessions.begin() as s:
            connection = await s.connection()
            for at, (statement, parameters) in enumerate(_statements(edit)):
                written = await connection.execute(statement, parameters)
                if at < 2 and written.rowcount != 1:
                    raise _Moved
    except (_Moved, IntegrityError):
        return False
    except DBAPIError:
        # Locked out, a deadlock, a full disk or a read-only database: rolled back. The ordinary path
        # tries again and, if the database really cannot take it, says so.
        log.warning("an early note edit could not be stored; it takes the ordinary path", exc_info=True)
        return False
    return True


class InlineStore:
    """Stores predicted edits on SQLite from the event loop's own thread, through a connection of its own.

    The three statements and the commit take about 0.4 ms (median, 0.9 ms at most, measured in the
    test suite) when commits do not wait for the disk (synchronous=NORMAL). Through aiosqlite's thread
    the same store was six hand-offs between threads, and the third thread they woke competed for this
    machine's two cores with everything else. It runs while this process holds the write turn
    (ServiceContext.write_turn), so no other writer of ours holds SQLite's lock; another process would
    make it wait at most ``busy_ms``, and then (as on any database error) nothing is written and the
    edit takes the ordinary path. Checkpoints, which write the log back into the database file and
    wait for the disk, are left to the ordinary connections' thread (``checkpoint_due``)."""

    CHECKPOINT_EVERY = 200  # stores between checkpoints: the log stays around a megabyte

    def __init__(self, database_url: str, busy_ms: int = 200):
        self.engine = sqlalchemy.create_engine(
            make_url(database_url).set(drivername="sqlite"),
            poolclass=StaticPool,
            connect_args={"check_same_thread": False, "timeout": busy_ms / 1000},
        )
        self.stored_since_checkpoint = 0

        def pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA wal_autocheckpoint=0")
            cursor.close()

        sqlalchemy.event.listen(self.engine, "connect", pragmas)

    def store_all(self, edits: list[NoteEdit]) -> list[bool]:
        """Store the edits in order, in one transaction: one commit for all. If one of them cannot be
        stored because the database moved on, nothing of that transaction is kept and each is stored on
        its own instead, so the others are kept and that one gets its own answer."""
        try:
            with self.engine.begin() as connection:
                for edit in edits:
                    for at, (statement, parameters) in enumerate(_statements(edit)):
                        if connection.execute(statement, parameters).rowcount != 1 and at < 2:
                            raise _Moved
        except (_Moved, IntegrityError):
            return [False] if len(edits) == 1 else self._one_by_one(edits)
        except DBAPIError:
            # Locked by another process past busy_ms, the disk full or read-only, the file damaged:
            # rolled back. Not tried again here (each try could wait busy_ms on the event loop); the
            # ordinary path tries again and, if the database really cannot take it, says so.
            log.warning(
                "early note edits could not be stored here; they take the ordinary path", exc_info=True
            )
            return [False] * len(edits)
        self.stored_since_checkpoint += len(edits)
        return [True] * len(edits)

    def _one_by_one(self, edits: list[NoteEdit]) -> list[bool]:
        """After a batch failed: each edit on its own. Once an edit of a map is not stored, the later ones
        of that map cannot be either (each was shown with the event number after it): not tried."""
        failed: set[int] = set()
        results = []
        for edit in edits:
            map_id = edit.event["map_id"]
            stored = map_id not in failed and self.store_all([edit])[0]
            if not stored:
                failed.add(map_id)
            results.append(stored)
        return results

    @property
    def checkpoint_due(self) -> bool:
        return self.stored_since_checkpoint >= self.CHECKPOINT_EVERY

    def close(self) -> None:
        self.engine.dispose()


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
