"""The sample project per language (see model.py for the scenario), used by `empathy demo`."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from empathy_studio.domain.demo_content import dutch, english, german
from empathy_studio.domain.demo_content.model import (
    DemoAction,
    DemoMilestone,
    DemoNote,
    DemoPersona,
    DemoProject,
)

__all__ = [
    "DEMO_PROJECTS",
    "DemoAction",
    "DemoMilestone",
    "DemoNote",
    "DemoPersona",
    "DemoProject",
    "demo_project",
]

DEMO_PROJECTS: Mapping[str, DemoProject] = MappingProxyType(
    {"en": english.PROJECT, "nl": dutch.PROJECT, "de": german.PROJECT}
)


def demo_project(language: str) -> DemoProject:
    """The sample project in the given language; English when the language is unknown."""
    return DEMO_PROJECTS.get(language, DEMO_PROJECTS["en"])
