"""A key that is the same for two feedback items that say the same thing from the same source, so a
file imported twice, or an item repeated in a file, is stored once."""

from __future__ import annotations

import hashlib
import unicodedata


def _normal(text: str) -> str:
    """Case, accents written in two ways, punctuation, symbols (emoji too) and spacing do not count."""
    text = unicodedata.normalize("NFKC", text).casefold()
    kept = (ch if not unicodedata.category(ch).startswith(("P", "S")) else " " for ch in text)
    return " ".join("".join(kept).split())


def item_key(text: str, source: str) -> str:
    """Hex SHA-256 of the normalised source and text; stable across runs and versions of Python."""
    words = _normal(text) or " ".join(text.split())  # "👍" and "👎" are not the same feedback
    payload = f"{_normal(source)}\x1f{words}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
