"""Customer feedback comes into a project through the API: preview, import in the background, statements
that can be searched and sorted by hand, themes, and notes backed by what customers said. These tests run
without a sorting model (tests/evidence has the ones with the real model)."""

from __future__ import annotations

import json
from typing import Any

from tests.integration.conftest import Api, make_map, wait_for_import
from tests.integration.test_live import until

SURVEY = (
    "Antwort;Quelle;Datum;Sterne\n"
    "The delivery was late again. Nobody told me why, write to me at ann@example.org;Survey;2026-03-02;2\n"
    '"I compare prices on three sites before I order; it takes ages";Survey;2026-03-03;3\n'
    "Mijn buurvrouw zegt dat de app veel beter is geworden.;Review;2026-03-04;4\n"
    "The delivery was late again. Nobody told me why, write to me at ann@example.org;Survey;2026-03-02;2\n"
    "Ich will einfach, dass das Essen pünktlich da ist. Ruf mich an: +49 30 1234567;Ticket;2026-03-05;1\n"
).encode("cp1252", errors="replace")


def upload(api: Api, project_id: int, data: bytes, name: str = "survey.csv", **options: Any) -> Any:
    return api.post(
        f"/api/projects/{project_id}/feedback",
        files={"file": (name, data, "text/csv")},
        data={"options": json.dumps(options)} if options else {},
    )


def statements(api: Api, project_id: int, **params: Any) -> dict[str, Any]:
    return api.ok("GET", f"/api/projects/{project_id}/statements", params=params)  # type: ignore[no-any-return]


def imported(api: Api, project_id: int, data: bytes = SURVEY, **options: Any) -> dict[str, Any]:
    started = upload(api, project_id, data, **options)
    assert started.status_code == 202, started.text
    return wait_for_import(api, started.json()["id"])


def columns() -> dict[str, Any]:
    return {"columns": {"text": "Antwort", "source": "Quelle", "date": "Datum", "rating": "Sterne"}}


def test_preview_detects_the_file_and_says_how_to_turn_sorting_on(owner: Api) -> None:
    board = make_map(owner)
    preview = owner.post(
        f"/api/projects/{board['project_id']}/feedback/preview", files={"file": ("s.csv", SURVEY, "text/csv")}
    ).json()
    assert preview["format"] == "csv" and preview["delimiter"] == ";"
    assert preview["columns"] == ["Antwort", "Quelle", "Datum", "Sterne"]
    assert preview["rows"] == 5
    assert preview["suggested"]["text"] == "Antwort"
    assert preview["mask_default"] is True
    assert preview["model"]["available"] is False
    assert "EMPATHY_MODEL" in preview["model"]["message"]
    summary = owner.ok("GET", f"/api/projects/{board['project_id']}/evidence")
    assert summary["total"] == 0 and summary["imports"] == []  # a preview stores nothing


def test_import_masks_splits_and_skips_duplicates_then_people_sort_by_hand(owner: Api) -> None:
    project = make_map(owner)["project_id"]
    done = imported(owner, project, **columns())
    assert done["status"] == "done", done
    assert (done["items_read"], done["items_imported"], done["duplicates"]) == (5, 4, 1)
    page = statements(owner, project)
    texts = [s["text"] for s in page["statements"]]
    assert page["total"] == done["statements"] >= 6  # long answers became several statements
    assert not any("ann@example.org" in t or "1234567" in t for t in texts)  # personal data masked
    late = next(s for s in page["statements"] if s["text"].startswith("The delivery was late"))
    assert (late["source"], late["said_on"], late["rating"]) == ("Survey", "2026-03-02", "2")
    assert late["item_text"].startswith("The delivery was late again. Nobody told me why")
    assert {s["segment"] for s in page["statements"]} == {"unsorted"}  # no model: people sort
    assert {s["language"] for s in page["statements"]} >= {"en", "nl", "de"}

    again = imported(owner, project, **columns())  # the same file twice adds nothing
    assert (again["items_imported"], again["duplicates"], again["statements"]) == (0, 5, 0)

    sorted_ = owner.ok("PATCH", f"/api/statements/{late['id']}", json={"segment": "pain"})
    assert (sorted_["segment"], sorted_["sorted_by"], sorted_["confidence"]) == ("pain", "person", None)
    assert [s["id"] for s in statements(owner, project, segment="pain")["statements"]] == [late["id"]]
    found = statements(owner, project, q="PRICES")["statements"]
    assert [s["text"] for s in found] == ["I compare prices on three sites before I order; it takes ages"]
    assert statements(owner, project, q="100%_")["total"] == 0  # wildcards are searched for literally
    summary = owner.ok("GET", f"/api/projects/{project}/evidence")
    assert summary["by_segment"]["pain"] == 1 and summary["unsorted"] == page["total"] - 1
    assert owner.patch(f"/api/statements/{late['id']}", json={"segment": "nowhere"}).status_code == 422


