"""Suggesting an empathy-map segment for each statement, learning from the workspace's own placements.

A small linear classifier over the sentence embedding plus cue-word counts is trained at construction from
the built-in examples and the workspace's examples (corrections and notes placed by hand), the latter
weighted higher so a team's own way of sorting wins. A statement nearly identical to a workspace example
takes that example's segment outright. When no segment is probable enough the answer is "unsorted"."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from empathy_studio.evidence.cues import cue_counts
from empathy_studio.evidence.embedding import Embedder, Vectors
from empathy_studio.evidence.linear import SoftmaxModel, train_softmax
from empathy_studio.evidence.segment_knowledge import EXAMPLES

SEGMENT_IDS = ("see", "hear", "think_feel", "say_do", "pain", "gain")
UNSORTED = "unsorted"
MIN_CONFIDENCE = 0.3  # below this the best segment is hardly better than a guess among six
WORKSPACE_WEIGHT = 2.0  # one workspace example counts as much as this many built-in ones
NEAR_DUPLICATE = 0.92
NEIGHBOUR_HALF_WEIGHT = 30  # with this many workspace examples, their nearest-neighbour vote counts half
NEIGHBOUR_TEMPERATURE = 0.05  # cosine differences of this size between segments are telling  # cosine at which a statement is "the same" as a workspace example


@dataclass(frozen=True)
class Example:
    text: str
    segment: str


@dataclass(frozen=True)
class Suggestion:
    segment: str  # one of SEGMENT_IDS or "unsorted"
    confidence: float


def builtin_examples() -> list[Example]:
    return [
        Example(text, segment)
        for segment, by_lang in EXAMPLES.items()
        for texts in by_lang.values()
        for text in texts
    ]


_builtin_vectors: dict[str, Vectors] = {}
_builtin_lock = threading.Lock()


def builtin_vectors(embedder: Embedder) -> Vectors:
    """Embeddings of the built-in examples, computed once per model."""
    with _builtin_lock:
        if embedder.model_id not in _builtin_vectors:
            _builtin_vectors[embedder.model_id] = embedder.embed([e.text for e in builtin_examples()])
        return _builtin_vectors[embedder.model_id]


class Sorter:
    def __init__(
        self,
        embedder: Embedder,
        workspace_examples: Sequence[Example] = (),
        workspace_vectors: npt.NDArray[np.float32] | None = None,
    ) -> None:
        self.embedder = embedder
        known = [e for e in workspace_examples if e.segment in SEGMENT_IDS]
        if workspace_vectors is not None and len(known) == len(workspace_examples):
            ws_vectors = np.asarray(workspace_vectors, dtype=np.float32).reshape(len(known), -1)
        else:
            ws_vectors = embedder.embed([e.text for e in known])
        examples = [*builtin_examples(), *known]
        vectors = np.vstack([builtin_vectors(embedder), ws_vectors]).astype(np.float32)
        labels = np.array([SEGMENT_IDS.index(e.segment) for e in examples])
        weights = np.array([1.0] * (len(examples) - len(known)) + [WORKSPACE_WEIGHT] * len(known))
        cues = cue_counts([e.text for e in examples])
        self._with_cues = train_softmax(np.hstack([vectors, cues]), labels, weights, len(SEGMENT_IDS))
        self._vectors_only: SoftmaxModel | None = None
        self._training = (vectors, labels, weights)
        self._ws_vectors = ws_vectors
        self._ws_labels = [e.segment for e in known]

    def suggest(self, texts: Sequence[str]) -> list[Suggestion]:
        return self.suggest_vectors(self.embedder.embed(texts), texts=texts)

    def suggest_vectors(
        self, vectors: npt.NDArray[np.float32], *, texts: Sequence[str] | None = None
    ) -> list[Suggestion]:
        """Suggestions for already embedded statements; with their texts the cue words count too."""
        vectors = np.asarray(vectors, dtype=np.float32)
        if len(vectors) == 0:
            return []
        if texts is not None:
            probabilities = self._with_cues.predict(np.hstack([vectors, cue_counts(texts)]))
        else:
            probabilities = self._plain_model().predict(vectors)
        return [self._decide(row, vector) for row, vector in zip(probabilities, vectors, strict=True)]

    def _decide(self, probabilities: npt.NDArray[np.float64], vector: Vectors) -> Suggestion:
        if self._ws_labels:  # the team already placed (almost) this very statement
            similarity = self._ws_vectors @ vector
            nearest = int(np.argmax(similarity))
            if similarity[nearest] >= NEAR_DUPLICATE:
                return Suggestion(self._ws_labels[nearest], round(float(similarity[nearest]), 3))
        best = int(np.argmax(probabilities))
        confidence = round(float(probabilities[best]), 3)
        if confidence < MIN_CONFIDENCE:
            return Suggestion(UNSORTED, confidence)
        return Suggestion(SEGMENT_IDS[best], confidence)

    def _plain_model(self) -> SoftmaxModel:
        if self._vectors_only is None:
            vectors, labels, weights = self._training
            self._vectors_only = train_softmax(vectors, labels, weights, len(SEGMENT_IDS))
        return self._vectors_only
