"""Feedback files to one table shape: CSV, TSV, Excel (.xlsx), JSON Lines, plain text (one item per
line) and pasted text. Encodings and delimiters are detected; rows that cannot be read are kept out of
the table and listed with their line numbers, so the user can decide whether to go on without them."""

from __future__ import annotations

from collections.abc import Iterator

from empathy_studio.domain.errors import InvalidInput
from empathy_studio.evidence._columns import COLUMN_ROLES, suggest_columns
from empathy_studio.evidence._decoding import DAMAGED_UTF8, decode, not_text_message
from empathy_studio.evidence._delimited import read_records, sniff_delimiter, split_lines
from empathy_studio.evidence._jsonlines import read_json_items
from empathy_studio.evidence._sheets import read_sheet
from empathy_studio.evidence._table import (
    MAX_CELL,
    FeedbackTable,
    RowProblem,
    tabulate,
    too_many_rows,
)

__all__ = [
    "COLUMN_ROLES",
    "MAX_BYTES",
    "FeedbackTable",
    "RowProblem",
    "read_feedback",
    "read_pasted",
    "require_column",
    "suggest_columns",
]

MAX_BYTES = 200 * 1024 * 1024  # far above 100,000 items of feedback; beyond it memory is at risk
_EXTENSIONS = {
    "csv": "csv",
    "tsv": "tsv",
    "tab": "tsv",
    "xlsx": "xlsx",
    "xlsm": "xlsx",
    "jsonl": "jsonl",
    "ndjson": "jsonl",
    "json": "jsonl",
    "txt": "txt",
    "text": "txt",
}
_TABULAR = 0.9  # share of records with the same width for text of unknown kind to count as a table
_NO_DELIMITER = "\x1f"  # the ASCII unit separator, which feedback never holds: one field per record


def _format_from_name(filename: str) -> str | None:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension in ("xls", "ods", "numbers", "docx", "pdf"):
        raise InvalidInput(
            f"Files of type .{extension} cannot be imported. Save the feedback as .xlsx, CSV or plain text.",
            code="import_not_text",
        )
    return _EXTENSIONS.get(extension)


def _text_lines(text: str) -> list[str]:
    if not text.strip(" \t\r\n\ufeff"):
        raise InvalidInput("The file is empty.", code="import_empty")
    return split_lines(text)


def _delimited(
    lines: list[str],
    format: str,
    encoding: str | None,
    delimiter: str,
    max_rows: int,
    shown: str | None = "",
) -> FeedbackTable:
    """`shown`: the delimiter to report, when it is not the one used to split."""
    problems: list[RowProblem] = []
    records = read_records(lines, delimiter, problems)
    reported = delimiter if shown == "" else shown
    return tabulate(
        records, problems, format=format, encoding=encoding, delimiter=reported, max_rows=max_rows
    )


def _one_column(lines: list[str], delimiter: str) -> bool:
    """Whether the header row (the first line with text) names a single column."""
    header = next((line for line in lines if line.strip()), "")
    return len(next(read_records([header], delimiter, []), (0, ["", ""]))[1]) == 1


def _one_per_line(lines: list[str], format: str, encoding: str | None, max_rows: int) -> FeedbackTable:
    problems: list[RowProblem] = []

    def records() -> Iterator[tuple[int, list[str]]]:
        for number, line in enumerate(lines, start=1):
            text = line.strip(" \t\r\n\ufeff")
            if len(text) > MAX_CELL:
                problems.append(RowProblem(number, f"is longer than {MAX_CELL:,} characters"))
            elif text:
                yield number, [text]

    return tabulate(records(), problems, format=format, encoding=encoding, delimiter=None,
                    max_rows=max_rows, names=["text"])  # fmt: skip


def _json_lines(lines: list[str], encoding: str | None, max_rows: int) -> FeedbackTable:
    problems: list[RowProblem] = []
    numbers: list[int] = []
    items: list[dict[str, str]] = []
    columns: dict[str, None] = {}  # keys in order of first appearance
    for number, item in read_json_items(lines, problems):
        if len(items) == max_rows:
            raise too_many_rows(max_rows)
        numbers.append(number)
        items.append(item)
        columns.update(dict.fromkeys(item))
    if not items:  # let the shared step say why: empty, or every line bad
        return tabulate([], problems, format="jsonl", encoding=encoding, delimiter=None, max_rows=max_rows)
    names = list(columns)
    rows = [{name: item.get(name, "").strip() for name in names} for item in items]
    return FeedbackTable("jsonl", encoding, None, names, rows, numbers, problems)


def _guess_text_format(lines: list[str]) -> str:
    """For text of unknown kind: JSON when it starts like JSON, a table when a delimiter splits it
    consistently, else one item per line."""
    first = next((line for line in lines if line.strip()), "").lstrip("\ufeff \t")
    if first.startswith(("{", "[")):
        return "jsonl"
    delimiter, share = sniff_delimiter(lines)
    if delimiter is not None and share >= _TABULAR and len(lines) > 1:
        return "tsv" if delimiter == "\t" else "csv"
    return "txt"


