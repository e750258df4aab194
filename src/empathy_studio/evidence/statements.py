"""Splits a feedback text into statements: sentences, or short passages where sentences are tiny or
huge. pysbd does the sentence splitting: it is rule-based, knows English, Dutch and German
abbreviations ("z.B.", "o.a.", "Dr."), and needs no model."""

from __future__ import annotations

import re
from functools import cache

import pysbd  # type: ignore[import-untyped]  # ships no type information

MAX_CHARS = 400  # a statement is a sticky note's worth of text; longer is split at clause boundaries
_SHORT_CHARS = 15
_SHORT_WORDS = 3
_SEGMENTER_LANGUAGES = {"en", "nl", "de"}
_INNER_END = re.compile(r"[.!?…]\W*\s+\S")  # a sentence end with more text after it
# Where a long sentence may be cut, the strongest boundary first; the cut stays before the word.
_CLAUSE_BOUNDARIES = (
    re.compile(r"[;:]\s+"),
    re.compile(r"\s+[-–—]\s+"),
    re.compile(r",\s+"),
    re.compile(
        r"\s+(?=(?:but|because|although|however|and|so|maar|omdat|hoewel|want|en|dus|aber|weil|obwohl"
        r"|denn|und|also)\s)",
        re.IGNORECASE,
    ),
    re.compile(r"\s+"),
)


@cache
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language if language in _SEGMENTER_LANGUAGES else "en", clean=False)


def _cut(sentence: str) -> list[str]:
    """A sentence no longer than MAX_CHARS as is; else cut at the strongest boundary nearest its middle,
    and the halves likewise, so pieces come out of similar length."""
    if len(sentence) <= MAX_CHARS:
        return [sentence]
    middle = len(sentence) // 2
    for boundary in _CLAUSE_BOUNDARIES:
        cuts = [m for m in boundary.finditer(sentence) if m.start() > 0 and m.end() < len(sentence)]
        if cuts:
            best = min(cuts, key=lambda m: abs(m.end() - middle))
            return _cut(sentence[: best.end()].rstrip()) + _cut(sentence[best.end() :])
    # One unbroken run of characters (a pasted token or link): cut it hard.
    return [sentence[i : i + MAX_CHARS] for i in range(0, len(sentence), MAX_CHARS)]


def _short(fragment: str) -> bool:
    return len(fragment) < _SHORT_CHARS or len(fragment.split()) < _SHORT_WORDS


def _belongs_to_previous(previous: str, piece: str) -> bool:
    # A piece starting in lower case continues a sentence cut at an abbreviation the splitter missed.
    return _short(piece) or _short(previous) or piece[0].islower()


def _join_short(pieces: list[str]) -> list[str]:
    """Very short fragments ("Thanks!", "Dr.") go with the sentence before, or else after, as long as
    the result stays within MAX_CHARS."""
    joined: list[str] = []
    for piece in pieces:
        if (
            joined
            and _belongs_to_previous(joined[-1], piece)
            and len(joined[-1]) + 1 + len(piece) <= MAX_CHARS
        ):
            joined[-1] = f"{joined[-1]} {piece}"
        else:
            joined.append(piece)
    return joined


def split_statements(text: str, language: str) -> list[str]:
    """The statements of `text` in order, whitespace normalised; [] for blank text."""
    text = " ".join(text.split())
    if not text:
        return []
    if len(text) <= MAX_CHARS and not _INNER_END.search(text):
        return [text]  # one sentence: most feedback, and pysbd is the slow part
    # processor().process() is what segment() runs, minus mapping each sentence back to its character
    # offsets with a freshly compiled regex, which costs 40% of the time and we do not need.
    sentences = [s.strip() for s in _segmenter(language).processor(text).process()]
    pieces = [piece for sentence in sentences if sentence for piece in _cut(sentence)]
    return _join_short(pieces)
