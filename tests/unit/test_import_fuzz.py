"""Malformed files thrown at the import parsers: each either reads or says clearly what is wrong; none
crashes with anything but a domain error."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from empathy_studio.domain.errors import DomainError
from empathy_studio.export.notes_csv_reader import read_table, suggest_columns
from empathy_studio.services.transfer import parse_export

FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

# Text that looks like CSV often enough to reach the deeper paths: quotes, separators, line breaks, BOMs.
csv_like = st.lists(
    st.sampled_from(
        ['"', ",", ";", "\t", "\n", "\r\n", "\ufeff", "text", "segment", "Pain", "é", "\x00", "🚲", " "]
    ),
    max_size=60,
).map("".join)


def attempt(read: object) -> None:
    try:
        read()  # type: ignore[operator]
    except DomainError as error:
        assert error.message and error.code  # a person can act on it


@FUZZ
@given(raw=st.binary(max_size=2000))
def test_random_bytes_never_crash_the_csv_reader(raw: bytes) -> None:
    attempt(lambda: suggest_columns(read_table(raw, max_rows=1000)))


@FUZZ
@given(text=csv_like, encoding=st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252"]))
def test_csv_like_text_in_any_encoding_never_crashes(text: str, encoding: str) -> None:
    attempt(lambda: suggest_columns(read_table(text.encode(encoding, errors="replace"), max_rows=1000)))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=30,
)
envelopes = st.fixed_dictionaries(
    {"format": st.just("empathy-studio/project"), "version": st.sampled_from([1, 2])},
    optional={"project": json_values, "maps": json_values, "personas": json_values},
)


@FUZZ
@given(raw=json_values | envelopes)
def test_any_json_never_crashes_the_project_import(raw: object) -> None:
    attempt(lambda: parse_export(json.loads(json.dumps(raw))))


def test_what_the_fuzzer_found_now_reads_or_explains() -> None:
    excel_unicode = "text\tsegment\nSlots full\tPain\n".encode("utf-16")
    table = read_table(excel_unicode, max_rows=10)
    assert table.rows == [{"text": "Slots full", "segment": "Pain"}]
    for nothing in ("\ufeff".encode(), b"\xef\xbb\xbf \r\n", b"\x81\x8d"):  # a lone BOM; undecodable bytes
        attempt(lambda raw=nothing: read_table(raw, max_rows=10))  # type: ignore[misc]
