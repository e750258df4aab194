"""Posters as a reader meets them: the right paper, every note's text on it and none cut, fonts embedded,
overfull segments continuing on another page, and PNG and SVG of the same canvas."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import date

import pypdfium2 as pdfium
import pytest
from PIL import Image
from pypdf import PdfReader

from empathy_studio.domain.views import MapDetail
from empathy_studio.export.poster.compose import compose
from empathy_studio.export.poster.fonts import needs_shaping, require_fonts
from empathy_studio.export.poster.notes_grid import NOTE_FILL
from empathy_studio.export.poster.page import Orientation, Paper, PaperSize
from empathy_studio.export.poster.pdf import render_pdf
from empathy_studio.export.poster.render import poster_pdf, poster_png, poster_svg
from empathy_studio.export.poster.shapes import Box
from tests.samples.poster_maps import sample_map

TODAY = date(2026, 11, 23)
MM_TO_PT = 72 / 25.4


@pytest.fixture(autouse=True)
def fonts() -> None:
    try:
        require_fonts()
    except Exception as error:
        pytest.fail(f"{error}")


def text_layer(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def squeezed(text: str) -> str:
    """Without any whitespace: lines wrap anywhere, words may break at a line's end."""
    return re.sub(r"\s+", "", text)


def inside_note_boxes(board: MapDetail, paper: Paper) -> list[str]:
    """The text the PDF holds inside each drawn sticky note's rectangle, and only there: a note whose
    text ran past its box (cut, or overlapping the next) would not be found whole."""
    pages = compose(board, paper, TODAY)
    document = pdfium.PdfDocument(render_pdf(pages, board.title))
    found = []
    try:
        for page, sheet in zip(document, pages, strict=True):
            layer = page.get_textpage()
            for box in sheet.shapes:
                if isinstance(box, Box) and box.fill in NOTE_FILL.values():
                    top, bottom = (paper.height - box.y) * MM_TO_PT, (paper.height - box.y - box.h) * MM_TO_PT
                    text = layer.get_text_bounded(box.x * MM_TO_PT, bottom, (box.x + box.w) * MM_TO_PT, top)
                    found.append(squeezed(text))
    finally:
        document.close()
    return found


def missing_notes(board: MapDetail, paper: Paper) -> list[int]:
    boxes = inside_note_boxes(board, paper)
    return [n.id for n in board.notes if not any(squeezed(n.text) in box for box in boxes)]


@pytest.mark.parametrize("size", list(PaperSize))
@pytest.mark.parametrize("orientation", list(Orientation))
def test_the_page_is_the_paper_asked_for(size: PaperSize, orientation: Orientation) -> None:
    paper = Paper(size, orientation)
    pages = compose(sample_map(12), paper, TODAY)
    assert (pages[0].width, pages[0].height) == (paper.width, paper.height)
    assert (paper.width > paper.height) == (orientation is Orientation.LANDSCAPE)
    if size in (PaperSize.A4, PaperSize.A1):  # the PDF itself, for two sizes (each takes a moment)
        box = PdfReader(io.BytesIO(poster_pdf(sample_map(12), size, orientation, TODAY))).pages[0].mediabox
        assert float(box.width) == pytest.approx(paper.width * MM_TO_PT, abs=0.5)
        assert float(box.height) == pytest.approx(paper.height * MM_TO_PT, abs=0.5)


def test_every_note_is_on_the_poster_whole_and_the_frame_too() -> None:
    board = sample_map(40, long=True, themes=True)
    assert missing_notes(board, Paper(PaperSize.A3, Orientation.LANDSCAPE)) == []
    pdf = poster_pdf(board, PaperSize.A3, Orientation.LANDSCAPE, TODAY)
    everything = squeezed("".join(text_layer(pdf)))
    for part in (board.title, board.goal, "SanneDeVries".replace("D", "d"), "Busyparents", "2026-11-23"):
        assert squeezed(part) in everything or part in everything
    assert squeezed("Open more evening delivery slots in region 1") in everything


