"""Sticky notes come in from a whiteboard tool's CSV, with a mapping for names we do not know."""

from __future__ import annotations

import json
from typing import Any

from empathy_studio.realtime.board_state import BoardState
from tests.integration.conftest import Api, make_map
from tests.integration.test_live import until

WHITEBOARD = (
    "Content;Frame;Color;Created by\n"
    "Sees ads for meal kits;See;light_yellow;Ann\n"
    "Worries about waste;Think & Feel;blue;Bo\n"
    '"Orders late; on Sundays";Zeggen & doen;green;Cy\n'
    "Slots are always full;Pains;red;Ann\n"
    "Wants dinner sorted;Wishes;purple;Bo\n"
).encode("cp1252")


def preview(api: Api, board: dict[str, Any], data: bytes) -> Any:
    return api.post(
        f"/api/maps/{board['id']}/import/notes/preview", files={"file": ("notes.csv", data, "text/csv")}
    )


def run(api: Api, board: dict[str, Any], data: bytes, mapping: dict[str, Any]) -> Any:
    return api.post(
        f"/api/maps/{board['id']}/import/notes",
        files={"file": ("notes.csv", data, "text/csv")},
        data={"mapping": json.dumps(mapping)},
    )


def test_preview_finds_columns_and_known_segment_names(owner: Api) -> None:
    board = make_map(owner)
    found = preview(owner, board, WHITEBOARD).json()
    assert found["rows"] == 5
    assert found["suggested"] == {
        "text": "Content",
        "segment": "Frame",
        "color": "Color",
        "author": "Created by",
    }
    by_value = {v["value"]: v["segment"] for v in found["segment_values"]}
    assert by_value == {
        "See": "see",
        "Think & Feel": "think_feel",
        "Zeggen & doen": "say_do",
        "Pains": "pain",
        "Wishes": None,
    }


def test_import_with_a_mapping_for_unknown_names(owner: Api) -> None:
    board = make_map(owner)
    mapping = {
        "text": "Content",
        "segment": "Frame",
        "color": "Color",
        "author": "Created by",
        "segments": {"Wishes": "gain"},
    }
    with owner.live(board["id"]) as ws:
        state = BoardState(until(ws, "snapshot")["map"])
        assert run(owner, board, WHITEBOARD, mapping).json() == {"imported": 5}
        state.apply(until(ws, "event"))
    full = owner.ok("GET", f"/api/maps/{board['id']}")
    notes = {(n["segment"], n["text"], n["color"], n["author_name"]) for n in full["notes"]}
    assert ("say_do", "Orders late; on Sundays", "green", "Cy") in notes
    assert ("gain", "Wants dinner sorted", "purple", "Bo") in notes
    assert ("pain", "Slots are always full", "pink", "Ann") in notes
    assert state.comparable() == BoardState(full).comparable()  # live clients got the same notes


def test_unmapped_rows_or_bad_files_import_nothing(owner: Api) -> None:
    board = make_map(owner)
    missing = run(owner, board, WHITEBOARD, {"text": "Content", "segment": "Frame"})
    assert missing.status_code == 422
    assert missing.json()["error"]["details"]["fields"] == [
        {"field": "line 6", "message": "No segment for 'Wishes'."}
    ]
    for data, code in [
        (b"", "import_empty"),
        (b"\x00\x01\x02binary", "import_not_text"),
        (b"Content\n" + b"x\n" * 2001, "import_too_many_rows"),
    ]:
        response = preview(owner, board, data)
        assert response.status_code == 422 and response.json()["error"]["code"] == code
    wrong_column = run(owner, board, WHITEBOARD, {"text": "Nope"})
    assert wrong_column.status_code == 422
    bad_mapping = owner.post(
        f"/api/maps/{board['id']}/import/notes",
        files={"file": ("n.csv", WHITEBOARD, "text/csv")},
        data={"mapping": "{not json"},
    )
    assert bad_mapping.status_code == 422 and bad_mapping.json()["error"]["code"] == "invalid_mapping"
    assert owner.ok("GET", f"/api/maps/{board['id']}")["notes"] == []


def test_viewers_and_strangers_cannot_import(owner: Api, member_factory: Any) -> None:
    board = make_map(owner)
    viewer = member_factory("viewer")
    assert run(viewer, board, WHITEBOARD, {"text": "Content", "default_segment": "see"}).status_code == 403
    assert owner.ok("GET", f"/api/maps/{board['id']}")["notes"] == []


TRICKY = [
    ("see", "Sees *bold* ads & <script>alert(1)</script> in [brackets]", "evidence", "Review — app store"),
    ("hear", "# Friends say: 'just cook' _really_", "hypothesis", ""),
    ("think_feel", "Feels guilty\nabout takeaway", "evidence", "Interview 3"),
    ("pain", "Slots full — again (every Sunday)", "hypothesis", "Ticket #4471"),
    ("gain", "Dinner sorted in 5 minutes 🙂", "evidence", "Survey, March"),
    ("gain", "Knows what's in the fridge", "hypothesis", ""),
]


def import_markdown(api: Api, board: dict[str, Any], data: bytes) -> Any:
    return api.post(
        f"/api/maps/{board['id']}/import/markdown", files={"file": ("map.md", data, "text/markdown")}
    )


