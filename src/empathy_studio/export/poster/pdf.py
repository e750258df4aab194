"""Drawing poster pages into a PDF with embedded, subset fonts."""

from __future__ import annotations

from fpdf import FPDF

from empathy_studio.export.poster.fonts import FAMILY, new_pdf, use_shaping_for
from empathy_studio.export.poster.shapes import Box, Circle, Page, Text


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _box(pdf: FPDF, box: Box) -> None:
    style = ("F" if box.fill else "") + ("D" if box.stroke else "")
    if not style:
        return
    if box.fill:
        pdf.set_fill_color(*_rgb(box.fill))
    if box.stroke:
        pdf.set_draw_color(*_rgb(box.stroke))
        pdf.set_line_width(box.line_width)
    pdf.set_dash_pattern(
        dash=box.line_width * 4, gap=box.line_width * 3
    ) if box.dashed else pdf.set_dash_pattern()
    radius = min(box.radius, box.w / 2, box.h / 2)
    pdf.rect(box.x, box.y, box.w, box.h, style=style, round_corners=radius > 0, corner_radius=radius)
    pdf.set_dash_pattern()


def _text(pdf: FPDF, text: Text) -> None:
    pdf.set_font(FAMILY, "B" if text.bold else "", text.size)
    pdf.set_text_color(*_rgb(text.color))
    for i, line in enumerate(text.lines):
        pdf.set_xy(text.x, text.y + i * text.line_height)
        use_shaping_for(pdf, line)
        pdf.cell(text.w, text.line_height, line, align=text.align)


def render_pdf(pages: list[Page], title: str) -> bytes:
    first = pages[0]
    pdf = new_pdf(first.width, first.height)
    pdf.set_title(title)
    pdf.set_creator("Empathy Studio")
    for page in pages:
        pdf.add_page()
        for shape in page.shapes:
            if isinstance(shape, Box):
                _box(pdf, shape)
            elif isinstance(shape, Circle):
                pdf.set_fill_color(*_rgb(shape.fill))
                pdf.ellipse(shape.cx - shape.r, shape.cy - shape.r, 2 * shape.r, 2 * shape.r, style="F")
            else:
                _text(pdf, shape)
    return bytes(pdf.output())