def read_feedback(raw: bytes, filename: str, *, max_rows: int) -> FeedbackTable:
    """The file as a table; raises InvalidInput (with a stable code) when nothing usable is in it."""
    if len(raw) > MAX_BYTES:
        raise InvalidInput(
            f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB. Split it into smaller files.",
            code="import_too_large",
        )
    if not raw.strip(b" \t\r\n") or raw in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        raise InvalidInput("The file is empty.", code="import_empty")
    format = _format_from_name(filename)
    if format == "xlsx" or (format is None and raw.startswith(b"PK\x03\x04")):
        if not raw.startswith(b"PK\x03\x04"):
            raise InvalidInput(
                not_text_message(raw) or "This file is not an Excel (.xlsx) workbook.", code="import_invalid"
            )
        problems: list[RowProblem] = []
        return tabulate(read_sheet(raw, problems), problems, format="xlsx", encoding=None, delimiter=None,
                        max_rows=max_rows)  # fmt: skip
    text, encoding = decode(raw)
    if encoding == DAMAGED_UTF8:
        return _without_damaged_rows(_read_text(text, format, "utf-8", max_rows))
    return _read_text(text, format, encoding, max_rows)


def _without_damaged_rows(table: FeedbackTable) -> FeedbackTable:
    damaged = [any("\ufffd" in v for v in row.values()) for row in table.rows]
    problems = table.problems + [
        RowProblem(line, "contains bytes that are not UTF-8 (the file mixes encodings)")
        for line, bad in zip(table.line_numbers, damaged, strict=True)
        if bad
    ]
    rows = [row for row, bad in zip(table.rows, damaged, strict=True) if not bad]
    lines = [line for line, bad in zip(table.line_numbers, damaged, strict=True) if not bad]
    if not rows:
        raise InvalidInput(
            "The file is not valid UTF-8 text. Save it again as UTF-8.", code="import_not_text"
        )
    problems.sort(key=lambda problem: problem.line)
    return FeedbackTable(table.format, table.encoding, table.delimiter, table.columns, rows, lines, problems)


def _read_text(text: str, format: str | None, encoding: str, max_rows: int) -> FeedbackTable:
    lines = _text_lines(text)
    if format is None:
        format = _guess_text_format(lines)
    if format == "jsonl":
        return _json_lines(lines, encoding, max_rows)
    if format == "tsv":
        return _delimited(lines, "tsv", encoding, "\t", max_rows)
    if format == "csv":
        delimiter, _ = sniff_delimiter(lines)
        if _one_column(lines, delimiter or ","):  # "text" then lines that may hold commas of their own
            return _delimited(lines, "csv", encoding, _NO_DELIMITER, max_rows, shown=None)
        return _delimited(lines, "csv", encoding, delimiter or ",", max_rows)
    # Plain text; but Excel's "Unicode text" export is a tab-separated table named .txt.
    delimiter, share = sniff_delimiter(lines)
    if delimiter == "\t" and share >= _TABULAR and len(lines) > 1:
        return _delimited(lines, "tsv", encoding, "\t", max_rows)
    return _one_per_line(lines, "txt", encoding, max_rows)


def require_column(table: FeedbackTable, column: str) -> None:
    """Raises a clear error when a chosen column is not in the file (a stale choice, a changed file)."""
    if column not in table.columns:
        message = f"The file has no column '{column}'. Its columns are: {', '.join(table.columns)}."
        raise InvalidInput(
            message,
            code="import_missing_column",
            details={"fields": [{"field": column, "message": message}]},
        )


def _passages(lines: list[str], max_rows: int) -> FeedbackTable | None:
    """One item per passage of lines between blank lines, when some passage has several lines (a
    pasted e-mail or review); None when every passage is a single line."""
    passages: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            if passages and passages[-1][1]:
                passages.append((0, []))
            continue
        if not passages or not passages[-1][1]:
            passages[-1:] = [(number, [])]  # a new passage starts on this line
        passages[-1][1].append(line.strip())
    found = [(number, " ".join(" ".join(part).split())) for number, part in passages if part]
    if len(found) < 2 or all(len(part) < 2 for _, part in passages):
        return None
    if len(found) > max_rows:
        raise too_many_rows(max_rows)
    problems = [
        RowProblem(n, f"is longer than {MAX_CELL:,} characters") for n, t in found if len(t) > MAX_CELL
    ]
    good = [(n, t) for n, t in found if len(t) <= MAX_CELL]
    if not good:
        return None
    return FeedbackTable("paste", None, None, ["text"], [{"text": t} for _, t in good],
                         [n for n, _ in good], problems)  # fmt: skip


def read_pasted(text: str, *, max_rows: int) -> FeedbackTable:
    """Pasted text: cells copied from a spreadsheet arrive tab-separated and are read as a table; text
    with blank lines between multi-line passages gives one item per passage; else one per line."""
    lines = _text_lines(text.replace("\r\n", "\n").replace("\r", "\n"))
    delimiter, share = sniff_delimiter(lines)
    if delimiter == "\t" and share >= _TABULAR and len(lines) > 1:
        return _delimited(lines, "paste", None, "\t", max_rows)
    return _passages(lines, max_rows) or _one_per_line(lines, "paste", None, max_rows)
