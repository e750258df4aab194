"""Suggesting an empathy-map segment for each statement, learning from the workspace's own placements.

The built-in segment model (segment_model.py) scores each segment; what the workspace's examples
(statements people sorted by hand, notes the team placed) teach is added on top (adaptation.py), so a
team's own way of sorting wins where it has shown it. A statement nearly identical to a workspace
example takes that example's segment outright. When no segment is probable enough the answer is
"unsorted"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy.special import softmax  # type: ignore[import-untyped]

from empathy_studio.evidence._stopwords import ALL_STOPWORDS, NO_ANSWER
from empathy_studio.evidence.adaptation import Adaptation, learn_adaptation
from empathy_studio.evidence.embedding import Embedder, Vectors
from empathy_studio.evidence.example_set import SEGMENT_IDS, Example
from empathy_studio.evidence.lexical import languages_of
from empathy_studio.evidence.segment_model import SegmentModel, segment_model

UNSORTED = "unsorted"
MIN_CONFIDENCE = 0.3  # below this the best segment is hardly better than a guess among six
NEAR_DUPLICATE = 0.92  # cosine at which a statement is "the same" as a workspace example
_WORD = re.compile(r"[^\W\d_]+(?:[/.][^\W\d_]+)*")

__all__ = ["SEGMENT_IDS", "UNSORTED", "Example", "Sorter", "Suggestion"]


@dataclass(frozen=True)
class Suggestion:
    segment: str  # one of SEGMENT_IDS or "unsorted"
    confidence: float


class Sorter:
    def __init__(
        self,
        embedder: Embedder,
        workspace_examples: Sequence[Example] = (),
        workspace_vectors: npt.NDArray[np.float32] | None = None,
        *,
        model: SegmentModel | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        """`model` defaults to the one learned from the built-in examples, kept in `cache_dir`."""
        self.embedder = embedder
        self.model = model or segment_model(embedder, cache_dir)
        self.adaptation: Adaptation | None = None
        known = [e for e in workspace_examples if e.segment in SEGMENT_IDS]
        if workspace_vectors is not None and len(known) == len(workspace_examples):
            vectors = np.asarray(workspace_vectors, dtype=np.float32).reshape(len(known), -1)
        else:
            vectors = embedder.embed([e.text for e in known])
        self._ws_vectors = vectors
        self._ws_labels = [e.segment for e in known]
        if known:
            texts = [e.text for e in known]
            features = self.model.features(texts, languages_of(texts, [e.language for e in known]), vectors)
            labels = np.array([SEGMENT_IDS.index(s) for s in self._ws_labels])
            self.adaptation = learn_adaptation(self.model.scores(features), features, labels)

    def suggest(
        self,
        texts: Sequence[str],
        *,
        vectors: Vectors | None = None,
        languages: Sequence[str | None] | None = None,
    ) -> list[Suggestion]:
        """One suggestion per text; pass the texts' vectors and languages when they are known already."""
        if not texts:
            return []
        if vectors is None:
            vectors = self.embedder.embed(texts)
        vectors = np.asarray(vectors, dtype=np.float32)
        features = self.model.features(texts, languages_of(texts, languages), vectors)
        scores = self.model.scores(features)
        if self.adaptation is not None:
            scores = self.adaptation.adjust(scores, features)
        probabilities = softmax(scores, axis=1)
        if self._ws_labels:  # the team already placed (almost) this very statement
            similarity = vectors @ self._ws_vectors.T
            nearest = similarity.argmax(axis=1)
            for row in np.flatnonzero(similarity[np.arange(len(vectors)), nearest] >= NEAR_DUPLICATE):
                closeness = float(similarity[row, nearest[row]])
                probabilities[row] = 0.0
                probabilities[row, SEGMENT_IDS.index(self._ws_labels[nearest[row]])] = closeness
        return [self._decide(row, text) for row, text in zip(probabilities, texts, strict=True)]

    def _decide(self, probabilities: npt.NDArray[np.float64], text: str) -> Suggestion:
        if says_nothing(text):
            return Suggestion(UNSORTED, 0.0)
        best = int(np.argmax(probabilities))
        confidence = round(float(probabilities[best]), 3)
        if confidence < MIN_CONFIDENCE:
            return Suggestion(UNSORTED, confidence)
        return Suggestion(SEGMENT_IDS[best], confidence)


def says_nothing(text: str) -> bool:
    """True for a statement with no word beyond function words and "no answer" ("Nothing.", "n/a",
    "Keine Angabe", "-"): no segment can be about it, however sure the classifier would be."""
    words = [w for w in _WORD.findall(text.lower()) if len(w) > 1]
    return all(w in ALL_STOPWORDS or w in NO_ANSWER for w in words)
