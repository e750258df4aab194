"""The poster formats of a map: PDF (all pages), PNG and SVG (the first page, the canvas)."""

from __future__ import annotations

from datetime import date

from empathy_studio.domain.views import MapDetail
from empathy_studio.export.poster.compose import compose
from empathy_studio.export.poster.page import Orientation, Paper, PaperSize
from empathy_studio.export.poster.pdf import render_pdf
from empathy_studio.export.poster.png import render_png
from empathy_studio.export.poster.svg import render_svg


def poster_pdf(board: MapDetail, size: PaperSize, orientation: Orientation, today: date) -> bytes:
    return render_pdf(compose(board, Paper(size, orientation), today), board.title)


def poster_png(board: MapDetail, size: PaperSize, orientation: Orientation, today: date, dpi: int) -> bytes:
    return render_png(poster_pdf(board, size, orientation, today), dpi)


def poster_svg(board: MapDetail, size: PaperSize, orientation: Orientation, today: date) -> str:
    return render_svg(compose(board, Paper(size, orientation), today)[0], board.title)
