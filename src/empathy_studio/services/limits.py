"""Checks for the limits that are settings rather than fixed rules."""

from __future__ import annotations

from collections.abc import Mapping

from empathy_studio.domain.errors import InvalidInput


def check_lengths(values: Mapping[str, object], limit: int) -> None:
    """Raise one error naming every text field in ``values`` that is longer than ``limit`` characters."""
    fields = [
        {"field": name, "message": f"At most {limit} characters (this has {len(value)})."}
        for name, value in values.items()
        if isinstance(value, str) and len(value) > limit
    ]
    if fields:
        raise InvalidInput("Some fields are too long.", details={"fields": fields})
