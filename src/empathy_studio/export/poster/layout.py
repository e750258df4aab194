"""The poster's layout: the canvas as the app draws it (the subject in the middle, segments around, pain
and gain below), the frame beside it (persona, goal, how well the map is backed) and the actions below.

One type size for every note on the sheet: the largest at which every segment fits, down to a readable
minimum. Whatever still does not fit continues on overflow pages, and the poster says so where it stops."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from empathy_studio.domain.views import ActionView, MapDetail, NoteView
from empathy_studio.export.poster.fonts import Measure
from empathy_studio.export.poster.notes_grid import Style, place_notes
from empathy_studio.export.poster.page import Paper
from empathy_studio.export.poster.shapes import Box, Circle, Page, Text
from empathy_studio.export.poster.words import words

INK, MUTED, LINE, PAPER = "#23202b", "#6b6680", "#ddd8cc", "#fbfaf6"
ACCENT = "#5b4be0"
SEGMENT_COLOR = {
    "see": "#2f6fb3", "hear": "#7a4bb8", "think_feel": "#b3612f", "say_do": "#2f8a6a", "pain": "#c2362b",
    "gain": "#1f7a4d", "think": "#b3612f", "feel": "#c2366e", "say": "#2f8a6a", "do": "#2f6fb3",
}  # fmt: skip
LARGEST_NOTE_TEXT = 8.0  # points on A4, scaled with the sheet
PT = 0.3528  # millimetres per point


def tint(color: str, amount: float) -> str:
    """``color`` mixed with white: 0 is the colour, 1 is white."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in (r, g, b))


@dataclass(frozen=True)
class Area:
    x: float
    y: float
    w: float
    h: float