def test_keeping_personal_data_is_a_choice(owner: Api) -> None:
    project = make_map(owner)["project_id"]
    imported(owner, project, mask=False, **columns())
    assert statements(owner, project, q="ann@example.org")["total"] == 1


def test_bad_files_get_a_clear_error_and_import_nothing(owner: Api) -> None:
    project = make_map(owner)["project_id"]
    broken = b'text,source\n"Good one",Survey\n"never closed,Survey\nAnother good one,Survey\n'
    cases = [
        (b"", {}, "import_empty"),
        (b"\x00\x01\x02\x03binary\x00", {}, "import_not_text"),
        (SURVEY, {"columns": {"text": "Comment"}}, "import_missing_column"),
    ]
    for data, options, code in cases:
        response = upload(owner, project, data, **options)
        assert response.status_code == 422 and response.json()["error"]["code"] == code, response.text
    bad_rows = upload(owner, project, broken)
    if bad_rows.status_code == 422:  # the reader found the broken quote: refused until the person agrees
        assert bad_rows.json()["error"]["code"] == "import_bad_rows"
        assert bad_rows.json()["error"]["details"]["fields"][0]["field"].startswith("line ")
    bad_options = owner.post(
        f"/api/projects/{project}/feedback",
        files={"file": ("s.csv", SURVEY, "text/csv")},
        data={"options": "{not json"},
    )
    assert bad_options.status_code == 422 and bad_options.json()["error"]["code"] == "invalid_options"
    summary = owner.ok("GET", f"/api/projects/{project}/evidence")
    assert summary["total"] == 0 and summary["imports"] == []


def test_pasted_text_is_one_item_per_line(owner: Api) -> None:
    project = make_map(owner)["project_id"]
    response = owner.post(
        f"/api/projects/{project}/feedback", data={"text": "Too expensive.\n\nLove the recipes.\n"}
    )
    assert response.status_code == 202, response.text
    assert wait_for_import(owner, response.json()["id"])["items_imported"] == 2
    assert sorted(s["text"] for s in statements(owner, project)["statements"]) == [
        "Love the recipes.",
        "Too expensive.",
    ]


def test_a_cancelled_import_writes_nothing(owner: Api) -> None:
    project = make_map(owner)["project_id"]
    lines = "\n".join(f"Order {i} arrived late and cold, again and again, week {i}." for i in range(60_000))
    started = owner.post(
        f"/api/projects/{project}/feedback", files={"file": ("big.txt", lines.encode(), "text/plain")}
    )
    assert started.status_code == 202
    stopped = owner.ok("POST", f"/api/feedback-imports/{started.json()['id']}/cancel")
    assert stopped["status"] == "cancelled", stopped
    assert statements(owner, project)["total"] == 0
    assert owner.ok("GET", f"/api/projects/{project}/evidence")["imports"][0]["status"] == "cancelled"


