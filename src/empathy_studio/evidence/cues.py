"""Counting each segment's cue words in statements: a language-aware signal next to the embedding."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from empathy_studio.evidence.example_set import SEGMENT_IDS

CAP = 3.0  # a long rant full of one cue word is no surer than three hits
SCALE = 0.5  # keeps the cue features on the order of the (scaled) embedding features
WORD_START = re.compile(r"(?<!\w)\w")


@cache
def cues() -> dict[str, tuple[str, ...]]:
    """Per segment, lower-case word beginnings that tell of it (cues.json, written for this product)."""
    text = resources.files("empathy_studio.evidence").joinpath("cues.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return {segment: tuple(data[segment]) for segment in SEGMENT_IDS}


@cache
def _table() -> tuple[dict[str, list[tuple[int, bool]]], list[int]]:
    """Cue text -> (segment column, whole word only); and the cue lengths, longest first. A trailing space
    in the cue list means "the whole word", otherwise a cue matches the start of a word."""
    table: dict[str, list[tuple[int, bool]]] = {}
    for column, words in enumerate(cues().values()):
        for cue in dict.fromkeys(words):  # a cue listed twice counts once
            table.setdefault(cue.strip(), []).append((column, cue.endswith(" ")))
    return table, sorted({len(c) for c in table}, reverse=True)


def cue_counts(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """One row per text, one column per segment, in SEGMENT_IDS order."""
    table, lengths = _table()
    counts = np.zeros((len(texts), len(SEGMENT_IDS)), dtype=np.float32)
    for row, text in enumerate(texts):
        lowered = text.lower()
        size = len(lowered)
        for start in (m.start() for m in WORD_START.finditer(lowered)):
            # A dictionary look-up per cue length at each word start: far cheaper than a big regex.
            for length in lengths:
                end = start + length
                if end > size:
                    continue
                for column, whole in table.get(lowered[start:end], ()):
                    if not whole or end == size or not lowered[end].isalnum():
                        counts[row, column] += 1
    capped: npt.NDArray[np.float32] = (np.minimum(counts, CAP) * SCALE).astype(np.float32)
    return capped
