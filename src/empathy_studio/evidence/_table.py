"""The shape every feedback reader returns, and the shared step from raw records to that shape:
deciding whether the first record names the columns, naming them, enforcing the row limit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from empathy_studio.domain.errors import InvalidInput
from empathy_studio.evidence._columns import looks_like_header

MAX_CELL = 100_000  # characters in one value; more is a broken quote or not feedback


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str


@dataclass(frozen=True)
class FeedbackTable:
    format: str  # "csv" | "tsv" | "xlsx" | "jsonl" | "txt" | "paste"
    encoding: str | None
    delimiter: str | None
    columns: list[str]
    rows: list[dict[str, str]]  # good rows only; every value a string, stripped
    line_numbers: list[int]  # file line (or sheet row) of each good row
    problems: list[RowProblem]  # rows left out, with the reason


def too_many_rows(max_rows: int) -> InvalidInput:
    return InvalidInput(
        f"At most {max_rows:,} feedback items can be imported at once; this file has more.",
        code="import_too_many_rows",
    )


def column_names(header: list[str]) -> list[str]:
    """Blank names become "column 3"; a repeated name gets a number so no value is lost."""
    names: list[str] = []
    for index, cell in enumerate(header):
        name = " ".join(cell.split()) or f"column {index + 1}"
        base, n = name, 2
        while name in names:
            name, n = f"{base} ({n})", n + 1
        names.append(name)
    return names


def tabulate(
    records: Iterable[tuple[int, list[str]]],
    problems: list[RowProblem],
    *,
    format: str,
    encoding: str | None,
    delimiter: str | None,
    max_rows: int,
    names: list[str] | None = None,
) -> FeedbackTable:
    """Records are (line, cells) with blank records already dropped. Without `names` the first record
    names the columns if it looks like a header. Rows wider than the header get extra "column N"
    columns rather than losing values."""
    lines: list[int] = []
    cells: list[list[str]] = []
    for line, record in records:
        lines.append(line)
        cells.append([cell.strip() for cell in record])
        if len(cells) > max_rows + 1:  # one spare for a header row
            break
    header = names is None and bool(cells) and looks_like_header(cells[0], cells[1:50])
    names = column_names(cells[0]) if header else list(names or [])
    if header:
        lines, cells = lines[1:], cells[1:]
    if len(cells) > max_rows:
        raise too_many_rows(max_rows)
    if not cells:
        if problems:
            first = "; ".join(f"line {p.line}: {p.message}" for p in problems[:3])
            raise InvalidInput(
                f"No row of the file could be read ({first}).",
                code="import_invalid",
                details={
                    "fields": [{"field": f"line {p.line}", "message": p.message} for p in problems[:20]]
                },
            )
        message = "The file names its columns but has no feedback rows." if header else "The file is empty."
        raise InvalidInput(message, code="import_empty")
    width = max(len(names), *(len(row) for row in cells))
    names += [f"column {i + 1}" for i in range(len(names), width)]
    rows = [{name: (row[i] if i < len(row) else "") for i, name in enumerate(names)} for row in cells]
    return FeedbackTable(format, encoding, delimiter, names, rows, lines, problems)
