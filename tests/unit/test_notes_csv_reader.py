"""Reading whiteboard CSV files: encodings, delimiters, segment names in three languages, colours."""

from __future__ import annotations

import pytest

from empathy_studio.domain.errors import InvalidInput
from empathy_studio.domain.templates import segments_of
from empathy_studio.export.notes_csv_reader import colour_for, read_table, segment_for

SIX = segments_of("six_segment")


@pytest.mark.parametrize(
    ("value", "segment"),
    [
        ("See", "see"),
        ("ZIEN", "see"),
        ("Sehen", "see"),
        ("hear", "hear"),
        ("Horen", "hear"),
        ("Hören", "hear"),
        ("Think & Feel", "think_feel"),
        ("think_feel", "think_feel"),
        ("Denken und Fühlen", "think_feel"),
        ("Say and do", "say_do"),
        ("Pains", "pain"),
        ("Pijnpunten", "pain"),
        ("Gains", "gain"),
        ("", None),
        ("Wishes", None),
    ],
)
def test_segment_names_are_recognised(value: str, segment: str | None) -> None:
    assert segment_for(value, SIX) == segment


def test_colours_map_to_our_six_and_default_to_yellow() -> None:
    assert [colour_for(c) for c in ("Light Yellow", "rot", "BLAUW", "dark_green", "teal")] == [
        "yellow",
        "pink",
        "blue",
        "green",
        "yellow",
    ]


def test_delimiters_quotes_and_encodings() -> None:
    table = read_table(
        'text\tsegment\n"a\ttab"\tsee\nÄrger über Preise\tpain\n'.encode("cp1252"), max_rows=10
    )
    assert table.columns == ["text", "segment"]
    assert [r["text"] for r in table.rows] == ["a\ttab", "Ärger über Preise"]
    bom = read_table("\ufefftext,segment\nok,see\n".encode(), max_rows=10)
    assert bom.columns == ["text", "segment"]


def test_files_without_a_header_or_with_too_many_rows_are_refused() -> None:
    with pytest.raises(InvalidInput):
        read_table(b",,\n,,\n", max_rows=10)
    with pytest.raises(InvalidInput) as caught:
        read_table(b"text\n" + b"x\n" * 11, max_rows=10)
    assert caught.value.code == "import_too_many_rows"
