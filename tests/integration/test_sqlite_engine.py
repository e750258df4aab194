"""The SQLite engine: how durable a commit is, and statements through the one-trip driver path."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from empathy_studio.persistence import sqlite_driver
from empathy_studio.persistence.engine import create_engine


@pytest.mark.parametrize(("commit_sync", "pragma"), [("normal", 1), ("full", 2)])
async def test_commits_wait_for_the_disk_only_when_asked(
    tmp_path: Path, commit_sync: str, pragma: int
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}", commit_sync=commit_sync)
    try:
        async with engine.connect() as connection:
            assert (await connection.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
            assert (await connection.execute(text("PRAGMA synchronous"))).scalar() == pragma
    finally:
        await engine.dispose()


async def test_statements_go_through_the_one_trip_cursor_and_behave_as_before(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}")
    try:
        # A newer SQLAlchemy series turns it off (its internals may differ): this test then says so.
        assert sqlite_driver.install(), "the one-trip SQLite cursor is not in use with this SQLAlchemy"
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, word TEXT)"))
            inserted = await connection.execute(text("INSERT INTO t (word) VALUES (:w)"), {"w": "één"})
            assert inserted.lastrowid == 1 and inserted.rowcount == 1
            await connection.execute(
                text("INSERT INTO t (word) VALUES (:w)"), [{"w": "zwei"}, {"w": "three"}]
            )
            rows = (await connection.execute(text("SELECT id, word FROM t ORDER BY id"))).all()
            assert [tuple(r) for r in rows] == [(1, "één"), (2, "zwei"), (3, "three")]
            with pytest.raises(Exception, match="no such table"):
                await connection.execute(text("SELECT * FROM missing"))
        async with engine.connect() as connection:  # the failed statement left the others committed
            assert (await connection.execute(text("SELECT count(*) FROM t"))).scalar() == 3
    finally:
        await engine.dispose()
