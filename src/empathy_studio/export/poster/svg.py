"""The same poster pages as SVG (one image per page): every piece of user text escaped as XML text."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from empathy_studio.export.poster.shapes import Box, Circle, Page, Text

FONT = "'DejaVu Sans', 'Noto Sans', Arial, sans-serif"
MM = 3.7795  # CSS pixels per millimetre


def _box(box: Box) -> str:
    attrs = [f'x="{box.x:.2f}" y="{box.y:.2f}" width="{box.w:.2f}" height="{box.h:.2f}"']
    if box.radius:
        attrs.append(f'rx="{box.radius:.2f}"')
    attrs.append(f'fill="{box.fill}"' if box.fill else 'fill="none"')
    if box.stroke:
        attrs.append(f'stroke="{box.stroke}" stroke-width="{box.line_width:.2f}"')
        if box.dashed:
            attrs.append(f'stroke-dasharray="{box.line_width * 4:.2f} {box.line_width * 3:.2f}"')
    return f"<rect {' '.join(attrs)}/>"


def _text(text: Text) -> str:
    anchor = {"L": "start", "C": "middle", "R": "end"}[text.align]
    x = text.x + {"L": 0.0, "C": text.w / 2, "R": text.w}[text.align]
    size = text.size * 0.3528
    weight = ' font-weight="bold"' if text.bold else ""
    out = []
    for i, line in enumerate(text.lines):
        baseline = text.y + i * text.line_height + size * 1.02
        out.append(
            f'<text x="{x:.2f}" y="{baseline:.2f}" font-size="{size:.2f}" fill="{text.color}" '
            f'text-anchor="{anchor}"{weight} xml:space="preserve">{escape(line)}</text>'
        )
    return "".join(out)


def render_svg(page: Page, title: str) -> str:
    body = []
    for shape in page.shapes:
        if isinstance(shape, Box):
            body.append(_box(shape))
        elif isinstance(shape, Circle):
            body.append(
                f'<circle cx="{shape.cx:.2f}" cy="{shape.cy:.2f}" r="{shape.r:.2f}" fill="{shape.fill}"/>'
            )
        else:
            body.append(_text(shape))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{page.width}mm" height="{page.height}mm" '
        f'viewBox="0 0 {page.width} {page.height}" font-family={quoteattr(FONT)}>'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>\n"
    )
