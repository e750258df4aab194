"""Paper sizes and orientations of a poster."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PaperSize(StrEnum):
    A0 = "A0"
    A1 = "A1"
    A2 = "A2"
    A3 = "A3"
    A4 = "A4"


class Orientation(StrEnum):
    LANDSCAPE = "landscape"
    PORTRAIT = "portrait"


# Portrait width and height in millimetres (ISO 216).
_MM = {
    PaperSize.A0: (841.0, 1189.0),
    PaperSize.A1: (594.0, 841.0),
    PaperSize.A2: (420.0, 594.0),
    PaperSize.A3: (297.0, 420.0),
    PaperSize.A4: (210.0, 297.0),
}


@dataclass(frozen=True)
class Paper:
    size: PaperSize
    orientation: Orientation

    @property
    def width(self) -> float:
        short, long = _MM[self.size]
        return long if self.orientation is Orientation.LANDSCAPE else short

    @property
    def height(self) -> float:
        short, long = _MM[self.size]
        return short if self.orientation is Orientation.LANDSCAPE else long

    @property
    def scale(self) -> float:
        """How much larger than A4 everything is drawn: type and spacing grow with the sheet, so an A0
        reads from across the room the way an A4 reads at arm's length."""
        return _MM[self.size][0] / _MM[PaperSize.A4][0]
