"""Export speed: seconds per format for a 300-note A1 poster and a 40-note A4 page, against a naive
baseline measured in the same run.

    .venv/bin/python benchmarks/export_speed.py [--repeat N]

The baseline is the obvious way to the same PDF with the same library (fpdf2): every note drawn with
fpdf2's own multi_cell wrapping and a fresh document with fonts loaded per render, and PNG by
rasterising that PDF with PDFium and saving with Pillow's default compression. Prints one JSON object;
the maps are built in memory (tests/samples/poster_maps.py), so no database is involved."""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402
from tests.samples.poster_maps import sample_map  # noqa: E402

from empathy_studio.domain.views import MapDetail  # noqa: E402
from empathy_studio.export.formats import MapFormat, PosterOptions, render_map  # noqa: E402
from empathy_studio.export.poster.fonts import FAMILY, new_pdf  # noqa: E402
from empathy_studio.export.poster.page import Orientation, Paper, PaperSize  # noqa: E402

TODAY = date(2026, 11, 23)


def timed(work: Callable[[], Any], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    return round(statistics.median(runs), 3)


def naive_pdf(board: MapDetail, paper: Paper) -> bytes:
    """Segments as plain columns of multi_cell notes, flowing onto new pages: no layout of our own."""
    pdf = new_pdf(paper.width, paper.height)
    pdf.set_auto_page_break(True, margin=10)
    pdf.set_margin(10)
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 18)
    pdf.multi_cell(0, 9, board.title, new_x="LMARGIN", new_y="NEXT")
    for segment in board.segments:
        pdf.set_font(FAMILY, "B", 12)
        pdf.multi_cell(0, 7, segment.label, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", 8)
        for note in (n for n in board.notes if n.segment == segment.id):
            pdf.multi_cell(60, 4, note.text, border=1, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def naive_png(pdf: bytes, dpi: int) -> bytes:
    image = pdfium.PdfDocument(pdf)[0].render(scale=dpi / 72).to_pil()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is reported")
    args = parser.parse_args()
    big, small = sample_map(300, long=True, themes=True, actions=12), sample_map(40)
    a1 = PosterOptions(PaperSize.A1, Orientation.LANDSCAPE, 150, TODAY)
    a4 = PosterOptions(PaperSize.A4, Orientation.LANDSCAPE, 150, TODAY)
    render_map(small, MapFormat.PDF, a4)  # load fonts once, as a running server has them loaded
    ours: dict[str, dict[str, float]] = {}
    for name, board, options in (("a1_300_notes", big, a1), ("a4_40_notes", small, a4)):
        ours[name] = {
            fmt.value: timed(lambda f=fmt, b=board, o=options: render_map(b, f, o), args.repeat)  # type: ignore[misc]
            for fmt in MapFormat
        }
    paper_a1, paper_a4 = (
        Paper(PaperSize.A1, Orientation.LANDSCAPE),
        Paper(PaperSize.A4, Orientation.LANDSCAPE),
    )
    big_naive = naive_pdf(big, paper_a1)
    baseline = {
        "a1_300_notes": {"pdf": timed(lambda: naive_pdf(big, paper_a1), args.repeat),
                         "png": timed(lambda: naive_png(big_naive, 150), args.repeat)},
        "a4_40_notes": {"pdf": timed(lambda: naive_pdf(small, paper_a4), args.repeat)},
    }  # fmt: skip
    report = {
        "benchmark": "export_speed",
        "seconds": ours,
        "baseline_seconds": baseline,
        "baseline": "fpdf2 multi_cell per note, fonts loaded per render; PNG saved with default compression",
        "targets_seconds": {"a1_300_notes.pdf": 2.0, "a4_40_notes.pdf": 0.5, "a1_300_notes.png": 2.0},
        "met": {
            "a1_300_notes.pdf": ours["a1_300_notes"]["pdf"] < 2.0,
            "a4_40_notes.pdf": ours["a4_40_notes"]["pdf"] < 0.5,
            "a1_300_notes.png": ours["a1_300_notes"]["png"] < 2.0,
        },
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
