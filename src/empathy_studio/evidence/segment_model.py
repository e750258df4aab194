"""The segment classifier learned from the built-in examples, for one embedding model.

Features per statement: its sentence embedding, counts of each segment's cue words, and TF-IDF weighted
lemmas and character n-grams; a multinomial logistic regression (scikit-learn) turns them into one
probability per segment. Learning embeds a few thousand examples and fits the regression, which takes
most of a minute on a small machine, so the result is kept on disk, keyed by the model, the examples
and the scikit-learn version, and loaded in a second next time."""

from __future__ import annotations

import logging
import os
import pickle  # only our own cache files, written by this module into our own folder
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import sklearn  # type: ignore[import-untyped]
from scipy.sparse import csr_matrix, hstack  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

from empathy_studio.evidence.cues import cue_counts
from empathy_studio.evidence.embedding import Embedder
from empathy_studio.evidence.example_set import SEGMENT_IDS, Example, builtin_examples, examples_digest
from empathy_studio.evidence.lexical import LexicalFeatures, languages_of
from empathy_studio.evidence.model_files import slug

log = logging.getLogger(__name__)
REGULARISATION = 8.0  # scikit-learn's C; chosen by cross-validation on the built-in examples alone
FORMAT = 2  # bump when the features change, so older cache files are not read


class SegmentModel:
    def __init__(
        self,
        texts: Sequence[str],
        languages: Sequence[str],
        vectors: npt.NDArray[np.float32],
        segments: Sequence[str],
    ):
        self.labels = np.array([SEGMENT_IDS.index(s) for s in segments])
        self.lexical = LexicalFeatures(texts, languages)
        self.classifier = LogisticRegression(C=REGULARISATION, max_iter=2000)
        self.classifier.fit(self.features(texts, languages, vectors), self.labels)

    def features(
        self, texts: Sequence[str], languages: Sequence[str], vectors: npt.NDArray[np.float32]
    ) -> csr_matrix:
        return hstack(
            [csr_matrix(vectors), csr_matrix(cue_counts(texts)), self.lexical.transform(texts, languages)],
            format="csr",
        )

    def scores(self, features: csr_matrix) -> npt.NDArray[np.float64]:
        """The classifier's score per segment, before they are turned into probabilities."""
        result: npt.NDArray[np.float64] = self.classifier.decision_function(features)
        return result


def learn(embedder: Embedder, examples: Sequence[Example]) -> SegmentModel:
    texts = [e.text for e in examples]
    languages = languages_of(texts, [e.language for e in examples])
    return SegmentModel(texts, languages, embedder.embed(texts), [e.segment for e in examples])


_learned: dict[str, SegmentModel] = {}
_learning = threading.Lock()


def segment_model(embedder: Embedder, cache_dir: Path | None) -> SegmentModel:
    """The model for this embedder: from memory, else from the cache folder, else learned (and cached)."""
    key = f"{slug(embedder.model_id)}-{examples_digest()}-{sklearn.__version__}-{FORMAT}"
    with _learning:
        if key not in _learned:
            path = cache_dir / "sorter" / f"{key}.pickle" if cache_dir is not None else None
            model = _read(path) if path is not None else None
            if model is None:
                model = learn(embedder, builtin_examples())
                if path is not None:
                    _write(path, model)
            _learned[key] = model
        return _learned[key]


def _read(path: Path) -> SegmentModel | None:
    try:
        with path.open("rb") as stream:
            model = pickle.load(stream)  # noqa: S301  # see the import
    except FileNotFoundError:
        return None
    except Exception:  # a damaged or foreign file: learn again and overwrite it
        log.warning("ignoring the unreadable sorter cache %s", path)
        return None
    return model if isinstance(model, SegmentModel) else None


def _write(path: Path, model: SegmentModel) -> None:
    """Written to a scratch file and renamed, so a reader never sees half a file."""
    scratch: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(prefix=".learning-", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(model, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(scratch, path)
        scratch = None
    except OSError as error:  # a read-only or full disk only costs the time to learn again
        log.warning("could not keep the sorter in %s: %s", path, error)
    finally:
        if scratch is not None:
            Path(scratch).unlink(missing_ok=True)
