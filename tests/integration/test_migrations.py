"""Migrations bring an empty database to the schema the code expects, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection

from empathy_studio.persistence.engine import create_engine
from empathy_studio.persistence.migrate import current_revision, head_revision, upgrade_to_head
from empathy_studio.persistence.tables import Base


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def test_upgrade_of_an_empty_database_matches_the_models(database_url: str) -> None:
    async def check() -> tuple[str | None, list[Any]]:
        engine = create_engine(database_url)
        try:
            await upgrade_to_head(engine)
            await upgrade_to_head(engine)  # running it again is harmless
            async with engine.connect() as connection:
                diff = await connection.run_sync(_diff)
            return await current_revision(engine), diff
        finally:
            await engine.dispose()

    revision, diff = asyncio.run(check())
    assert revision == head_revision()
    assert diff == []


def test_upgrading_keeps_existing_rows(database_url: str) -> None:
    """Table rebuilds on SQLite must not cascade-delete rows that point at the rebuilt table."""
    from datetime import UTC, datetime

    from sqlalchemy import text

    async def check() -> tuple[int, int]:
        engine = create_engine(database_url)
        try:
            await upgrade_to_head(engine, "0001")
            now = datetime.now(UTC)
            async with engine.begin() as c:
                await c.execute(
                    text(
                        "INSERT INTO users (id, email, display_name, password_hash, locale, is_instance_owner,"
                        " created_at) VALUES (1, 'a@example.org', 'A', 'x', 'en', true, :now)"
                    ),
                    {"now": now},
                )
                await c.execute(
                    text("INSERT INTO workspaces (id, name, created_at) VALUES (1, 'W', :now)"), {"now": now}
                )
                await c.execute(
                    text(
                        "INSERT INTO memberships (workspace_id, user_id, role, created_at) VALUES (1, 1, 'owner', :now)"
                    ),
                    {"now": now},
                )
            await upgrade_to_head(engine)
            async with engine.connect() as c:
                users = (await c.execute(text("SELECT count(*) FROM users"))).scalar_one()
                members = (await c.execute(text("SELECT count(*) FROM memberships"))).scalar_one()
            return users, members
        finally:
            await engine.dispose()

    assert asyncio.run(check()) == (1, 1)


def test_upgrading_to_0006_signs_out_guests_and_drops_their_tokens(database_url: str) -> None:
    """Sessions from before 0006 cannot tell which join link they came through, so closing the link
    could not end them; guests' tokens would outlive the link. Members keep both."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import text

    rows = [
        "INSERT INTO users (id, email, display_name, password_hash, locale, is_instance_owner, created_at)"
        " VALUES (1, 'a@example.org', 'Member', 'x', 'en', false, :now)",
        "INSERT INTO workspaces (id, name, created_at) VALUES (1, 'W', :now)",
        "INSERT INTO projects (id, workspace_id, name, description, goal, created_at, updated_at)"
        " VALUES (1, 1, 'P', '', '', :now, :now)",
        "INSERT INTO maps (id, project_id, title, goal, perspective, template, language, seq, created_at,"
        " updated_at) VALUES (1, 1, 'M', '', 'team', 'six_segment', 'en', 0, :now, :now)",
        "INSERT INTO users (id, email, display_name, password_hash, locale, is_instance_owner, created_at,"
        " guest_map_id) VALUES (2, NULL, 'Guest', '!', 'en', false, :now, 1)",
    ]
    signed_in = [
        "INSERT INTO login_sessions (token_hash, csrf_token, user_id, created_at, expires_at)"
        " VALUES (:tag, 'c', :user, :now, :later)",
        "INSERT INTO api_tokens (token_hash, name, user_id, created_at) VALUES (:tag, 't', :user, :now)",
    ]

    async def check() -> tuple[list[int], list[int]]:
        engine = create_engine(database_url)
        try:
            await upgrade_to_head(engine, "0005")
            now = datetime.now(UTC)
            times = {"now": now, "later": now + timedelta(days=1)}
            async with engine.begin() as c:
                for row in rows:
                    await c.execute(text(row), times)
                for user in (1, 2):
                    for at, row in enumerate(signed_in):
                        await c.execute(text(row), times | {"user": user, "tag": f"{at}-{user}"})
            await upgrade_to_head(engine)
            async with engine.connect() as c:
                sessions = list((await c.execute(text("SELECT user_id FROM login_sessions"))).scalars())
                tokens = list((await c.execute(text("SELECT user_id FROM api_tokens"))).scalars())
            return sessions, tokens
        finally:
            await engine.dispose()

    assert asyncio.run(check()) == ([1], [1])
