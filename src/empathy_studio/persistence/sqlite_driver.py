"""One trip to aiosqlite's thread per SQLite statement instead of four.

aiosqlite runs every call on its own thread, and SQLAlchemy's adapter makes four such calls per
statement (open a cursor, execute, fetch, close). Each trip costs a thread hand-off and an event-loop
wake-up, which was more than half of a live board command (`benchmarks/command_cost.py`: 7.85 ms per
note edit with the stock adapter, 3.70 ms with this one). Opening and closing a cursor never touch the database file, so they run inline;
executing and fetching the rows run together in one trip. Statements still run off the event loop.

This leans on SQLAlchemy's asyncio adapter internals, so it is installed only on the 2.1 series it was
written and tested against; anywhere else the stock adapter is used unchanged."""

from __future__ import annotations

import collections
from typing import Any

import aiosqlite
import sqlalchemy
from sqlalchemy.dialects.sqlite import aiosqlite as adapter

_installed = False


class OneTripCursor(adapter.AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    def _make_new_cursor(self, connection: Any) -> Any:
        return aiosqlite.Cursor(connection, connection._conn.cursor())

    def _aenter_cursor(self, cursor: Any) -> Any:
        return cursor

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        async with self._adapt_connection._execute_mutex:
            raw = self._cursor._cursor  # type: ignore[attr-defined]

            def execute_and_fetch() -> list[Any] | None:
                raw.execute(operation, () if parameters is None else parameters)
                return raw.fetchall() if raw.description else None

            rows = await self._connection._execute(execute_and_fetch)
            if rows is not None:
                self._rows = collections.deque(rows)
            return self._cursor

    def close(self) -> None:
        self._rows.clear()
        self._cursor._cursor.close()  # type: ignore[attr-defined]

    async def _async_soft_close(self) -> None:
        return None  # the rows are fetched already; nothing is left open on the driver's thread


def supported() -> bool:
    parent = adapter.AsyncAdapt_aiosqlite_cursor
    return (
        sqlalchemy.__version__.startswith("2.1.")
        and all(
            hasattr(parent, name)
            for name in ("_make_new_cursor", "_aenter_cursor", "_execute_async", "_async_soft_close")
        )
        and hasattr(aiosqlite.Connection, "_execute")
        and hasattr(aiosqlite.Connection, "_conn")
    )


def install() -> bool:
    """Use the one-trip cursor for every aiosqlite connection of this process; True when in use."""
    global _installed
    if not _installed and supported():
        adapter.AsyncAdapt_aiosqlite_connection._cursor_cls = OneTripCursor
        _installed = True
    return _installed
