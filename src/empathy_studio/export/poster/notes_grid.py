"""Sticky notes laid out in a box: as many columns as fit, rows as tall as their tallest note, themes as
labelled groups. Text is wrapped, never cut; what does not fit is handed back, not dropped."""

from __future__ import annotations

from dataclasses import dataclass

from empathy_studio.domain.views import NoteView, ThemeView
from empathy_studio.export.poster.fonts import Measure
from empathy_studio.export.poster.shapes import Box, Page, Text

NOTE_FILL = {
    "yellow": "#fff3a8",
    "pink": "#ffd3e2",
    "blue": "#cfe6ff",
    "green": "#d3f2d6",
    "orange": "#ffdcb5",
    "purple": "#e6d9ff",
}


@dataclass(frozen=True)
class Style:
    """Sizes for one pass of the layout; the layout tries smaller ones when notes do not fit."""

    text: float  # note text, points
    small: float  # tags and sources, points
    note_width: float  # target note width, mm
    gap: float  # mm between notes
    pad: float  # mm inside a note


@dataclass
class Placed:
    page: Page
    remaining: list[NoteView]  # notes that did not fit, in order
    bottom: float


def _note_height(
    note: NoteView, w: float, style: Style, measure: Measure
) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
    inner = w - 2 * style.pad
    lines = measure.wrap(note.text, inner, style.text)
    source = measure.wrap(note.source, inner, style.small) if note.source else ()
    line_h = style.text * 0.3528 * 1.28
    small_h = style.small * 0.3528 * 1.28
    height = style.pad * 2 + len(lines) * line_h + len(source) * small_h + small_h + style.pad * 0.6
    return height, lines, source


def draw_note(page: Page, note: NoteView, x: float, y: float, w: float, h: float, lines: tuple[str, ...],
              source: tuple[str, ...], style: Style) -> None:  # fmt: skip
    hypothesis = note.basis == "hypothesis"
    page.add(Box(x, y, w, h, fill=NOTE_FILL.get(note.color, NOTE_FILL["yellow"]),
                 stroke="#8a8398" if hypothesis else "#b8b2a3", radius=style.pad * 0.6, dashed=hypothesis,
                 line_width=0.25 * style.text / 7))  # fmt: skip
    line_h = style.text * 0.3528 * 1.28
    small_h = style.small * 0.3528 * 1.28
    top = y + style.pad
    page.add(Text(x + style.pad, top, w - 2 * style.pad, lines, style.text))
    top += len(lines) * line_h
    if source:
        page.add(Text(x + style.pad, top, w - 2 * style.pad, source, style.small, color="#5b566a"))
        top += len(source) * small_h
    tags = ["H · hypothesis" if hypothesis else "E · evidence"]
    if note.votes:
        tags.append(f"● {note.votes}")
    if note.merged:
        tags.append(f"+{len(note.merged)} merged")
    color = "#6b6480" if hypothesis else "#1f7a4d"
    page.add(Text(x + style.pad, y + h - style.pad * 0.6 - small_h, w - 2 * style.pad, ("  ".join(tags),),
                  style.small, bold=True, color=color))  # fmt: skip


def place_notes(page: Page, notes: list[NoteView], themes: list[ThemeView], x: float, y: float, w: float,
                bottom: float, style: Style, measure: Measure, draw: bool = True) -> Placed:  # fmt: skip
    """Fill the box from (x, y) down to ``bottom``, each note into the shortest column (so long and short
    notes pack without gaps), in reading order. A note too tall for the room left is passed over, so the
    shorter ones after it still get their place; it continues on the next page with the others that did
    not fit. With ``draw`` False it only measures (for fitting)."""
    columns = max(1, int((w + style.gap) // (style.note_width + style.gap)))
    note_w = (w - style.gap * (columns - 1)) / columns
    label_size = style.small * 1.1
    label_h = label_size * 0.3528 * 1.6
    groups: list[tuple[ThemeView | None, list[NoteView]]] = []
    for candidate in themes:
        members = [n for n in notes if n.theme_id == candidate.id]
        if members:
            groups.append((candidate, members))
    themed = {n.id for _, members in groups for n in members}
    loose = [n for n in notes if n.id not in themed]
    if loose:
        groups.append((None, loose))
    cursor = y
    placed_ids: set[int] = set()
    for theme, members in groups:
        if theme is not None:
            if cursor + label_h > bottom:
                break
            if draw:
                votes = f"  ● {theme.votes}" if theme.votes else ""
                star = "  ★" if theme.final else ""
                label = measure.wrap(
                    f"▸ {theme.name} ({len(members)}){votes}{star}", w, label_size, bold=True
                )[:1]
                page.add(Text(x, cursor, w, label, label_size, bold=True, color="#4b3fa8"))
            cursor += label_h
        tops = [cursor] * columns
        for note in members:
            h, lines, source = _note_height(note, note_w, style, measure)
            column = min(range(columns), key=lambda c: tops[c])
            if tops[column] + h > bottom:
                continue
            if draw:
                draw_note(
                    page,
                    note,
                    x + column * (note_w + style.gap),
                    tops[column],
                    note_w,
                    h,
                    lines,
                    source,
                    style,
                )
            placed_ids.add(note.id)
            tops[column] += h + style.gap
        cursor = max(tops) + style.gap * 0.5
    remaining = [n for n in notes if n.id not in placed_ids]
    return Placed(page, remaining, cursor)
