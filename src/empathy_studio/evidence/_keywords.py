"""Key words of a group of statements, for a theme's label: the words many of its statements use and
(when the other statements are known) few others do. Snowball stemmers (en/nl/de) make "delivery" and
"deliveries" one word; the label shows the form people wrote most."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]  # ships no type information

from empathy_studio.evidence._stopwords import ALL_STOPWORDS, STOPWORDS

_STEMMERS = {"en": "english", "nl": "dutch", "de": "german"}
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W\d_])?")
_PLACEHOLDER = re.compile(r"\[[a-z-]+\]")  # "[phone]" and friends from masking are not words
_MIN_LENGTH = 3


@cache
def _stem(language: str, word: str) -> str:
    algorithm = _STEMMERS.get(language)
    if algorithm is None:
        return word
    return str(_stemmer(algorithm).stemWord(word))


@cache
def _stemmer(algorithm: str) -> Any:
    return snowballstemmer.stemmer(algorithm)


def words_of(text: str, language: str) -> Iterable[tuple[str, str]]:
    """(stem, surface form) of each word that could be a key word, once per text."""
    stop = STOPWORDS.get(language, ALL_STOPWORDS)
    seen: set[str] = set()
    for match in _WORD.finditer(_PLACEHOLDER.sub(" ", text.lower())):
        word = match.group(0).replace("’", "'")
        if len(word) < _MIN_LENGTH or word in stop or word.startswith(("http", "www")):
            continue
        stem = _stem(language, word)
        if stem not in seen:
            seen.add(stem)
            yield stem, word


def document_frequencies(texts: Sequence[str], languages: Sequence[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text, language in zip(texts, languages, strict=True):
        counts.update(stem for stem, _ in words_of(text, language))
    return counts


def key_words(
    texts: Sequence[str],
    languages: Sequence[str],
    *,
    words: int,
    background: Counter[str] | None = None,
    total: int = 0,
) -> list[str]:
    """Up to `words` key words, best first. With `background` (document frequencies over `total`
    statements, these included) a word scores by how much more common it is here than overall."""
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for text, language in zip(texts, languages, strict=True):
        for stem, word in words_of(text, language):
            counts[stem] += 1
            forms.setdefault(stem, Counter())[word] += 1

    def score(stem: str) -> tuple[float, str]:
        share = counts[stem] / max(len(texts), 1)
        if background is None:
            return share, stem
        return share * math.log((total + 1) / (background[stem] + 1)) + share * 1e-3, stem

    def shared(stem: str) -> bool:  # a word several members use says more about the group than any one
        return counts[stem] >= min(2, len(texts))

    ranked = sorted(counts, key=lambda stem: (not shared(stem), -score(stem)[0], stem))
    if background is not None:
        # A word every statement uses tells this group from no other; unless it is all the members share.
        distinctive = [stem for stem in ranked if background[stem] < total]
        if any(map(shared, distinctive)) or not any(map(shared, ranked)):
            ranked = distinctive or ranked
    return [forms[stem].most_common(1)[0][0] for stem in ranked[:words]]
