"""The export formats of one map, shared by the API and the CLI."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from empathy_studio.domain.views import MapDetail
from empathy_studio.export.csv_table import actions_csv, notes_csv
from empathy_studio.export.markdown import map_to_markdown
from empathy_studio.export.poster.page import Orientation, PaperSize
from empathy_studio.export.poster.render import poster_pdf, poster_png, poster_svg


class MapFormat(StrEnum):
    MARKDOWN = "md"
    CSV = "csv"
    ACTIONS_CSV = "actions-csv"
    JSON = "json"
    PDF = "pdf"
    PNG = "png"
    SVG = "svg"


POSTER_FORMATS = (MapFormat.PDF, MapFormat.PNG, MapFormat.SVG)


@dataclass(frozen=True)
class PosterOptions:
    size: PaperSize = PaperSize.A3
    orientation: Orientation = Orientation.LANDSCAPE
    dpi: int = 150  # PNG only
    today: date | None = None  # the date printed on the poster; None: today


@dataclass(frozen=True)
class Rendered:
    content: str | bytes
    media_type: str
    filename: str


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "map"


def render_map(board: MapDetail, fmt: MapFormat, poster: PosterOptions | None = None) -> Rendered:
    name = slug(board.title)
    if fmt in POSTER_FORMATS:
        return _render_poster(board, fmt, poster or PosterOptions(), name)
    if fmt is MapFormat.MARKDOWN:
        return Rendered(map_to_markdown(board), "text/markdown; charset=utf-8", f"{name}.md")
    if fmt is MapFormat.CSV:
        return Rendered(notes_csv(board), "text/csv; charset=utf-8", f"{name}-notes.csv")
    if fmt is MapFormat.ACTIONS_CSV:
        return Rendered(actions_csv(board), "text/csv; charset=utf-8", f"{name}-actions.csv")
    return Rendered(board.model_dump_json(indent=2), "application/json", f"{name}.json")


def _render_poster(board: MapDetail, fmt: MapFormat, options: PosterOptions, name: str) -> Rendered:
    today = options.today or date.today()
    stem = f"{name}-{options.size.value.lower()}-{options.orientation.value}"
    if fmt is MapFormat.PDF:
        return Rendered(
            poster_pdf(board, options.size, options.orientation, today), "application/pdf", f"{stem}.pdf"
        )
    if fmt is MapFormat.PNG:
        png = poster_png(board, options.size, options.orientation, today, options.dpi)
        return Rendered(png, "image/png", f"{stem}.png")
    svg = poster_svg(board, options.size, options.orientation, today)
    return Rendered(svg, "image/svg+xml; charset=utf-8", f"{stem}.svg")
