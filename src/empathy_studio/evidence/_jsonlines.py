"""JSON Lines (one JSON object per line) to records; a JSON array of objects is accepted too, with the
item's position standing in for its line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from empathy_studio.evidence._table import MAX_CELL, RowProblem


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # nested values stay readable rather than lost


def _item(value: Any) -> dict[str, str] | str:
    """The item's fields, or why it is not one. A bare string is an item with only a text."""
    if isinstance(value, str):
        return {"text": value}
    if not isinstance(value, dict):
        return "is not a JSON object"
    fields = {str(k): _as_text(v) for k, v in value.items()}
    if any(len(v) > MAX_CELL for v in fields.values()):
        return f"a value is longer than {MAX_CELL:,} characters"
    return fields


def read_json_items(lines: list[str], problems: list[RowProblem]) -> Iterator[tuple[int, dict[str, str]]]:
    text_start = next((line for line in lines if line.strip()), "").lstrip("\ufeff \t")
    if text_start.startswith("["):
        try:
            values = json.loads("".join(lines))
        except (ValueError, RecursionError):
            values = None
        if isinstance(values, list):
            for number, value in enumerate(values, start=1):
                item = _item(value)
                if isinstance(item, str):
                    problems.append(RowProblem(number, f"item {number} {item}"))
                else:
                    yield number, item
            return
    for number, line in enumerate(lines, start=1):
        if not line.strip(" \t\r\n\ufeff"):
            continue
        try:
            item = _item(json.loads(line.lstrip("\ufeff")))
        except (ValueError, RecursionError) as error:
            item = f"is not valid JSON ({str(error).split(':')[0]})"
        if isinstance(item, str):
            problems.append(RowProblem(number, item))
        else:
            yield number, item
