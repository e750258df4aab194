"""Reading feedback files: formats, encodings, delimiters, bad rows with their line numbers, bad files
with a clear message, and which column plays which role."""

from __future__ import annotations

import io
import json
from datetime import datetime

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]

from empathy_studio.domain.errors import InvalidInput
from empathy_studio.evidence import readers
from empathy_studio.evidence.dedup import item_key
from empathy_studio.evidence.readers import (
    read_feedback,
    read_pasted,
    require_column,
    suggest_columns,
)


def code_of(raw: bytes, filename: str, max_rows: int = 100) -> str:
    with pytest.raises(InvalidInput) as caught:
        read_feedback(raw, filename, max_rows=max_rows)
    assert caught.value.message
    return caught.value.code


def test_csv_with_header_keeps_values_and_line_numbers() -> None:
    raw = b"feedback,rating,date\nSlow delivery,2,2024-05-01\n\nFriendly staff,5,2024-05-02\n"
    table = read_feedback(raw, "survey.csv", max_rows=10)
    assert (table.format, table.encoding, table.delimiter) == ("csv", "utf-8", ",")
    assert table.columns == ["feedback", "rating", "date"]
    assert table.rows[1] == {"feedback": "Friendly staff", "rating": "5", "date": "2024-05-02"}
    assert table.line_numbers == [2, 4]
    assert table.problems == []


def test_semicolons_and_windows_1252_as_dutch_excel_writes_them() -> None:
    raw = "Opmerking;Cijfer\nTe lange wachttijd bij de kassa;4\nHeel vriendelijk, één keer;9\n".encode(
        "cp1252"
    )
    table = read_feedback(raw, "enquete.csv", max_rows=10)
    assert table.delimiter == ";"
    assert table.encoding is not None and table.encoding != "utf-8"
    assert table.rows[1]["Opmerking"] == "Heel vriendelijk, één keer"


def test_utf16_tab_separated_text_from_excel_is_a_table() -> None:
    raw = "Kommentar\tQuelle\nZug zu spät\tApp\nSitzplatz kaputt\tWeb\n".encode("utf-16")
    table = read_feedback(raw, "export.txt", max_rows=10)
    assert table.format == "tsv" and table.encoding == "utf-16"
    assert table.rows == [
        {"Kommentar": "Zug zu spät", "Quelle": "App"},
        {"Kommentar": "Sitzplatz kaputt", "Quelle": "Web"},
    ]


def test_a_file_without_header_gets_numbered_columns() -> None:
    raw = b"101,The app keeps crashing when I pay,1\n102,Checkout was quick and easy,5\n103,Cannot find my invoice,2\n"
    table = read_feedback(raw, "export.csv", max_rows=10)
    assert table.columns == ["column 1", "column 2", "column 3"]
    assert table.line_numbers == [1, 2, 3]
    roles = suggest_columns(table)
    assert roles["text"] == "column 2"
    assert roles["id"] == "column 1"


def test_unclosed_quote_is_reported_and_reading_resumes_on_the_next_line() -> None:
    raw = b'text,source\nGood,web\n"Broken quote here,web\nAlso fine,app\nLast one,mail\n'
    table = read_feedback(raw, "f.csv", max_rows=10)
    assert [p.line for p in table.problems] == [3]
    assert "quote" in table.problems[0].message
    assert [r["text"] for r in table.rows] == ["Good", "Also fine", "Last one"]
    assert table.line_numbers == [2, 4, 5]


def test_rows_with_too_many_fields_are_reported_short_rows_are_padded() -> None:
    raw = b"text,source,rating\nOne,web,3\nTwo, with comma,web,4\nThree,app\n"
    table = read_feedback(raw, "f.csv", max_rows=10)
    assert [(p.line, "4 fields" in p.message) for p in table.problems] == [(3, True)]
    assert table.rows[1] == {"text": "Three", "source": "app", "rating": ""}


def test_quoted_values_may_span_lines() -> None:
    raw = b'text,source\n"First line\nsecond line",web\nNext,app\n'
    table = read_feedback(raw, "f.csv", max_rows=10)
    assert table.rows[0]["text"] == "First line\nsecond line"
    assert table.line_numbers == [2, 4]
    assert table.problems == []


def test_tsv_by_extension() -> None:
    table = read_feedback(b"text\tchannel\nToo loud, too hot\tstore\n", "x.tsv", max_rows=5)
    assert table.format == "tsv" and table.rows == [{"text": "Too loud, too hot", "channel": "store"}]


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_values_become_text_with_sheet_row_numbers() -> None:
    raw = _xlsx(
        [
            ["Review", "Stars", "Date"],
            ["Great coffee", 5, datetime(2024, 3, 1)],
            [None, None, None],
            ["Cold food", 2.0, datetime(2024, 3, 2, 13, 30)],
        ]
    )
    table = read_feedback(raw, "reviews.xlsx", max_rows=10)
    assert table.format == "xlsx"
    assert table.rows == [
        {"Review": "Great coffee", "Stars": "5", "Date": "2024-03-01"},
        {"Review": "Cold food", "Stars": "2", "Date": "2024-03-02 13:30:00"},
    ]
    assert table.line_numbers == [2, 4]
    assert suggest_columns(table)["rating"] == "Stars"


def test_xlsx_is_recognised_by_content_without_extension() -> None:
    table = read_feedback(_xlsx([["text"], ["Fine"]]), "upload", max_rows=10)
    assert table.format == "xlsx"


