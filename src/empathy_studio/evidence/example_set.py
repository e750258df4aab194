"""The sorter's built-in knowledge: statements written for this product, each labelled with its segment.

They live as JSON Lines in `examples/` (one file per group of domains), so they can grow without touching
code. Every domain has statements in all six segments, in English, Dutch and German, so what the sorter
learns is the segment's way of speaking rather than the topic of a domain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

SEGMENT_IDS = ("see", "hear", "think_feel", "say_do", "pain", "gain")
LANGUAGES = ("en", "nl", "de")


@dataclass(frozen=True)
class Example:
    text: str
    segment: str
    language: str | None = None  # None: not known, found out when needed


@cache
def builtin_examples() -> tuple[Example, ...]:
    """Every built-in example, in a stable order (file name, then line)."""
    found: list[Example] = []
    for name, content in _files():
        for number, line in enumerate(content.splitlines(), start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            if record.get("segment") not in SEGMENT_IDS or record.get("lang") not in LANGUAGES:
                raise ValueError(f"examples/{name}, line {number}: unknown segment or language")
            found.append(Example(str(record["text"]), record["segment"], record["lang"]))
    return tuple(found)


@cache
def examples_digest() -> str:
    """Changes whenever any example does: what a cache of things learned from them is keyed by."""
    digest = hashlib.sha256()
    for name, content in _files():
        digest.update(name.encode())
        digest.update(content.encode())
    return digest.hexdigest()[:16]


def _files() -> list[tuple[str, str]]:
    folder = resources.files("empathy_studio.evidence").joinpath("examples")
    entries = sorted((f for f in folder.iterdir() if f.name.endswith(".jsonl")), key=lambda f: f.name)
    return [(f.name, f.read_text(encoding="utf-8")) for f in entries]
