"""The frame around the canvas: the persona, the goal and how well the map is backed by evidence. As a
column beside the canvas (landscape) or as a band above it (portrait)."""

from __future__ import annotations

from empathy_studio.export.poster.layout import ACCENT, LINE, MUTED, PT, Area, PosterLayout
from empathy_studio.export.poster.shapes import Box, Circle, Page, Text
from empathy_studio.export.poster.words import subject_label

FACTS = ("place", "household", "work", "goals", "pains", "influences", "how_we_help")


def persona_card(layout: PosterLayout, page: Page, area: Area) -> float:
    """The subject and as many of the persona's facts as the area holds; returns its bottom."""
    k, pad, w, persona = layout.k, 3 * layout.k, layout.w, layout.board.persona
    inner = area.w - 2 * pad
    first = len(page.shapes)
    y = layout.text(
        page, area.x + pad, area.y + pad, inner, w["subject"].upper(), 6.5 * k, bold=True, color=MUTED
    )
    if persona is None:
        y = layout.text(page, area.x + pad, y + k, inner, w["no_persona"], 8 * k, color=MUTED)
    else:
        r = 7 * k
        page.add(Circle(area.x + pad + r, y + k + r, r, persona.avatar_color))
        size = 11 * k
        page.add(Text(area.x + pad, y + k + r - size * PT * 0.64, 2 * r, ((persona.name[:1] or "?").upper(),), size,
                      bold=True, color="#ffffff", align="C"))  # fmt: skip
        name_x = area.x + pad + 2 * r + 2.5 * k
        name_w = area.x + area.w - pad - name_x
        ny = layout.text(page, name_x, y + 1.5 * k, name_w, persona.name, 10 * k, bold=True, max_lines=2)
        kind = subject_label(layout.board.language, persona.subject_type)
        layout.text(page, name_x, ny, name_w, " · ".join(v for v in (kind, persona.age) if v), 7 * k, color=MUTED,
                    max_lines=2)  # fmt: skip
        y += 2 * r + 3.5 * k
        for key in FACTS:
            value = getattr(persona, key)
            if not value:
                continue
            needed = (
                5.8 * k * PT * 1.28
                + min(3, len(layout.measure.wrap(value, inner, 7 * k))) * 7 * k * PT * 1.28
            )
            if y + needed > area.y + area.h - pad:
                break  # the persona page has the rest; the poster keeps the canvas readable
            y = layout.text(page, area.x + pad, y, inner, w[key].upper(), 5.8 * k, bold=True, color=MUTED)
            y = layout.text(page, area.x + pad, y, inner, value, 7 * k, max_lines=3) + 1.2 * k
    bottom = y + pad
    page.shapes.insert(first, Box(area.x, area.y, area.w, bottom - area.y, fill="#ffffff", stroke=LINE,
                                  radius=2.5 * k))  # fmt: skip
    return bottom


def goal_card(layout: PosterLayout, page: Page, area: Area) -> float:
    k, pad = layout.k, 3 * layout.k
    first = len(page.shapes)
    x, inner = area.x + pad + 1.5 * k, area.w - 2 * pad - 1.5 * k
    y = layout.text(page, x, area.y + pad, inner, layout.w["goal"].upper(), 6.5 * k, bold=True, color=ACCENT)
    goal = layout.board.goal or layout.w["no_goal"]
    y = layout.text(page, x, y + k, inner, goal, 10 * k, bold=True)
    bottom = y + pad
    page.shapes.insert(first, Box(area.x, area.y, area.w, bottom - area.y, fill="#ffffff", stroke=LINE,
                                  radius=2.5 * k))  # fmt: skip
    page.add(Box(area.x, area.y, 1.3 * k, bottom - area.y, fill=ACCENT))
    return bottom


def evidence_meter(layout: PosterLayout, page: Page, area: Area) -> float:
    k = layout.k
    notes = [n for n in layout.board.notes if not n.hidden and not n.private]
    backed = sum(1 for n in notes if n.basis == "evidence")
    share = round(100 * backed / len(notes)) if notes else 0
    page.add(Box(area.x, area.y, area.w, 2.2 * k, fill="#ebe6da", radius=1.1 * k))
    if share:
        page.add(Box(area.x, area.y, area.w * share / 100, 2.2 * k, fill="#1f7a4d", radius=1.1 * k))
    summary = f"{layout.w['notes'].format(n=len(notes))} · {layout.w['evidence'].format(n=backed)} ({share}%)"
    return layout.text(page, area.x, area.y + 3.2 * k, area.w, summary, 7 * k, color=MUTED)


def frame_column(layout: PosterLayout, page: Page, area: Area) -> float:
    """Persona, goal and meter stacked; returns where the column's content ends."""
    gap = layout.gap
    y = persona_card(layout, page, Area(area.x, area.y, area.w, area.h * 0.6)) + gap
    y = goal_card(layout, page, Area(area.x, y, area.w, area.h)) + gap
    return evidence_meter(layout, page, Area(area.x, y, area.w, area.h))


def frame_band(layout: PosterLayout, page: Page, area: Area) -> float:
    """Persona on the left, goal and meter on the right; returns the band's bottom."""
    gap = layout.gap
    half = (area.w - gap) / 2
    left = persona_card(layout, page, Area(area.x, area.y, half, area.h))
    right = goal_card(layout, page, Area(area.x + half + gap, area.y, half, area.h)) + gap
    right = evidence_meter(layout, page, Area(area.x + half + gap, right, half, area.h))
    return max(left, right)
