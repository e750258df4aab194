"""Which language a piece of feedback is in: English, Dutch, German, or something else.

Lingua (n-gram models, Rust core) is used because it is accurate on the short texts feedback consists
of and needs no model download. Two detectors: a narrow one that decides between the three languages we
support, and a wide, fast one that only gets to say "other" when a longer text is clearly in another
language; short texts are too easily mistaken for a random foreign language to trust that call."""

from __future__ import annotations

import re
from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

_SUPPORTED = {Language.ENGLISH: "en", Language.DUTCH: "nl", Language.GERMAN: "de"}
# Languages customers of a Dutch, German or British business plausibly write in besides our three.
_OTHERS = (
    Language.FRENCH,
    Language.SPANISH,
    Language.ITALIAN,
    Language.PORTUGUESE,
    Language.POLISH,
    Language.TURKISH,
    Language.DANISH,
    Language.SWEDISH,
    Language.BOKMAL,
    Language.ARABIC,
    Language.RUSSIAN,
    Language.CHINESE,
)
_SAMPLE = 300  # characters: more only costs time, the verdict no longer changes
_OTHER_MIN_LETTERS = 40
_OTHER_CONFIDENCE = 0.7
# Links, @handles, e-mail addresses and placeholders like "[phone]" carry no language but look like one.
_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|@\w+|\[[a-z-]+\]|#")


@cache
def _narrow() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_SUPPORTED).build()


@cache
def _wide() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_SUPPORTED, *_OTHERS).with_low_accuracy_mode().build()


def detect_language(text: str) -> str:
    """ "en", "nl", "de" or "other". Text without letters is "other"; a text too short to tell ("ok")
    falls back to English, the most common language of feedback that says too little to tell."""
    sample = _NOISE.sub(" ", text[: _SAMPLE * 2])[:_SAMPLE]
    letters = sum(ch.isalpha() for ch in sample)
    if letters == 0:
        return "other"
    if letters >= _OTHER_MIN_LETTERS:
        values = _wide().compute_language_confidence_values(sample)
        if values and values[0].language not in _SUPPORTED and values[0].value >= _OTHER_CONFIDENCE:
            return "other"
    found = _narrow().detect_language_of(sample)
    return _SUPPORTED.get(found, "en") if found is not None else "en"
