"""The fonts a poster embeds, and measuring text with them so that lines wrap where the PDF draws them.

DejaVu Sans covers Latin (English, Dutch, German and far beyond), Greek, Cyrillic, Hebrew and Arabic;
Noto Color Emoji is the fallback for emoji. Both come from the npm registry and are copied next to this
module by the setup script (scripts/setup.sh, install_fonts); EMPATHY_FONTS_DIR can point elsewhere."""

from __future__ import annotations

import os
import re
import threading
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF

from empathy_studio.domain.errors import DomainError

REGULAR, BOLD, EMOJI = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "NotoColorEmoji.ttf"
FAMILY = "DejaVu"


class FontsMissing(DomainError):
    kind = "unavailable"
    code = "fonts_missing"


def fonts_dir() -> Path:
    configured = os.environ.get("EMPATHY_FONTS_DIR")
    return Path(configured) if configured else Path(__file__).parent / "fonts"


def require_fonts() -> Path:
    folder = fonts_dir()
    missing = [name for name in (REGULAR, BOLD, EMOJI) if not (folder / name).is_file()]
    if missing:
        raise FontsMissing(
            f"The poster fonts are not installed ({', '.join(missing)} missing in {folder}). "
            "Run ./start.sh (or source scripts/setup.sh; build_frontend) to install them."
        )
    return folder


# Right-to-left and joining scripts (Hebrew onwards), combining marks, bidi controls and emoji need
# HarfBuzz; Latin, Greek and Cyrillic text with everyday punctuation (dashes, curly quotes, ellipsis,
# currency signs) is drawn glyph by glyph, which halves the time of a 300-note poster.
_NEEDS_SHAPING = re.compile("[\u0300-\u036f\u0590-\u200f\u2028-\u202f\u2060-\u209f\u20d0-\U0010ffff]")


def needs_shaping(text: str) -> bool:
    return _NEEDS_SHAPING.search(text) is not None


def use_shaping_for(pdf: FPDF, text: str) -> None:
    """Switch text shaping on or off for ``text``; measuring and drawing both call this, so a line is
    measured exactly as it is drawn."""
    wanted = needs_shaping(text)
    if wanted != bool(pdf.text_shaping):
        pdf.set_text_shaping(wanted)


def new_pdf(width: float, height: float) -> FPDF:
    """A document with the poster fonts loaded and text shaping on (joined Arabic, right-to-left)."""
    folder = require_fonts()
    pdf = FPDF(unit="mm", format=(width, height))
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.add_font(FAMILY, "", str(folder / REGULAR))
    pdf.add_font(FAMILY, "B", str(folder / BOLD))
    pdf.add_font("Emoji", "", str(folder / EMOJI))
    pdf.set_fallback_fonts(["Emoji"], exact_match=False)
    pdf.set_text_shaping(True)
    pdf.set_font(FAMILY, size=10)
    return pdf


class Measure:
    """Text widths in millimetres with the poster's fonts."""

    def __init__(self) -> None:
        self.pdf, self.lock = measuring_pdf()
        self._cache: dict[tuple[str, float, bool], float] = {}

    def width(self, text: str, size: float, bold: bool = False) -> float:
        key = (text, size, bold)
        found = self._cache.get(key)
        if found is None:
            with self.lock:  # the shared document's current font is state: one measurer at a time
                self.pdf.set_font(FAMILY, "B" if bold else "", size)
                use_shaping_for(self.pdf, text)
                found = self._cache[key] = self.pdf.get_string_width(text)
        return found

    def wrap(self, text: str, width: float, size: float, bold: bool = False) -> tuple[str, ...]:
        """Greedy word wrap; a word longer than a line is broken where it must be. Never drops text."""
        lines: list[str] = []
        for paragraph in text.splitlines() or [""]:
            line = ""
            for word in paragraph.split():
                candidate = f"{line} {word}" if line else word
                if self.width(candidate, size, bold) <= width:
                    line = candidate
                    continue
                if line:
                    lines.append(line)
                line = ""
                while self.width(word, size, bold) > width and len(word) > 1:
                    cut = max(1, _fitting(word, width, size, bold, self))
                    lines.append(word[:cut])
                    word = word[cut:]
                line = word
            lines.append(line)
        return tuple(lines)


def _fitting(word: str, width: float, size: float, bold: bool, measure: Measure) -> int:
    low, high = 1, len(word)
    while low < high:
        mid = (low + high + 1) // 2
        if measure.width(word[:mid], size, bold) <= width:
            low = mid
        else:
            high = mid - 1
    return low


@lru_cache(maxsize=1)
def measuring_pdf() -> tuple[FPDF, threading.Lock]:
    """Measuring needs loaded fonts but no page; one document serves every layout in this process."""
    return new_pdf(210, 297), threading.Lock()
