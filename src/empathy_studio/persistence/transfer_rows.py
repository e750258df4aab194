"""Moving every row of the database: `empathy backup` and `restore` (a gzip file of JSON lines) and
`empathy db copy` (straight from one database into another, e.g. SQLite to PostgreSQL).

A backup starts with a header naming the schema revision it was taken at. Restoring migrates the empty
target to that revision, loads the rows table by table (parents before children), then migrates to the
newest revision, so a backup made by an older version restores into a newer one. Counts are compared
at the end: a copy that does not add up is reported, never silently accepted."""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Date, DateTime, LargeBinary, MetaData, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from empathy_studio.persistence.migrate import current_revision, upgrade_to_head

FORMAT = "empathy-studio/backup"
FORMAT_VERSION = 1
BATCH = 1000


class TransferError(Exception):
    """Something about the source, target or file that the person must fix; the message says what."""


async def tables(connection: AsyncConnection) -> list[Table]:
    """The tables as the database has them now (a restore works at the backup's own revision), parents
    before the tables whose rows point at them."""
    metadata = MetaData()
    await connection.run_sync(lambda sync: metadata.reflect(sync))
    return [t for t in metadata.sorted_tables if t.name != "alembic_version"]


def _encode(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for column in table.columns:
        value = row[column.name]
        if isinstance(value, bytes):
            value = base64.b64encode(value).decode()
        elif isinstance(value, datetime | date):
            value = value.isoformat()
        out[column.name] = value
    return out


def _decode(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for column in table.columns:
        value = row.get(column.name)
        if value is not None:
            kind = column.type
            if isinstance(kind, LargeBinary):
                value = base64.b64decode(value)
            elif isinstance(kind, DateTime):
                value = datetime.fromisoformat(value)
            elif isinstance(kind, Date):
                value = date.fromisoformat(value)
        out[column.name] = value
    return out


async def read_rows(engine: AsyncEngine) -> AsyncIterator[tuple[Table, list[dict[str, Any]]]]:
    """Every table's rows in batches, in an order that loads without breaking a foreign key."""
    async with engine.connect() as connection:
        for table in await tables(connection):
            primary = list(table.primary_key.columns) or list(table.columns)
            result = await connection.stream(select(table).order_by(*primary))
            async for batch in result.mappings().partitions(BATCH):
                yield table, [dict(row) for row in batch]


async def _require_empty(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        for table in await tables(connection):
            if await connection.scalar(select(func.count()).select_from(table)):
                raise TransferError(f"The target database is not empty (table {table.name} has rows).")


Batches = AsyncIterator[tuple[Table, list[dict[str, Any]]]]


async def _load(
    engine: AsyncEngine,
    batches: Callable[[dict[str, Table]], Batches],
    check: Callable[[dict[str, int]], None],
) -> dict[str, int]:
    """Insert every batch in one transaction; ``check`` sees the counts before the commit and may still
    refuse the whole load."""
    counts: dict[str, int] = {}
    async with engine.begin() as connection:  # all or nothing
        present = {t.name: t for t in await tables(connection)}
        async for table, rows in batches(present):
            if rows:
                await connection.execute(insert(present[table.name]), rows)
            counts[table.name] = counts.get(table.name, 0) + len(rows)
        check(counts)
        if engine.dialect.name == "postgresql":  # ids were given explicitly: move the counters past them
            for table in present.values():
                if "id" in table.primary_key.columns:
                    highest = select(func.max(table.c.id)).scalar_subquery()
                    sequence = func.pg_get_serial_sequence(table.name, "id")
                    await connection.execute(
                        select(func.setval(sequence, func.coalesce(highest, 0) + 1, False))
                    )
    return counts


async def count_rows(engine: AsyncEngine) -> dict[str, int]:
    async with engine.connect() as connection:
        return {
            t.name: int(await connection.scalar(select(func.count()).select_from(t)) or 0)
            for t in await tables(connection)
        }


async def copy_database(source: AsyncEngine, target: AsyncEngine) -> dict[str, int]:
    """Copy everything from ``source`` (brought up to date first) into an empty ``target``."""
    await upgrade_to_head(source)
    await upgrade_to_head(target)
    await _require_empty(target)
    await _load(target, lambda _present: read_rows(source), lambda _counts: None)
    expected, found = await count_rows(source), await count_rows(target)
    if expected != found:
        raise TransferError(f"The copy does not add up: expected {expected}, found {found}.")
    return found


async def write_backup(engine: AsyncEngine, path: Path) -> dict[str, int]:
    revision = await current_revision(engine)
    if revision is None:
        raise TransferError("The database has no Empathy Studio schema yet: nothing to back up.")
    counts: dict[str, int] = {}
    partial = path.with_name(path.name + ".partial")
    with gzip.open(partial, "wt", encoding="utf-8") as out:  # renamed when complete: no half backups
        out.write(json.dumps({"format": FORMAT, "version": FORMAT_VERSION, "revision": revision}) + "\n")
        async for table, rows in read_rows(engine):
            for row in rows:
                out.write(json.dumps({"t": table.name, "r": _encode(table, row)}, ensure_ascii=False) + "\n")
            counts[table.name] = counts.get(table.name, 0) + len(rows)
        out.write(json.dumps({"end": counts}) + "\n")
    partial.replace(path)
    return counts


def _lines(handle: IO[str]) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(handle, start=1):
        try:
            yield json.loads(line)
        except json.JSONDecodeError:
            raise TransferError(f"The backup is damaged at line {number}.") from None


async def restore_backup(engine: AsyncEngine, path: Path) -> dict[str, int]:
    if not path.is_file():  # noqa: ASYNC240 (a CLI command: nothing else runs meanwhile)
        raise TransferError(f"There is no backup file at {path}.")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return await _restore(engine, path, handle)


async def _restore(engine: AsyncEngine, path: Path, handle: IO[str]) -> dict[str, int]:
    lines = _lines(handle)
    try:
        header = next(lines)
    except (OSError, EOFError, StopIteration) as error:
        raise TransferError(f"{path} is not an Empathy Studio backup ({error}).") from None
    if header.get("format") != FORMAT or header.get("version") != FORMAT_VERSION:
        raise TransferError(f"{path} is not an Empathy Studio backup this version can read.")
    ending: dict[str, int] = {}

    async def batches(by_name: dict[str, Table]) -> Batches:
        current: Table | None = None
        rows: list[dict[str, Any]] = []
        for line in lines:
            if "end" in line:
                ending.update(line["end"])
                break
            table = by_name.get(line.get("t", ""))
            if table is None:
                raise TransferError(f"The backup names an unknown table: {line.get('t')!r}.")
            if current is not None and (table is not current or len(rows) >= BATCH):
                yield current, rows
                rows = []
            current = table
            rows.append(_decode(table, line["r"]))
        if current is not None:
            yield current, rows

    def complete(counts: dict[str, int]) -> None:
        if not ending:
            raise TransferError("The backup ends early: it is incomplete, so nothing was restored.")
        if any(counts.get(name, 0) != n for name, n in ending.items()):
            raise TransferError(f"The backup does not add up: it lists {ending}, but holds {counts}.")

    await upgrade_to_head(engine, str(header["revision"]))
    await _require_empty(engine)
    try:
        counts = await _load(engine, batches, complete)
    except (OSError, EOFError) as error:  # a truncated or corrupt gzip stream
        raise TransferError(
            f"The backup cannot be read to the end ({error}); nothing was restored."
        ) from None
    await upgrade_to_head(engine)
    found = await count_rows(engine)
    if any(found.get(name, 0) != n for name, n in ending.items()):
        raise TransferError(f"The restore does not add up: the backup holds {ending}, the database {found}.")
    return counts
