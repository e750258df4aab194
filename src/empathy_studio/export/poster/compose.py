"""Putting a poster together: the first sheet with frame, canvas and actions, then overflow sheets for
whatever did not fit, and page numbers on every sheet."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from empathy_studio.domain.views import ActionView, MapDetail, NoteView
from empathy_studio.export.poster.frame import frame_band, frame_column
from empathy_studio.export.poster.layout import MUTED, PT, SEGMENT_COLOR, Area, PosterLayout
from empathy_studio.export.poster.notes_grid import Style, place_notes
from empathy_studio.export.poster.page import Orientation, Paper
from empathy_studio.export.poster.shapes import Page, Text


def compose(board: MapDetail, paper: Paper, today: date) -> list[Page]:
    layout = PosterLayout(board, paper, today)
    k, m, gap = layout.k, layout.margin, layout.gap
    page = layout.new_page()
    top = layout.header(page)
    footer = 7 * k
    bottom = paper.height - m - footer
    width = paper.width - 2 * m
    landscape = paper.orientation is Orientation.LANDSCAPE
    action_h = layout.actions_height(min(6, len(board.actions))) if board.actions else 0.0
    if landscape:  # the frame beside the canvas; the actions under the frame when they fit there
        side = width * 0.21
        frame_bottom = frame_column(layout, page, Area(m, top, side, bottom - top))
        beside = Area(m, frame_bottom + gap, side, bottom - frame_bottom - gap)
        in_column = not board.actions or not layout.actions_compact(Page(0, 0), beside, board.actions)
        band = 0.0 if in_column else action_h + gap
        canvas = Area(m + side + gap, top, width - side - gap, bottom - top - band)
        actions_area = beside if in_column else Area(canvas.x, canvas.y + canvas.h + gap, canvas.w, action_h)
    else:
        band_bottom = frame_band(layout, page, Area(m, top, width, (bottom - top) * 0.2))  # above the canvas
        below = action_h + gap if action_h else 0
        canvas = Area(m, band_bottom + gap, width, bottom - band_bottom - gap - below)
        actions_area = Area(m, canvas.y + canvas.h + gap, width, action_h)
        in_column = False

    areas = layout.segment_areas(canvas)
    layout.head(page, areas.pop("head"))
    boxes = {s.id: areas[s.id] for s in board.segments if s.id in areas}
    style = layout.fitting_style(boxes)
    overflow: dict[str, list[NoteView]] = {}
    for segment, area in boxes.items():
        notes_top, notes_bottom = layout.segment_box(page, segment, area)
        pad = 2.5 * k
        notes, themes = layout.notes_of(segment), layout.themes_of(segment)
        probe = place_notes(Page(0, 0), notes, themes, area.x + pad, notes_top, area.w - 2 * pad, notes_bottom,
                            style, layout.measure, draw=False)  # fmt: skip
        if probe.remaining:  # keep a line at the bottom to say where the rest continues
            notes_bottom -= style.small * PT * 1.8
        placed = place_notes(page, notes, themes, area.x + pad, notes_top, area.w - 2 * pad, notes_bottom,
                             style, layout.measure)  # fmt: skip
        if placed.remaining:
            overflow[segment] = placed.remaining
    left_actions: list[ActionView] = []
    if board.actions:
        draw = layout.actions_compact if in_column else layout.actions
        left_actions = draw(page, actions_area, board.actions)

    if overflow or left_actions:
        _overflow_pages(layout, overflow, left_actions, style)
        for segment, area in boxes.items():
            if segment in overflow:
                message = layout.w["more"].format(n=len(overflow[segment]), page=2)
                page.add(Text(area.x + 2.5 * k, area.y + area.h - 2.5 * k - style.small * PT * 1.4, area.w - 5 * k,
                              (message,), style.small, bold=True, color=SEGMENT_COLOR.get(segment, MUTED)))  # fmt: skip
        if left_actions:
            message = layout.w["more_actions"].format(n=len(left_actions), page=2)
            page.add(Text(actions_area.x, actions_area.y + actions_area.h - 6 * k * PT * 1.3, actions_area.w,
                          (message,), 6 * k, bold=True, color=MUTED, align="R"))  # fmt: skip
    _footers(layout)
    return layout.pages


def _overflow_pages(layout: PosterLayout, overflow: dict[str, list[NoteView]], actions: list[ActionView],
                    style: Style) -> None:  # fmt: skip
    paper, k, m, gap = layout.paper, layout.k, layout.margin, layout.gap
    bottom = paper.height - m - 7 * k
    width = paper.width - 2 * m
    page = layout.new_page()
    fresh = y = layout.header(page, continued=True)
    for segment, notes in overflow.items():
        while notes:
            if bottom - y < layout.header_height() + 20 * k:
                page = layout.new_page()
                fresh = y = layout.header(page, continued=True)
            # Notes first on a scratch sheet, to learn how tall the box must be; then box, then notes.
            scratch = Page(0, 0)
            top = y + layout.header_height()
            placed = place_notes(scratch, notes, layout.themes_of(segment), m + 2.5 * k, top, width - 5 * k,
                                 bottom - 2.5 * k, style, layout.measure)  # fmt: skip
            if len(placed.remaining) == len(notes):  # not even one note fits here
                if y > fresh:
                    y = bottom  # start a new sheet
                    continue
                # Taller than a whole sheet at this width: give it the full width, never cut it.
                wide = replace(style, note_width=width - 5 * k)
                placed = place_notes(scratch, notes[:1], [], m + 2.5 * k, top, width - 5 * k, float("inf"),
                                     wide, layout.measure)  # fmt: skip
                placed.remaining = notes[1:]
            layout.segment_box(page, segment, Area(m, y, width, placed.bottom - y + 1.5 * k))
            page.shapes.extend(scratch.shapes)
            notes = placed.remaining
            y = placed.bottom + gap * 2
    while actions:
        if bottom - y < 30 * k:
            page = layout.new_page()
            y = layout.header(page, continued=True)
        before = len(actions)
        actions = layout.actions(page, Area(m, y, width, bottom - y), actions)
        y = bottom
        if len(actions) == before and y == bottom:  # one action taller than a sheet cannot happen; be safe
            actions = actions[1:]


def _footers(layout: PosterLayout) -> None:
    k, m = layout.k, layout.margin
    total = len(layout.pages)
    for i, page in enumerate(layout.pages, start=1):
        y = page.height - m - 4 * k
        page.add(Text(m, y, page.width / 2, (layout.w["made_with"],), 6.5 * k, color=MUTED))
        label = layout.w["page"].format(i=i, n=total)
        page.add(Text(page.width / 2 - m, y, page.width / 2, (label,), 6.5 * k, color=MUTED, align="R"))
