"""Run Alembic migrations on an async engine, for SQLite and PostgreSQL alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, MetaData
from sqlalchemy.ext.asyncio import AsyncEngine

from empathy_studio.persistence.engine import create_engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(**attributes: Any) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes.update(attributes)
    return config


async def upgrade_to_head(engine: AsyncEngine, revision: str = "head") -> None:
    if engine.dialect.name != "sqlite":
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade, revision)
        return
    # SQLite: migrate with foreign keys unenforced (see create_engine), then prove nothing dangles.
    migrator = create_engine(engine.url.render_as_string(hide_password=False), foreign_keys=False)
    try:
        async with migrator.begin() as connection:
            await connection.run_sync(_upgrade, revision)
            dangling = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
            if dangling:
                raise RuntimeError(f"migration left rows pointing at nothing: {dangling[:5]}")
    finally:
        await migrator.dispose()


def _upgrade(connection: Connection, revision: str) -> None:
    command.upgrade(alembic_config(connection=connection), revision)


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as connection:
        return await connection.run_sync(lambda c: MigrationContext.configure(c).get_current_revision())


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def new_revision(engine: AsyncEngine, metadata: MetaData, message: str) -> None:
    """Autogenerate a migration from the difference between the database and ``metadata`` (developers)."""

    def _revision(connection: Connection) -> None:
        config = alembic_config(connection=connection, target_metadata=metadata)
        config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
        head = ScriptDirectory.from_config(config).get_current_head()
        rev_id = f"{int(head or 0) + 1:04d}"  # revisions are numbered 0001, 0002, ...
        command.revision(config, message=message, autogenerate=True, rev_id=rev_id)

    async with engine.begin() as connection:
        await connection.run_sync(_revision)
