"""Which column of a feedback file holds what, judged from English, Dutch and German column names and,
where names are missing or say nothing, from the values themselves."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from empathy_studio.evidence._table import FeedbackTable

COLUMN_ROLES = ("text", "date", "rating", "source", "language", "segment", "id")

# Whole words of a column name per role, most telling first; all lower case.
_HINTS: dict[str, tuple[str, ...]] = {
    "text": (
        "text",
        "feedback",
        "comment",
        "comments",
        "review",
        "reviews",
        "content",
        "body",
        "message",
        "verbatim",
        "remark",
        "remarks",
        "answer",
        "response",
        "description",
        "quote",
        "tweet",
        "opinion",
        "tekst",
        "opmerking",
        "opmerkingen",
        "toelichting",
        "antwoord",
        "bericht",
        "beschrijving",
        "omschrijving",
        "reactie",
        "recensie",
        "beoordeling",
        "kommentar",
        "kommentare",
        "bemerkung",
        "antwort",
        "nachricht",
        "beschreibung",
        "rezension",
        "bewertungstext",
        "anmerkung",
        "freitext",
    ),
    "date": (
        "date",
        "datum",
        "time",
        "timestamp",
        "created",
        "created_at",
        "submitted",
        "day",
        "when",
        "tijd",
        "tijdstip",
        "datum_tijd",
        "zeit",
        "zeitpunkt",
        "erstellt",
        "eingegangen",
    ),
    "rating": (
        "rating",
        "score",
        "stars",
        "star",
        "nps",
        "csat",
        "grade",
        "sterren",
        "cijfer",
        "waardering",
        "sterne",
        "punkte",
        "bewertung",
        "zufriedenheit",
    ),
    "source": (
        "source",
        "channel",
        "platform",
        "origin",
        "medium",
        "site",
        "bron",
        "kanaal",
        "herkomst",
        "quelle",
        "kanal",
        "herkunft",
        "plattform",
    ),
    "language": ("language", "lang", "locale", "taal", "sprache"),
    "segment": (
        "segment",
        "customer segment",
        "customer type",
        "persona",
        "group",
        "cohort",
        "category",
        "klantsegment",
        "klanttype",
        "doelgroep",
        "groep",
        "kundensegment",
        "kundentyp",
        "zielgruppe",
        "gruppe",
        "kategorie",
    ),
    "id": (
        "id",
        "identifier",
        "uuid",
        "key",
        "ticket",
        "case",
        "number",
        "nummer",
        "kenmerk",
        "referentie",
        "kennung",
        "ticketnummer",
        "fallnummer",
        "nr",
        "no",
    ),
}
_LANGUAGE_CODES = {"en", "nl", "de", "fr", "es", "it", "pt", "english", "dutch", "german", "nederlands",
                   "deutsch", "engels", "duits", "englisch", "niederländisch"}  # fmt: skip
_DATE = re.compile(r"^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2})?\S*)?$")
_RATING = re.compile(r"^(\d{1,2}([.,]\d)?)(\s*/\s*\d{1,2}|\s*stars?|\s*sterren|\s*sterne)?$", re.I)
_NUMBER = re.compile(r"^[-+]?\d[\d.,]*$")
_URL = re.compile(r"^(https?://|www\.)\S+$", re.I)


def _words(name: str) -> list[str]:
    return re.findall(r"[a-zäöüß0-9]+", name.lower())


def _matches(name: str, hint: str) -> bool:
    words = _words(name)
    hint_words = _words(hint)
    return any(words[i : i + len(hint_words)] == hint_words for i in range(len(words)))


def looks_like_header(first: list[str], sample: list[list[str]]) -> bool:
    """A first row names columns when a cell is a name we know, or when every cell is a short label and
    the rows below do not look like it (a file of short labels has no header we can prove)."""
    cells = [c.strip() for c in first]
    if any(_NUMBER.match(c) or _DATE.match(c) or _URL.match(c) or "@" in c for c in cells):
        return False
    labels = [c for c in cells if len(c) <= 40 and len(c.split()) <= 4 and not c.endswith((".", "!", "?"))]
    if any(_matches(c, h) for c in labels for hints in _HINTS.values() for h in hints):
        return True
    if len(cells) < 2 or not all(cells) or len({c.lower() for c in cells}) < len(cells):
        return False
    if len(labels) < len(cells):
        return False
    # Labels above values: some column below holds numbers, dates or long text, which labels never are.
    for index in range(len(cells)):
        values = [row[index] for row in sample if index < len(row) and row[index]]
        if values and any(_NUMBER.match(v) or _DATE.match(v) or len(v) > 60 for v in values):
            return True
    return False


def _share(values: list[str], test: Callable[[str], object]) -> float:
    if not values:
        return 0.0
    return sum(1 for v in values if test(v)) / len(values)


def _by_content(role: str, values: list[str]) -> bool:
    if role == "date":
        return _share(values, _DATE.match) > 0.9
    if role == "rating":
        return _share(values, _RATING.match) > 0.9 and 3 <= len(set(values)) <= 21  # 0/1 is a flag
    if role == "language":
        return _share(values, lambda v: v.lower() in _LANGUAGE_CODES) > 0.9
    if role == "id":
        return len(set(values)) == len(values) > 1 and _share(values, lambda v: " " not in v) == 1.0
    return False


def suggest_columns(table: FeedbackTable) -> dict[str, str | None]:
    """Role -> the column that most likely plays it, each column used once. Names decide first; then
    contents: the text is the column of longest prose, dates look like dates, and so on."""
    sample = table.rows[:500]
    values = {c: [r[c] for r in sample if r.get(c)] for c in table.columns}
    chosen: dict[str, str | None] = dict.fromkeys(COLUMN_ROLES)
    taken: set[str] = set()
    # Exact names first; then names containing a hint, the text last so "review date" is a date.
    for exact in (True, False):
        for role in (*COLUMN_ROLES[1:], "text"):
            if chosen[role] is not None:
                continue
            for hint in _HINTS[role]:
                found = next(
                    (
                        c
                        for c in table.columns
                        if c not in taken and (" ".join(_words(c)) == hint if exact else _matches(c, hint))
                    ),
                    None,
                )
                if found is not None:
                    chosen[role], taken = found, taken | {found}
                    break
    for role in ("date", "rating", "language", "id"):
        if chosen[role] is None:
            found = next((c for c in table.columns if c not in taken and _by_content(role, values[c])), None)
            if found is not None:
                chosen[role], taken = found, taken | {found}
    if chosen["text"] is None:
        prose = [
            c
            for c in table.columns
            if c not in taken
            and values[c]
            and _share(values[c], _URL.match) < 0.5
            and _share(values[c], _NUMBER.match) < 0.5
        ]
        if prose:
            chosen["text"] = max(prose, key=lambda c: sum(len(v) for v in values[c]) / len(values[c]))
    return chosen
