"""What a poster page is made of, in millimetres from the top left: the layout produces these and each
output format (PDF, SVG) draws them the same way."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str | None = None  # "#rrggbb"
    stroke: str | None = None
    radius: float = 0.0
    dashed: bool = False
    line_width: float = 0.3


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str


@dataclass(frozen=True)
class Text:
    """Lines already wrapped to fit ``w``; ``size`` in points; ``y`` is the top of the first line."""

    x: float
    y: float
    w: float
    lines: tuple[str, ...]
    size: float
    bold: bool = False
    color: str = "#23202b"
    align: str = "L"  # L, C or R

    @property
    def line_height(self) -> float:
        return self.size * 0.3528 * 1.28  # points to millimetres, with leading


@dataclass
class Page:
    width: float
    height: float
    shapes: list[Box | Circle | Text] = field(default_factory=list)

    def add(self, shape: Box | Circle | Text) -> None:
        self.shapes.append(shape)

    def texts(self) -> list[str]:
        return [line for s in self.shapes if isinstance(s, Text) for line in s.lines]