def test_damaged_xlsx_is_explained() -> None:
    assert code_of(b"PK\x03\x04 this is not really a zip", "book.xlsx") == "import_invalid"
    assert code_of(b"just text", "book.xlsx") == "import_invalid"


def test_json_lines_with_a_bad_line() -> None:
    lines = [
        json.dumps({"text": "Lovely staff", "rating": 5}),
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"text": "Noisy room", "lang": "en", "tags": ["room"]}),
    ]
    table = read_feedback("\n".join(lines).encode(), "items.jsonl", max_rows=10)
    assert table.columns == ["text", "rating", "lang", "tags"]
    assert table.rows[1] == {"text": "Noisy room", "rating": "", "lang": "en", "tags": '["room"]'}
    assert [p.line for p in table.problems] == [2, 3]
    assert table.line_numbers == [1, 4]


def test_a_json_array_is_accepted() -> None:
    table = read_feedback(b'[{"comment": "ok"}, "bare text"]', "data.json", max_rows=10)
    assert table.rows == [{"comment": "ok", "text": ""}, {"comment": "", "text": "bare text"}]


def test_plain_text_is_one_item_per_line() -> None:
    raw = b"The queue was long\n\n  Staff were kind, helpful and quick  \n"
    table = read_feedback(raw, "notes.txt", max_rows=10)
    assert (table.format, table.columns) == ("txt", ["text"])
    assert table.rows == [{"text": "The queue was long"}, {"text": "Staff were kind, helpful and quick"}]
    assert table.line_numbers == [1, 3]


def test_pasted_lines_table_and_passages() -> None:
    assert [r["text"] for r in read_pasted("one\ntwo\n", max_rows=5).rows] == ["one", "two"]
    table = read_pasted("Comment\tScore\nToo slow\t2\nGreat\t5\n", max_rows=5)
    assert table.format == "paste" and table.columns == ["Comment", "Score"]
    passages = read_pasted("First mail\nstill first\n\nSecond mail\n", max_rows=5)
    assert passages.rows == [{"text": "First mail still first"}, {"text": "Second mail"}]
    assert passages.line_numbers == [1, 4]


def test_bad_files_say_what_is_wrong() -> None:
    assert code_of(b"", "a.csv") == "import_empty"
    assert code_of(b"\xef\xbb\xbf \r\n", "a.csv") == "import_empty"
    assert code_of(b"text,source\n", "a.csv") == "import_empty"
    assert code_of(b"%PDF-1.7 ...", "a.csv") == "import_not_text"
    assert code_of(bytes(range(256)) * 8, "a.csv") == "import_not_text"
    assert code_of(b"anything", "old.xls") == "import_not_text"
    assert code_of(b"text\n" + b"x\n" * 11, "a.csv", max_rows=10) == "import_too_many_rows"
    assert code_of(b"{bad\n{worse\n", "a.jsonl") == "import_invalid"


def test_huge_files_are_refused_before_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_BYTES", 10)
    assert code_of(b"text\nsomething long\n", "a.csv") == "import_too_large"


def test_a_missing_column_is_named() -> None:
    table = read_feedback(b"text,source\nHi,web\n", "a.csv", max_rows=5)
    require_column(table, "text")
    with pytest.raises(InvalidInput) as caught:
        require_column(table, "comment")
    assert caught.value.code == "import_missing_column"
    assert caught.value.details["fields"][0]["field"] == "comment"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "Customer ID,Review date,Review text,Stars,Channel,Language,Customer segment",
            {
                "text": "Review text",
                "date": "Review date",
                "rating": "Stars",
                "source": "Channel",
                "language": "Language",
                "segment": "Customer segment",
                "id": "Customer ID",
            },
        ),
        (
            "Datum,Opmerking,Cijfer,Bron,Klantsegment",
            {"text": "Opmerking", "rating": "Cijfer", "source": "Bron"},
        ),
        (
            "Kommentar,Bewertung,Quelle,Sprache,Datum",
            {"text": "Kommentar", "rating": "Bewertung", "language": "Sprache"},
        ),
    ],
)
def test_column_names_in_three_languages(header: str, expected: dict[str, str]) -> None:
    width = header.count(",") + 1
    raw = f"{header}\n{','.join(['x'] * width)}\n".encode()
    suggestion = suggest_columns(read_feedback(raw, "a.csv", max_rows=5))
    assert {role: suggestion[role] for role in expected} == expected


def test_same_text_and_source_give_the_same_key() -> None:
    assert item_key("Great  service!", "Google") == item_key("great service", " google")
    assert item_key("Great service", "Google") != item_key("Great service", "Trustpilot")
    assert item_key("Great service", "") != item_key("Bad service", "")
    assert item_key("👍", "") != item_key("👎", "")
    assert len(item_key("x", "y")) == 64


def test_stray_bytes_in_a_utf8_file_spoil_only_their_rows() -> None:
    raw = "text\nCafé was gezellig\n".encode() + b"Caf\xe9 te duur\n" + "Prima ontbijt één keer\n".encode()
    table = read_feedback(raw, "mixed.csv", max_rows=10)
    assert table.encoding == "utf-8"
    assert [r["text"] for r in table.rows] == ["Café was gezellig", "Prima ontbijt één keer"]
    assert [p.line for p in table.problems] == [3]