def test_fonts_are_embedded_in_the_pdf() -> None:
    board = sample_map(10)
    board.notes[0].text = "Fährt mit dem 🚲 zur Arbeit"
    reader = PdfReader(io.BytesIO(poster_pdf(board, PaperSize.A4, Orientation.LANDSCAPE, TODAY)))
    fonts = [ref.get_object() for ref in reader.pages[0]["/Resources"]["/Font"].values()]
    text_fonts = [f for f in fonts if f["/Subtype"] == "/Type0"]
    for font in text_fonts:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font["/BaseFont"]  # the TrueType program is in the file
    assert {str(f["/BaseFont"]).split("+")[1] for f in text_fonts} == {"DejaVuSansBook", "DejaVuSansBold"}
    emoji = [f for f in fonts if f["/Subtype"] == "/Type3"]
    assert emoji and "/CharProcs" in emoji[0]  # colour emoji drawn by glyph procedures inside the file


def test_an_overfull_segment_shrinks_then_continues_on_another_page_and_says_so() -> None:
    board = sample_map(300, long=True)
    pdf = poster_pdf(board, PaperSize.A4, Orientation.LANDSCAPE, TODAY)
    pages = text_layer(pdf)
    assert len(pages) > 1
    assert "continue on page 2" in pages[0]
    assert all(f"of {len(pages)}" in page for page in pages)  # every sheet is numbered
    assert missing_notes(board, Paper(PaperSize.A4, Orientation.LANDSCAPE)) == []


def test_small_maps_fit_on_one_page_in_big_type() -> None:
    board = sample_map(12)
    pdf = poster_pdf(board, PaperSize.A1, Orientation.LANDSCAPE, TODAY)
    assert len(text_layer(pdf)) == 1


def test_right_to_left_names_and_every_script_render() -> None:
    board = sample_map(8, name="ليلى حداد")
    board.notes[1].text = "שלום! Grüße, ĳsjes, café — 😀👍"
    pdf = poster_pdf(board, PaperSize.A4, Orientation.PORTRAIT, TODAY)
    layer = "".join(text_layer(pdf))
    assert "Grüße" in layer and "ĳsjes" in layer
    image = Image.open(io.BytesIO(poster_png(board, PaperSize.A4, Orientation.PORTRAIT, TODAY, 72)))
    assert abs(image.size[0] - 210 / 25.4 * 72) <= 1 and abs(image.size[1] - 297 / 25.4 * 72) <= 1


@pytest.mark.parametrize(
    ("text", "shaped"),
    [
        ("Grüße aus Köln, ĳsjes, café, Œuvre", False),
        ("‘Too dear’ — she said… €12 • 30 %", False),
        ("Ελληνικά και кириллица", False),
        ("ليلى حداد", True),
        ("שלום", True),
        ("great 👍", True),
        ("e\u0301", True),  # a combining accent
        ("\u2067isolated\u2069", True),  # bidi isolates
    ],
)
def test_text_goes_through_the_shaping_engine_only_when_its_script_needs_it(text: str, shaped: bool) -> None:
    assert needs_shaping(text) is shaped


def test_png_has_the_asked_resolution() -> None:
    png = poster_png(sample_map(12), PaperSize.A4, Orientation.LANDSCAPE, TODAY, 150)
    width, height = Image.open(io.BytesIO(png)).size
    assert abs(width - 297 / 25.4 * 150) <= 1 and abs(height - 210 / 25.4 * 150) <= 1


def test_svg_is_well_formed_and_user_text_stays_text() -> None:
    board = sample_map(6)
    board.notes[0].text = '<script>alert("x")</script> & "quotes"'
    board.title = "Map </svg><svg onload=alert(1)>"
    svg = poster_svg(board, PaperSize.A3, Orientation.LANDSCAPE, TODAY)
    root = ET.fromstring(svg.encode())  # noqa: S314 (our own output, parsed to prove it is well formed)
    assert root.tag.endswith("svg") and root.get("viewBox") == "0 0 420.0 297.0"
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    texts = " ".join(e.text or "" for e in root.iter() if e.tag.endswith("text"))
    assert '<script>alert("x")</script>' in texts.replace("\n", " ") or "<script>" in texts
