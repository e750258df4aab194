"""CSV and TSV text to records, row by row, so one bad row (a quote never closed, a wrong number of
fields) is reported with its line number and skipped instead of spoiling the whole file."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator

from empathy_studio.evidence._table import MAX_CELL, RowProblem

DELIMITERS = (",", ";", "\t", "|")
_MAX_SPAN = 50  # physical lines one record may run over before we call it an unclosed quote
csv.field_size_limit(MAX_CELL)


class _Lines:
    """The file's lines, handed to the csv reader one at a time; `position` says how far it got, so
    reading can restart on the line after a broken record."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.position = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self.position >= len(self.lines):
            raise StopIteration
        self.position += 1
        return self.lines[self.position - 1]


def split_lines(text: str) -> list[str]:
    """Lines with their endings; only \\r\\n, \\r and \\n end a line, as in spreadsheets and editors."""
    return list(io.StringIO(text, newline=""))


def _reader(source: _Lines, delimiter: str) -> Iterator[list[str]]:
    return csv.reader(source, delimiter=delimiter, quotechar='"', doublequote=True, strict=False)


def _width_profile(lines: list[str], delimiter: str) -> tuple[float, int]:
    """How consistently the first records split into the same number of fields, and that number."""
    counts: Counter[int] = Counter()
    reader = _reader(_Lines(lines[:200]), delimiter)
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                counts[len(record)] += 1
    except csv.Error:
        pass
    if not counts:
        return 0.0, 0
    width, times = counts.most_common(1)[0]
    return times / sum(counts.values()), width


def sniff_delimiter(lines: list[str]) -> tuple[str | None, float]:
    """The delimiter that splits the records most consistently into two or more fields, and how
    consistently (share of records with the usual width); None when no delimiter makes columns."""
    best: tuple[float, int, str] | None = None
    for delimiter in DELIMITERS:
        share, width = _width_profile(lines, delimiter)
        if width >= 2 and (best is None or (share, width) > best[:2]):
            best = (share, width, delimiter)
    return (best[2], best[0]) if best else (None, 0.0)


def read_records(
    lines: list[str], delimiter: str, problems: list[RowProblem]
) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of each non-blank record no wider than the first record; wider ones and
    unclosed quotes go to `problems`. Lazy, so the caller can stop at its row limit."""
    source = _Lines(lines)
    reader = _reader(source, delimiter)
    width: int | None = None
    while True:
        start = source.position
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(RowProblem(start + 1, f"cannot be read ({error})"))
            source.position = start + 1
            reader = _reader(source, delimiter)
            continue
        if not any(cell.strip() for cell in record):
            continue
        span = source.position - start
        while width is not None and len(record) > width and not record[-1].strip():
            record.pop()  # trailing empty fields, as some tools write them
        if width is None:
            width = len(record)
        elif span > _MAX_SPAN or (span > 1 and len(record) != width):
            problems.append(
                RowProblem(
                    start + 1,
                    f"a quote opened here is not closed where expected (runs to line {start + span})",
                )
            )
            source.position = start + 1
            reader = _reader(source, delimiter)
            continue
        elif len(record) > width:  # an unquoted delimiter inside a value, most likely
            problems.append(
                RowProblem(start + 1, f"has {len(record)} fields where the first row has {width}")
            )
            continue
        # Fewer fields: many tools leave out empty trailing fields, so the row is read with them empty.
        yield start + 1, record