class PosterLayout:
    def __init__(self, board: MapDetail, paper: Paper, today: date):
        self.board, self.paper, self.today = board, paper, today
        self.k = paper.scale
        self.margin = 9 * self.k
        self.gap = 3 * self.k
        self.measure = Measure()
        self.w = words(board.language)
        self.pages: list[Page] = []

    # ---- pieces -------------------------------------------------------------------------------
    def text(self, page: Page, x: float, y: float, w: float, text: str, size: float, *, bold: bool = False,
             color: str = INK, align: str = "L", max_lines: int | None = None) -> float:  # fmt: skip
        """Wrapped text from (x, y); returns the y below it."""
        lines = self.measure.wrap(text, w, size, bold)
        if max_lines is not None and len(lines) > max_lines:
            lines = (*lines[: max_lines - 1], lines[max_lines - 1].rstrip() + " …")
        shape = Text(x, y, w, lines, size, bold, color, align)
        page.add(shape)
        return y + len(lines) * shape.line_height

    def note_sizes(self) -> list[float]:
        """Note text sizes to try, largest first, in points. The floor is what still reads well where the
        sheet hangs: 6 pt on an A4 in the hand, about 8 pt on an A1 and 9 pt on an A0 on the wall."""
        largest, floor = LARGEST_NOTE_TEXT * self.k, 6.0 + (self.k - 1.0)
        sizes = []
        size = largest
        while size > floor:
            sizes.append(round(size, 2))
            size *= 0.9
        return [*sizes, floor]

    def style(self, text_size: float) -> Style:
        """Everything about a note scales with its text, so smaller type also packs more notes."""
        ratio = text_size / LARGEST_NOTE_TEXT
        return Style(
            text=text_size, small=text_size * 0.8, note_width=31 * ratio, gap=1.5 * ratio, pad=1.7 * ratio
        )

    def new_page(self) -> Page:
        page = Page(self.paper.width, self.paper.height)
        page.add(Box(0, 0, page.width, page.height, fill=PAPER))
        self.pages.append(page)
        return page

    def header(self, page: Page, continued: bool = False) -> float:
        k, m, board = self.k, self.margin, self.board
        title = f"{board.title} · {self.w['continued']}" if continued else board.title
        width = page.width - 2 * m
        y = self.text(page, m, m, width * 0.7, title, 20 * k, bold=True, max_lines=2)
        view = self.w["customer"] if board.perspective == "customer" else self.w["team"]
        y = self.text(
            page, m, y + 0.5 * k, width * 0.7, f"{board.project_name} · {view}", 8.5 * k, color=MUTED
        )
        stamp = self.w["exported"].format(date=self.today.isoformat(), id=board.id, seq=board.seq)
        self.text(page, m + width * 0.6, m + 1.5 * k, width * 0.4, stamp, 7 * k, color=MUTED, align="R")
        page.add(Box(m, y + 2 * k, width, 0.35 * k, fill=ACCENT))
        return y + 5 * k

    # ---- the frame ------------------------------------------------------------------------------
    # ---- the canvas -----------------------------------------------------------------------------
    def segment_areas(self, area: Area) -> dict[str, Area]:
        g = self.gap
        if self.board.template == "four_area":
            head = min(area.h * 0.16, 34 * self.k)
            col = (area.w - g) / 2
            row = (area.h - head - 2 * g) / 2
            lower = area.y + row + head + 2 * g
            return {"think": Area(area.x, area.y, col, row), "feel": Area(area.x + col + g, area.y, col, row),
                    "head": Area(area.x, area.y + row + g, area.w, head),
                    "say": Area(area.x, lower, col, row), "do": Area(area.x + col + g, lower, col, row)}  # fmt: skip
        bottom = area.h * 0.3
        top = area.h - bottom - g
        side = (area.w - 2 * g) * 0.31  # the middle column (think & feel, head, say & do) a little wider
        col = area.w - 2 * g - 2 * side
        head = min(top * 0.16, 24 * self.k)
        middle = (top - head - 2 * g) / 2
        cx = area.x + side + g
        low = area.y + top + g
        half = (area.w - g) / 2
        return {
            "hear": Area(area.x, area.y, side, top), "see": Area(cx + col + g, area.y, side, top),
            "think_feel": Area(cx, area.y, col, middle), "head": Area(cx, area.y + middle + g, col, head),
            "say_do": Area(cx, area.y + middle + head + 2 * g, col, middle),
            "pain": Area(area.x, low, half, bottom), "gain": Area(area.x + half + g, low, half, bottom),
        }  # fmt: skip

    def head(self, page: Page, area: Area) -> None:
        k, persona = self.k, self.board.persona
        r = min(area.h * 0.28, 10 * k)
        cx, cy = area.x + area.w / 2, area.y + r + 1.5 * k
        page.add(Circle(cx, cy, r + 1.2 * k, tint(ACCENT, 0.85)))
        page.add(Circle(cx, cy, r, persona.avatar_color if persona else "#9a94ad"))
        initial = (persona.name[:1] if persona else "?").upper()
        size = r * 1.1 / PT / 1.28
        page.add(
            Text(
                cx - r,
                cy - size * PT * 1.28 / 2,
                2 * r,
                (initial,),
                size,
                bold=True,
                color="#ffffff",
                align="C",
            )
        )
        name = persona.name if persona else self.w["no_persona"]
        self.text(page, area.x, cy + r + 1.5 * k, area.w, name, 9 * k, bold=True, align="C", max_lines=1)

    def header_height(self) -> float:
        """From a segment box's top to where its notes start."""
        return 2.5 * self.k + 9 * self.k * PT * 1.28 + 1.8 * self.k

    def segment_box(self, page: Page, segment_id: str, area: Area) -> tuple[float, float]:
        """Draw the box and its header; return where the notes go (top and bottom)."""
        k, pad = self.k, 2.5 * self.k
        color = SEGMENT_COLOR.get(segment_id, INK)
        label = next((s.label for s in self.board.segments if s.id == segment_id), segment_id)
        page.add(Box(area.x, area.y, area.w, area.h, fill=tint(color, 0.94), stroke=tint(color, 0.7), radius=3 * k,
                     line_width=0.35 * k))  # fmt: skip
        notes = self.notes_of(segment_id)
        backed = sum(1 for n in notes if n.basis == "evidence")
        counts = f"{self.w['notes'].format(n=len(notes))} · {self.w['evidence'].format(n=backed)}"
        self.text(
            page,
            area.x + pad,
            area.y + pad,
            area.w * 0.55,
            label.upper(),
            9 * k,
            bold=True,
            color=color,
            max_lines=1,
        )
        self.text(page, area.x + area.w * 0.45, area.y + pad + 0.6 * k, area.w * 0.55 - pad, counts, 6.5 * k,
                  color=MUTED, align="R", max_lines=1)  # fmt: skip
        return area.y + self.header_height(), area.y + area.h - pad

    def notes_of(self, segment_id: str) -> list[NoteView]:
        return [n for n in self.board.notes if n.segment == segment_id and not n.hidden and not n.private]

    def themes_of(self, segment_id: str) -> list:  # type: ignore[type-arg]
        return [t for t in self.board.themes if t.segment == segment_id]

    def fitting_style(self, boxes: dict[str, Area]) -> Style:
        """The largest type at which every segment's notes fit in its box (or the smallest there is).
        Fitting only gets easier as type shrinks, so a binary search finds it in a few tries."""
        sizes = self.note_sizes()
        low, high = 0, len(sizes) - 1
        while low < high:
            mid = (low + high) // 2
            style = self.style(sizes[mid])
            if all(self._fits(segment, area, style) for segment, area in boxes.items()):
                high = mid
            else:
                low = mid + 1
        return self.style(sizes[low])

    def _fits(self, segment: str, area: Area, style: Style) -> bool:
        pad = 2.5 * self.k
        top = area.y + self.header_height()
        probe = Page(0, 0)
        placed = place_notes(probe, self.notes_of(segment), self.themes_of(segment), area.x + pad, top,
                             area.w - 2 * pad, area.y + area.h - pad, style, self.measure, draw=False)  # fmt: skip
        return not placed.remaining

    # ---- actions --------------------------------------------------------------------------------
    def actions_height(self, count: int) -> float:
        """The height the actions table needs for ``count`` one-line rows (longer titles wrap and the
        rest continues on an overflow page)."""
        k = self.k
        heading = 8.5 * k * PT * 1.28 + 1.2 * k + 5.8 * k * PT * 1.6
        return heading + count * (7.5 * k * PT * 1.28 + 1.6 * k) + 1.5 * k

    def actions_compact(self, page: Page, area: Area, actions: list[ActionView]) -> list[ActionView]:
        """Actions in a narrow column: the title, then owner, due date and status beneath it."""
        k = self.k
        y = self.text(
            page, area.x, area.y, area.w, self.w["actions"].upper(), 8.5 * k, bold=True, color=ACCENT
        )
        y += 1.2 * k
        for i, action in enumerate(actions):
            title = self.measure.wrap(action.title, area.w, 7.5 * k, True)
            due = action.due_date.isoformat() if action.due_date else self.w["nobody"]
            meta = f"{action.owner_name or self.w['nobody']} · {due} · {self.w[action.status]}"
            meta_lines = self.measure.wrap(meta, area.w, 6.5 * k)
            row_h = len(title) * 7.5 * k * PT * 1.28 + len(meta_lines) * 6.5 * k * PT * 1.28 + 2.2 * k
            if y + row_h > area.y + area.h - 4 * k:
                return actions[i:]
            page.add(Text(area.x, y, area.w, title, 7.5 * k, bold=True))
            page.add(
                Text(area.x, y + len(title) * 7.5 * k * PT * 1.28, area.w, meta_lines, 6.5 * k, color=MUTED)
            )
            y += row_h
            page.add(Box(area.x, y - 1.1 * k, area.w, 0.2 * k, fill=LINE))
        return []

    def actions(self, page: Page, area: Area, actions: list[ActionView]) -> list[ActionView]:
        k = self.k
        y = self.text(
            page, area.x, area.y, area.w, self.w["actions"].upper(), 8.5 * k, bold=True, color=ACCENT
        )
        y += 1.2 * k
        cols = (0.56, 0.2, 0.12, 0.12)
        heads = ("", self.w["owner"], self.w["due"], self.w["status"])
        x = area.x
        for share, head in zip(cols, heads, strict=True):
            self.text(page, x, y, area.w * share - 2 * k, head.upper(), 5.8 * k, bold=True, color=MUTED)
            x += area.w * share
        y += 5.8 * k * PT * 1.6
        for i, action in enumerate(actions):
            title = self.measure.wrap(action.title, area.w * cols[0] - 2 * k, 7.5 * k, True)
            row_h = len(title) * 7.5 * k * PT * 1.28 + 1.6 * k
            if y + row_h > area.y + area.h:
                return actions[i:]
            page.add(Box(area.x, y + row_h - 0.2 * k, area.w, 0.2 * k, fill=LINE))
            values = (action.title, action.owner_name or self.w["nobody"],
                      action.due_date.isoformat() if action.due_date else self.w["nobody"], self.w[action.status])  # fmt: skip
            x = area.x
            for j, (share, value) in enumerate(zip(cols, values, strict=True)):
                self.text(page, x, y + 0.5 * k, area.w * share - 2 * k, value, 7.5 * k, bold=j == 0,
                          max_lines=None if j == 0 else 2)  # fmt: skip
                x += area.w * share
            y += row_h
        return []
