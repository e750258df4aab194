"""Word features for the sorter: which segment a statement belongs to shows in its verbs and small words
("told me", "zag", "würde gern", "worries"), which a sentence embedding made for topics hardly keeps.

Two TF-IDF blocks, fitted on the examples the sorter learns from: lemmas and lemma pairs (simplemma, in
the statement's language, so "zei", "zegt" and "gezegd" are one word), and character n-grams within
words, which catch what the lemmatiser does not know (compounds, typos, "lol")."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import simplemma
from scipy.sparse import csr_matrix, hstack  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

from empathy_studio.evidence.example_set import LANGUAGES
from empathy_studio.evidence.language import detect_language

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+")
_CHAR_FEATURES = 60_000  # the most frequent n-grams; more adds fitting time, not accuracy
_MIN_EXAMPLES = 2  # a word seen in a single example is noise, not knowledge


@lru_cache(maxsize=200_000)
def _lemma(word: str, language: str) -> str:
    return str(simplemma.lemmatize(word, lang=language)).lower()


def lemmas(text: str, language: str) -> list[str]:
    """The statement's lemmas followed by each pair of neighbouring lemmas."""
    lang = language if language in LANGUAGES else "en"
    words = [_lemma(w, lang) for w in _WORD.findall(text)]
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def languages_of(texts: Sequence[str], known: Sequence[str | None] | None = None) -> list[str]:
    """Each text's language: the known one where given, otherwise detected."""
    given = list(known) if known is not None else [None] * len(texts)
    return [lang if lang in LANGUAGES else detect_language(t) for t, lang in zip(texts, given, strict=True)]


def _identity(tokens: list[str]) -> list[str]:
    return tokens


class LexicalFeatures:
    def __init__(self, texts: Sequence[str], languages: Sequence[str]) -> None:
        self._words = TfidfVectorizer(
            analyzer=_identity, sublinear_tf=True, min_df=_MIN_EXAMPLES, dtype=np.float32
        )
        self._chars = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            sublinear_tf=True,
            min_df=_MIN_EXAMPLES,
            max_features=_CHAR_FEATURES,
            dtype=np.float32,
        )
        self._words.fit([lemmas(t, lang) for t, lang in zip(texts, languages, strict=True)])
        self._chars.fit([t.lower() for t in texts])

    def transform(self, texts: Sequence[str], languages: Sequence[str]) -> csr_matrix:
        words = self._words.transform([lemmas(t, lang) for t, lang in zip(texts, languages, strict=True)])
        chars = self._chars.transform([t.lower() for t in texts])
        return hstack([words, chars], format="csr")
