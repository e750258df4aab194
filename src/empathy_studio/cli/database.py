"""`empathy db copy`, `empathy backup` and `empathy restore`: moving all data between databases and files."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from empathy_studio.persistence.engine import create_engine
from empathy_studio.persistence.transfer_rows import (
    TransferError,
    copy_database,
    restore_backup,
    write_backup,
)
from empathy_studio.settings import Settings

out = Console()
err = Console(stderr=True)


def _with_engines(urls: list[str], work: Callable[..., Awaitable[dict[str, int]]]) -> dict[str, int]:
    async def run() -> dict[str, int]:
        engines = [create_engine(url) for url in urls]
        try:
            return await work(*engines)
        finally:
            for engine in engines:
                await engine.dispose()

    try:
        return asyncio.run(run())
    except TransferError as error:
        err.print(f"[red]Error:[/red] {error}")
        raise typer.Exit(1) from None
    except (OSError, ValueError) as error:  # unreachable server, malformed URL
        err.print(f"[red]Error:[/red] {error}")
        raise typer.Exit(1) from None


def _report(title: str, counts: dict[str, int]) -> None:
    table = Table(title=title)
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, n in counts.items():
        table.add_row(name, str(n))
    out.print(table)


def db_copy(
    source: Annotated[
        str,
        typer.Option("--from", help="Database URL to copy from (e.g. sqlite+aiosqlite:///data/empathy.db)."),
    ],
    target: Annotated[
        str, typer.Option("--to", help="Empty database URL to copy into (e.g. postgresql+asyncpg://...).")
    ],
) -> None:
    """Copy every row from one database into an empty one, e.g. to move from SQLite to PostgreSQL."""
    counts = _with_engines([source, target], copy_database)
    _report("Copied", counts)
    out.print(
        "Everything was copied and the row counts match. Point EMPATHY_DATABASE_URL at the new database."
    )


def backup(
    file: Annotated[Path, typer.Argument(help="Where to write the backup (.gz).", dir_okay=False)],
) -> None:
    """Write every row of the configured database (EMPATHY_DATABASE_URL) to a backup file."""
    counts = _with_engines([Settings().database_url], lambda engine: write_backup(engine, file))
    _report(f"Backed up to {file}", counts)


def restore(
    file: Annotated[Path, typer.Argument(help="A backup made by `empathy backup`.", dir_okay=False)],
) -> None:
    """Load a backup into the configured database, which must be empty; it is then brought up to date."""
    counts = _with_engines([Settings().database_url], lambda engine: restore_backup(engine, file))
    _report(f"Restored from {file}", counts)
