"""A map as CSV: one row per note, or one row per action, for spreadsheets and whiteboard tools."""

from __future__ import annotations

import csv
import io

from empathy_studio.domain.views import MapDetail

NOTE_COLUMNS = (
    "segment",
    "segment_label",
    "position",
    "text",
    "color",
    "basis",
    "source",
    "author",
    "actions",
)
ACTION_COLUMNS = ("title", "description", "owner", "due_date", "status", "notes")


def _safe(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; a leading quote keeps them text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def notes_csv(board: MapDetail) -> str:
    labels = {s.id: s.label for s in board.segments}
    linked: dict[int, list[str]] = {}
    for action in board.actions:
        for note_id in action.note_ids:
            linked.setdefault(note_id, []).append(action.title)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(NOTE_COLUMNS)
    for note in board.notes:
        writer.writerow(
            [
                note.segment,
                labels.get(note.segment, note.segment),
                note.position,
                _safe(note.text),
                note.color,
                note.basis,
                _safe(note.source),
                _safe(note.author_name),
                _safe("; ".join(linked.get(note.id, []))),
            ]
        )
    return buffer.getvalue()


def actions_csv(board: MapDetail) -> str:
    texts = {n.id: n.text for n in board.notes}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ACTION_COLUMNS)
    for action in board.actions:
        writer.writerow(
            [
                _safe(action.title),
                _safe(action.description),
                _safe(action.owner_name or ""),
                action.due_date.isoformat() if action.due_date else "",
                action.status,
                _safe("; ".join(texts.get(n, "") for n in action.note_ids)),
            ]
        )
    return buffer.getvalue()
