"""Malformed feedback files thrown at the readers: each either reads or says clearly what is wrong;
none fails with anything but InvalidInput. The text steps after reading never fail at all."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from empathy_studio.domain.errors import InvalidInput
from empathy_studio.evidence.dedup import item_key
from empathy_studio.evidence.language import detect_language
from empathy_studio.evidence.masking import mask_personal_data
from empathy_studio.evidence.readers import FeedbackTable, read_feedback, read_pasted, suggest_columns
from empathy_studio.evidence.statements import MAX_CHARS, split_statements

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
NAMES = st.sampled_from(["f.csv", "f.tsv", "f.txt", "f.jsonl", "f.json", "f.xlsx", "upload", "f.xls"])

# Pieces that reach the deeper paths: quotes, delimiters, line breaks, BOMs, JSON, ZIP and PDF starts.
pieces = st.sampled_from(
    ['"', ",", ";", "\t", "|", "\n", "\r\n", "\r", "\ufeff", "text", "feedback", "Stars", "5", "é", "ß",
     "{", "}", '{"text": "hi"}', "[", "]", "\x00", "🚲", " ", "PK\x03\x04", "%PDF", "06-12345678"]
)  # fmt: skip
feedback_like = st.lists(pieces, max_size=60).map("".join)


def check(read: Callable[[], FeedbackTable]) -> None:
    try:
        table = read()
    except InvalidInput as error:
        assert error.message and error.code.startswith("import_")
        return
    assert len(table.rows) == len(table.line_numbers) <= 1000
    assert all(set(row) == set(table.columns) for row in table.rows)
    assert all(isinstance(v, str) for row in table.rows for v in row.values())
    roles = suggest_columns(table)
    assert all(column is None or column in table.columns for column in roles.values())


@FUZZ
@given(raw=st.binary(max_size=2000), name=NAMES)
def test_random_bytes_never_crash_the_readers(raw: bytes, name: str) -> None:
    check(lambda: read_feedback(raw, name, max_rows=1000))


@FUZZ
@given(text=feedback_like, name=NAMES, encoding=st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
def test_file_like_text_in_any_encoding_never_crashes(text: str, name: str, encoding: str) -> None:
    check(lambda: read_feedback(text.encode(encoding, errors="replace"), name, max_rows=1000))


@FUZZ
@given(text=feedback_like | st.text(max_size=300))
def test_pasted_text_never_crashes(text: str) -> None:
    check(lambda: read_pasted(text, max_rows=1000))


@FUZZ
@given(text=st.text(max_size=1500) | feedback_like, language=st.sampled_from(["en", "nl", "de", "other"]))
def test_text_steps_never_fail(text: str, language: str) -> None:
    masked = mask_personal_data(text)
    assert isinstance(masked, str)
    assert detect_language(masked) in {"en", "nl", "de", "other"}
    statements = split_statements(masked, language)
    assert all(0 < len(s) <= MAX_CHARS for s in statements)
    assert (statements == []) == (not masked.split())
    assert len(item_key(text, "")) == 64
