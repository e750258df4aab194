"""The canvases a map can use and the segments each one has."""

from __future__ import annotations

from enum import StrEnum


class Template(StrEnum):
    SIX_SEGMENT = "six_segment"
    FOUR_AREA = "four_area"


SEGMENTS: dict[Template, tuple[str, ...]] = {
    Template.SIX_SEGMENT: ("see", "hear", "think_feel", "say_do", "pain", "gain"),
    Template.FOUR_AREA: ("think", "feel", "say", "do"),
}

# Workshops fill the canvas from the outside in: the observable first, the inner life last.
WORKSHOP_ORDER: dict[Template, tuple[str, ...]] = {
    Template.SIX_SEGMENT: ("see", "say_do", "hear", "think_feel", "pain", "gain"),
    Template.FOUR_AREA: ("say", "do", "think", "feel"),
}


def segments_of(template: str) -> tuple[str, ...]:
    return SEGMENTS[Template(template)]


def has_segment(template: str, segment: str) -> bool:
    return segment in SEGMENTS[Template(template)]
