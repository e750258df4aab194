"""Reads sticky notes from a CSV file, as whiteboard tools export them: detects the encoding and the
delimiter, finds the header, and suggests which column holds the text, segment, colour and author."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
from collections import Counter
from dataclasses import dataclass

from empathy_studio.domain.errors import InvalidInput
from empathy_studio.domain.segment_texts import SEGMENT_TEXTS

COLOURS = ("yellow", "pink", "blue", "green", "orange", "purple")
_COLOUR_WORDS = {
    "yellow": ("yellow", "geel", "gelb", "light_yellow", "lightyellow"),
    "pink": ("pink", "roze", "rosa", "red", "rood", "rot", "magenta", "light_pink"),
    "blue": ("blue", "blauw", "blau", "light_blue", "cyan", "dark_blue"),
    "green": ("green", "groen", "grün", "gruen", "light_green", "dark_green"),
    "orange": ("orange", "oranje"),
    "purple": ("purple", "paars", "lila", "violet", "violett", "light_purple"),
}
_COLUMN_HINTS = {
    "text": ("text", "content", "note", "sticky", "tekst", "inhalt", "notiz", "notitie", "title", "body"),
    "segment": (
        "segment",
        "column",
        "area",
        "quadrant",
        "group",
        "frame",
        "kolom",
        "spalte",
        "bereich",
        "category",
    ),
    "color": ("color", "colour", "kleur", "farbe", "fill"),
    "author": ("author", "creator", "created by", "owner", "auteur", "autor", "by"),
}


@dataclass(frozen=True)
class NoteTable:
    columns: list[str]
    rows: list[dict[str, str]]  # one per data row; the line number is its index + 2


_JOINERS = {"and", "und", "en"}


def _normal(text: str) -> str:
    """'Think & Feel', 'think_feel' and 'Think and feel' all become 'thinkfeel'."""
    words = re.split(r"[^a-z0-9äöüß]+", text.lower())
    return "".join(w for w in words if w and w not in _JOINERS)


def decode(raw: bytes) -> str:
    """The file's text: UTF-16 when it says so (Excel's "Unicode text"), else UTF-8, else Windows-1252,
    the usual encodings of whiteboard and spreadsheet exports."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InvalidInput(
                "The file says it is UTF-16 text but cannot be read as such.", code="import_not_text"
            ) from None
    if b"\x00" in raw[:4096]:
        raise InvalidInput("This looks like a binary file, not CSV text.", code="import_not_text")
    for encoding in ("utf-8-sig", "cp1252"):
        with contextlib.suppress(UnicodeDecodeError):
            return raw.decode(encoding)
    return raw.decode("latin-1")  # every byte is a character in Latin-1: nothing is refused for it


def read_table(raw: bytes, *, max_rows: int) -> NoteTable:
    text = decode(raw)
    if not text.strip(" \t\r\n\ufeff"):
        raise InvalidInput("The file is empty.", code="import_empty")
    sample = text[:20_000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [h.strip() for h in next(reader, [])]
        body = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as error:
        raise InvalidInput(f"The CSV cannot be read: {error}.", code="import_broken_csv") from None
    if not any(header):
        raise InvalidInput("The first line must name the columns.", code="import_no_header")
    if len(body) > max_rows:
        raise InvalidInput(
            f"At most {max_rows} notes can be imported at once; this file has {len(body)}.",
            code="import_too_many_rows",
        )
    columns = [h or f"column {i + 1}" for i, h in enumerate(header)]
    rows = [{c: (row[i].strip() if i < len(row) else "") for i, c in enumerate(columns)} for row in body]
    return NoteTable(columns=columns, rows=rows)


def suggest_columns(table: NoteTable) -> dict[str, str | None]:
    suggestions: dict[str, str | None] = {}
    for role, hints in _COLUMN_HINTS.items():
        found = next((c for c in table.columns if any(h in c.lower() for h in hints)), None)
        suggestions[role] = found
    if suggestions["text"] is None and table.columns:
        lengths = Counter({c: sum(len(r[c]) for r in table.rows) for c in table.columns})
        suggestions["text"] = lengths.most_common(1)[0][0]
    return suggestions


# Names other empathy-map templates use for the two lower areas, besides our own labels.
_ALIASES = {
    "pain": ("pijn", "frustraties", "schmerz", "schmerzen", "frustrationen", "frustration", "pain points"),
    "gain": ("winsten", "gewinne", "nutzen", "benefits", "voordelen", "vorteile"),
}


def segment_for(value: str, segments: tuple[str, ...]) -> str | None:
    """The segment a label like 'Think & Feel', 'Pijnpunten' or 'say_do' names, if any."""
    wanted = _normal(value)
    if not wanted:
        return None
    for segment in segments:
        names = {_normal(segment)} | {_normal(t.label) for t in SEGMENT_TEXTS[segment].values()}
        names |= {_normal(alias) for alias in _ALIASES.get(segment, ())}
        if wanted in names or any(wanted.rstrip("s") == n.rstrip("s") for n in names):
            return segment
    return None


def colour_for(value: str) -> str:
    wanted = value.strip().lower().replace(" ", "_")
    for colour, words in _COLOUR_WORDS.items():
        if wanted in words:
            return colour
    return "yellow"
