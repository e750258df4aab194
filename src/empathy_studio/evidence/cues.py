"""Counting each segment's cue words in statements: a language-aware signal next to the embedding."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import numpy as np
import numpy.typing as npt

from empathy_studio.evidence.segment_knowledge import CUES

CAP = 3.0  # a long rant full of one cue word is no surer than three hits
SCALE = 0.5  # keeps the cue features on the order of the (scaled) embedding features
WORD_START = re.compile(r"(?<!\w)\w")


@cache
def _table() -> tuple[dict[str, list[tuple[int, bool]]], list[int]]:
    """Cue text -> (segment column, whole word only); and the cue lengths, longest first. A trailing space
    in the cue list means "the whole word", otherwise a cue matches the start of a word."""
    table: dict[str, list[tuple[int, bool]]] = {}
    for column, cues in enumerate(CUES.values()):
        for cue in dict.fromkeys(cues):  # a cue listed twice counts once
            table.setdefault(cue.strip(), []).append((column, cue.endswith(" ")))
    return table, sorted({len(c) for c in table}, reverse=True)


def cue_counts(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """One row per text, one column per segment (in CUES order, which is SEGMENT_IDS order)."""
    table, lengths = _table()
    counts = np.zeros((len(texts), len(CUES)), dtype=np.float32)
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