def test_markdown_export_imports_back_into_an_empty_map(owner: Api) -> None:
    for language in ("en", "nl", "de"):
        source_map = make_map(owner)
        owner.ok("PATCH", f"/api/maps/{source_map['id']}", json={"language": language})
        for segment, text, basis, source in TRICKY:
            owner.ok(
                "POST",
                f"/api/maps/{source_map['id']}/notes",
                201,
                json={"segment": segment, "text": text, "basis": basis, "source": source},
            )
        markdown = owner.get(f"/api/maps/{source_map['id']}/export?format=md").content
        target = make_map(owner)
        with owner.live(target["id"]) as ws:
            state = BoardState(until(ws, "snapshot")["map"])
            assert import_markdown(owner, target, markdown).json() == {"imported": len(TRICKY)}
            state.apply(until(ws, "event"))
        full = owner.ok("GET", f"/api/maps/{target['id']}")
        got = [(n["segment"], n["text"], n["basis"], n["source"]) for n in full["notes"]]
        expected = [(seg, " ".join(text.split()), basis, source) for seg, text, basis, source in TRICKY]
        assert sorted(got) == sorted(expected), language  # newlines fold into spaces in Markdown
        assert [n["text"] for n in full["notes"] if n["segment"] == "gain"] == [TRICKY[4][1], TRICKY[5][1]]
        assert state.comparable() == BoardState(full).comparable()


def test_hand_written_markdown_with_segment_names_in_any_language(owner: Api) -> None:
    board = make_map(owner)
    text = (
        "# Our map\n\nSome intro text that is not a note.\n\n"
        "## Zien\n\n- Ziet reclame voor maaltijdboxen\n* Vergelijkt prijzen _(onderbouwd)_ — Enquête\n\n"
        "## Schmerzen\n\n- Keine Zeit zum Kochen\n\n## gain\n\n- …\n\n## Actions\n\n- [ ] Call Sanne\n"
    ).encode()
    assert import_markdown(owner, board, text).json() == {"imported": 3}
    notes = owner.ok("GET", f"/api/maps/{board['id']}")["notes"]
    assert {(n["segment"], n["text"], n["basis"], n["source"]) for n in notes} == {
        ("see", "Ziet reclame voor maaltijdboxen", "hypothesis", ""),
        ("see", "Vergelijkt prijzen", "evidence", "Enquête"),
        ("pain", "Keine Zeit zum Kochen", "hypothesis", ""),
    }


def test_markdown_that_cannot_be_placed_imports_nothing(owner: Api, member_factory: Any) -> None:
    board = make_map(owner)
    owner.ok("POST", f"/api/maps/{board['id']}/notes", 201, json={"segment": "see", "text": "Already here"})
    unknown = import_markdown(owner, board, b"## See\n\n- fine\n\n## Wishes\n\n- where does this go?\n")
    assert unknown.status_code == 422
    assert unknown.json()["error"]["details"]["fields"] == [
        {"field": "line 5", "message": "'Wishes' is not a segment of this map."}
    ]
    too_long = import_markdown(owner, board, b"## See\n\n- ok\n- " + b"x" * 5000 + b"\n")
    assert (
        too_long.status_code == 422 and too_long.json()["error"]["details"]["fields"][0]["field"] == "line 4"
    )
    for data, code in [
        (b"", "import_empty"),
        (b"# Title only\n", "import_empty"),
        (b"\x00\xff", "import_not_text"),
    ]:
        response = import_markdown(owner, board, data)
        assert response.status_code == 422 and response.json()["error"]["code"] == code, data
    four_areas = make_map(owner, template="four_area")
    pain = import_markdown(owner, four_areas, b"## Pain\n\n- no pain area on this template\n")
    assert pain.status_code == 422
    viewer = member_factory("viewer")
    assert import_markdown(viewer, board, b"## See\n\n- sneaky\n").status_code == 403
    assert [n["text"] for n in owner.ok("GET", f"/api/maps/{board['id']}")["notes"]] == ["Already here"]


def test_our_notes_csv_imports_back_as_it_was_exported(owner: Api) -> None:
    source = make_map(owner)
    for segment, text, color in (
        ("see", "Sees meal-kit ads at the station", "yellow"),
        ("pain", "Slots are always full,\nevery Friday", "pink"),
        ("gain", "Grüße: dinner sorted ✓", "green"),
    ):
        owner.ok(
            "POST",
            f"/api/maps/{source['id']}/notes",
            201,
            json={"segment": segment, "text": text, "color": color},
        )
    exported = owner.get(f"/api/maps/{source['id']}/export?format=csv").content
    target = make_map(owner)
    found = preview(owner, target, exported).json()
    assert all(v["segment"] for v in found["segment_values"])  # our own segment ids need no mapping
    mapping = {key: column for key, column in found["suggested"].items() if column}
    assert run(owner, target, exported, mapping).json() == {"imported": 3}

    def notes(board: dict[str, Any]) -> list[tuple[str, str, str, str]]:
        full = owner.ok("GET", f"/api/maps/{board['id']}")
        return sorted((n["segment"], n["text"], n["color"], n["author_name"]) for n in full["notes"])

    assert notes(target) == notes(source)
