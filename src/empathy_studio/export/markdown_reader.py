"""Reads a Markdown map written in the shape of our Markdown export: `## <segment label>` sections with
one `- ` bullet per note, a trailing `_(hypothesis)_` or `_(evidence)_` tag and an optional ` — source`.
Segment headings may be in English, Dutch or German, or the segment ids; frame sections (goal, subject,
actions) are read past. Anything that cannot be placed is reported with its line number."""

from __future__ import annotations

import re
from dataclasses import dataclass

from empathy_studio.domain.errors import InvalidInput
from empathy_studio.domain.segment_texts import FRAME_TEXTS
from empathy_studio.export.markdown import BASIS_WORDS
from empathy_studio.export.notes_csv_reader import decode, segment_for

_TAGGED = re.compile(r"^(?P<text>.*?) _\((?P<tag>[^)]{1,40})\)_(?: — (?P<source>.*))?$")
_ESCAPED = re.compile(r"\\([\\*_`\[\]<>#])")
_EVIDENCE = {words[1].lower() for words in BASIS_WORDS.values()}
_FRAME = {title.lower() for texts in FRAME_TEXTS.values() for title in texts.values()}


@dataclass(frozen=True)
class ReadNote:
    segment: str
    text: str
    basis: str
    source: str
    line: int


def _unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text).strip()


def read_markdown_map(raw: bytes, segments: tuple[str, ...]) -> list[ReadNote]:
    text = decode(raw)
    notes: list[ReadNote] = []
    problems: list[dict[str, str]] = []
    current: str | None = None
    in_frame = True  # before the first segment heading: title and frame
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("## "):
            heading = stripped[3:].strip()
            current = segment_for(heading, segments)
            in_frame = current is None and heading.lower() in _FRAME
            if current is None and not in_frame:
                problems.append(
                    {"field": f"line {number}", "message": f"'{heading}' is not a segment of this map."}
                )
            continue
        if current is None or not stripped.startswith(("- ", "* ")):
            continue
        body = stripped[2:].strip()
        if body in ("…", "..."):
            continue  # an empty segment in our export
        match = _TAGGED.match(body)
        basis, source = "hypothesis", ""
        if match:
            body, source = match["text"], _unescape(match["source"] or "")
            basis = "evidence" if match["tag"].strip().lower() in _EVIDENCE else "hypothesis"
        note = _unescape(body)
        if note:
            notes.append(ReadNote(current, note, basis, source, number))
    if problems:
        raise InvalidInput(
            f"{len(problems)} sections cannot be placed on this map; nothing was imported.",
            code="import_invalid",
            details={"fields": problems[:50]},
        )
    if not notes:
        raise InvalidInput(
            "No notes found. Each note is a '- ' line under a '## <segment>' heading, as in our Markdown export.",
            code="import_empty",
        )
    return notes
