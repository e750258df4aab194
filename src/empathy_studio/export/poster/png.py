"""A poster page as PNG, for slides: the PDF rendered by PDFium at the asked resolution."""

from __future__ import annotations

import io

import pypdfium2 as pdfium


def render_png(pdf: bytes, dpi: int, page_index: int = 0) -> bytes:
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[page_index].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)  # slides want it quickly; size matters less
    return out.getvalue()