def test_themes_and_notes_backed_by_statements(owner: Api, member_factory: Any) -> None:
    board = make_map(owner)
    project = board["project_id"]
    imported(owner, project, **columns())
    ids = [s["id"] for s in statements(owner, project)["statements"]]
    for statement in ids[:3]:
        owner.ok("PATCH", f"/api/statements/{statement}", json={"segment": "pain"})
    themes = owner.ok(
        "POST",
        f"/api/projects/{project}/evidence-themes",
        201,
        json={"segment": "pain", "themes": [{"label": "Late deliveries", "statement_ids": ids[:3]}]},
    )
    theme = themes[0]
    assert (theme["label"], theme["size"]) == ("Late deliveries", 3)
    split = owner.ok(
        "POST", f"/api/evidence-themes/{theme['id']}/split", 201, json={"statement_ids": [ids[2]]}
    )
    assert split["size"] == 1 and split["label"]
    renamed = owner.ok("PATCH", f"/api/evidence-themes/{split['id']}", json={"label": "Comparing prices"})
    assert renamed["label"] == "Comparing prices"
    merged = owner.ok("POST", f"/api/evidence-themes/{split['id']}/merge", json={"into": theme["id"]})
    assert merged["size"] == 3
    wrong_segment = owner.post(
        f"/api/projects/{project}/evidence-themes",
        json={"segment": "gain", "themes": [{"label": "x", "statement_ids": ids[:1]}]},
    )
    assert wrong_segment.status_code == 422

    with owner.live(board["id"]) as ws:
        until(ws, "snapshot")
        note = owner.ok(
            "POST", f"/api/maps/{board['id']}/evidence-notes", 201, json={"theme_id": theme["id"]}
        )
        seen = until(ws, "event")
        while seen["kind"] != "note.updated":
            seen = until(ws, "event")
    assert (note["text"], note["segment"], note["basis"], note["evidence_count"]) == (
        "Late deliveries",
        "pain",
        "evidence",
        3,
    )
    assert seen["payload"]["note"]["evidence_count"] == 3  # everyone on the map sees the count
    behind = owner.ok("GET", f"/api/notes/{note['id']}/evidence")
    assert sorted(s["id"] for s in behind) == sorted(ids[:3])
    assert all(s["source"] == "Survey" or s["source"] == "Review" for s in behind)
    backing = {b["segment"]: b for b in owner.ok("GET", f"/api/maps/{board['id']}/evidence-backing")}
    assert backing["pain"] == {"segment": "pain", "statements": 3, "notes": 1, "backed_notes": 1}
    assert backing["gain"]["notes"] == 0

    less = owner.ok("DELETE", f"/api/notes/{note['id']}/evidence/{ids[0]}")
    assert less["evidence_count"] == 2
    hand = owner.ok(
        "POST", f"/api/maps/{board['id']}/notes", 201, json={"segment": "hear", "text": "Friends say"}
    )
    attached = owner.ok("POST", f"/api/notes/{hand['id']}/evidence", json={"statement_ids": [ids[3]]})
    assert (attached["evidence_count"], attached["basis"]) == (1, "evidence")
    map_notes = {n["id"]: n for n in owner.ok("GET", f"/api/maps/{board['id']}")["notes"]}
    assert map_notes[note["id"]]["evidence_count"] == 2 and map_notes[hand["id"]]["evidence_count"] == 1

    other = make_map(owner)  # another project's statements cannot back this map's notes
    foreign = owner.post(f"/api/notes/{hand['id']}/evidence", json={"statement_ids": [999_999]})
    assert foreign.status_code == 422
    assert (
        owner.post(f"/api/maps/{other['id']}/evidence-notes", json={"theme_id": theme["id"]}).status_code
        == 422
    )

    owner.ok("DELETE", f"/api/evidence-themes/{theme['id']}", 204)
    assert statements(owner, project, segment="pain")["total"] == 3  # statements outlive their theme
    viewer = member_factory("viewer")
    assert viewer.patch(f"/api/statements/{ids[0]}", json={"segment": "gain"}).status_code == 403
    assert viewer.ok("GET", f"/api/notes/{note['id']}/evidence")
