"""From a read feedback table to items ready to store: the chosen columns picked out, personal data
masked, duplicates within the file dropped, each item split into statements with their language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from empathy_studio.evidence.dedup import item_key
from empathy_studio.evidence.language import detect_language
from empathy_studio.evidence.masking import mask_personal_data
from empathy_studio.evidence.readers import FeedbackTable
from empathy_studio.evidence.statements import split_statements

LANGUAGES = ("en", "nl", "de")


class ImportCancelled(Exception):
    """Someone stopped the import while its items were being prepared."""


@dataclass(frozen=True)
class ColumnChoice:
    """Which column of the file holds what; only `text` is required."""

    text: str
    date: str | None = None
    rating: str | None = None
    source: str | None = None
    language: str | None = None
    segment: str | None = None  # the customer segment (a group of customers), not a map segment
    id: str | None = None


@dataclass
class PreparedItem:
    key: str
    text: str
    source: str
    said_on: str
    rating: str
    customer_segment: str
    external_id: str
    line: int
    language: str
    statements: list[str] = field(default_factory=list)


def _language_of(value: str, text: str) -> str:
    given = value.strip().lower()[:2]
    if given in LANGUAGES:
        return given
    return detect_language(text)


def prepare_items(
    table: FeedbackTable,
    columns: ColumnChoice,
    *,
    mask: bool,
    default_source: str,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[list[PreparedItem], int]:
    """Items in file order and how many rows were duplicates of an earlier row; empty rows are skipped.
    Raises ImportCancelled soon after `cancelled` starts saying so."""
    items: list[PreparedItem] = []
    seen: set[str] = set()
    duplicates = 0
    for index, (row, line) in enumerate(zip(table.rows, table.line_numbers, strict=True)):
        if index % 200 == 0:
            if cancelled is not None and cancelled():
                raise ImportCancelled
            if progress is not None:
                progress(index)
        raw_text = " ".join(row.get(columns.text, "").split())
        if not raw_text:
            continue
        text = mask_personal_data(raw_text) if mask else raw_text

        def pick(column: str | None, limit: int, row: dict[str, str] = row) -> str:
            return " ".join(row.get(column, "").split())[:limit] if column else ""

        source = pick(columns.source, 200) or default_source[:200]
        key = item_key(raw_text, source)
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        language = _language_of(pick(columns.language, 20), text)
        item = PreparedItem(
            key=key,
            text=text,
            source=source,
            said_on=pick(columns.date, 40),
            rating=pick(columns.rating, 20),
            customer_segment=pick(columns.segment, 120),
            external_id=pick(columns.id, 120),
            line=line,
            language=language,
        )
        item.statements = split_statements(text, language) or [text]
        items.append(item)
    if progress is not None:
        progress(len(table.rows))
    return items, duplicates
