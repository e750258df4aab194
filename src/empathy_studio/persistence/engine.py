"""Engine and session factory for SQLite (default) or PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from empathy_studio.persistence import sqlite_driver


def create_engine(
    database_url: str, *, echo: bool = False, foreign_keys: bool = True, commit_sync: str = "normal"
) -> AsyncEngine:
    """``foreign_keys=False`` is for SQLite migrations only: they rebuild tables by copying, and with
    enforcement on, dropping the old table would cascade-delete the rows that point at it.
    ``commit_sync``: "normal" (a commit is in the database's log before it returns, so a crash of the
    app loses nothing committed, but the log reaches the disk a moment later) or "full" (every commit
    waits for the disk)."""
    if database_url.startswith("sqlite"):
        sqlite_driver.install()
        engine = create_async_engine(database_url, echo=echo, connect_args={"timeout": 30})

        def pragmas(dbapi_connection: Any, _record: Any) -> None:
            # WAL lets readers work during a write; foreign keys are off in SQLite unless asked for.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute(f"PRAGMA synchronous={'FULL' if commit_sync == 'full' else 'NORMAL'}")
            cursor.close()

        event.listen(engine.sync_engine, "connect", pragmas)
        return engine
    connect_args: dict[str, Any] = {}
    if database_url.startswith("postgresql+asyncpg") and commit_sync != "full":
        # Set when the connection opens (a SET would be undone with the first rolled-back transaction).
        connect_args["server_settings"] = {"synchronous_commit": "off"}
    return create_async_engine(database_url, echo=echo, pool_pre_ping=True, connect_args=connect_args)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
