"""A map leaves the app as Markdown, CSV and JSON, through the API and the CLI."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from empathy_studio.settings import Settings
from empathy_studio.web.app import create_app
from tests.integration.conftest import Api, make_map
from tests.integration.test_cli import empathy


def _filled_map(api: Api) -> dict[str, Any]:
    board = make_map(api)
    for segment, text, extra in [
        ("see", "Ads for <b>meal kits</b> *everywhere*", {}),
        ("pain", '=HYPERLINK("http://evil")', {"basis": "evidence", "source": "Ticket #12"}),
        ("gain", "Dinner sorted\nwithout thinking", {}),
    ]:
        api.ok(
            "POST", f"/api/maps/{board['id']}/notes", 201, json={"segment": segment, "text": text, **extra}
        )
    note_id = api.ok("GET", f"/api/maps/{board['id']}")["notes"][1]["id"]
    api.ok(
        "POST", f"/api/maps/{board['id']}/actions", 201, json={"title": "Fix slots", "note_ids": [note_id]}
    )
    return board


def test_markdown_export_has_the_frame_segments_notes_and_actions(owner: Api) -> None:
    board = _filled_map(owner)
    response = owner.get(f"/api/maps/{board['id']}/export?format=md")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="busy-parents.md"'
    text = response.text
    assert text.startswith("# Busy parents\n")
    for heading in (
        "## Goal / problem statement",
        "## See",
        "## Hear",
        "## Think & Feel",
        "## Pain",
        "## Gain",
        "## Actions",
    ):
        assert heading in text
    assert "Ads for \\<b\\>meal kits\\</b\\> \\*everywhere\\*" in text  # markup escaped, not rendered
    assert "- Dinner sorted without thinking _(hypothesis)_" in text
    assert "— Ticket #12" in text
    assert "- [ ] Fix slots [open]" in text


def test_csv_exports_one_row_per_note_and_per_action(owner: Api) -> None:
    board = _filled_map(owner)
    rows = list(csv.DictReader(io.StringIO(owner.get(f"/api/maps/{board['id']}/export?format=csv").text)))
    assert [r["segment"] for r in rows] == ["see", "pain", "gain"]
    assert rows[1]["text"].startswith("'=HYPERLINK")  # a spreadsheet will not run it as a formula
    assert rows[1]["actions"] == "Fix slots"
    assert rows[2]["text"] == "Dinner sorted\nwithout thinking"
    actions = list(
        csv.DictReader(io.StringIO(owner.get(f"/api/maps/{board['id']}/export?format=actions-csv").text))
    )
    assert [(a["title"], a["status"]) for a in actions] == [("Fix slots", "open")]


def test_export_refuses_unknown_formats_and_foreign_maps(owner: Api, app_factory: Any) -> None:
    board = make_map(owner)
    bad = owner.get(f"/api/maps/{board['id']}/export?format=docx")
    assert bad.status_code == 422 and bad.json()["error"]["details"]["fields"][0]["field"] == "format"
    anonymous: Api = app_factory()
    assert anonymous.get(f"/api/maps/{board['id']}/export?format=md").status_code == 401
    assert owner.get("/api/maps/999999/export").status_code == 404


def test_cli_exports_a_map_without_a_server(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(env="test", data_dir=tmp_path))) as client:
        api = Api(client)
        api.signup("owner@example.org", "Owner")
        board = _filled_map(api)
    out = tmp_path / "map.md"
    result = empathy("export", str(board["id"]), "--format", "md", "-o", str(out), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.read_text().startswith("# Busy parents")
    missing = empathy("export", "4242", data_dir=tmp_path)
    assert missing.returncode == 1 and "no map" in missing.stderr.lower()
    wrong = empathy("export", str(board["id"]), "--format", "docx", data_dir=tmp_path)
    assert wrong.returncode == 2 and "docx" in wrong.stderr
    bad_size = empathy("export", str(board["id"]), "--format", "pdf", "--size", "A7", data_dir=tmp_path)
    assert bad_size.returncode == 2 and "A7" in bad_size.stderr
    poster = tmp_path / "map.pdf"
    made = empathy(
        "export", str(board["id"]), "--format", "pdf", "--size", "A2", "-o", str(poster), data_dir=tmp_path
    )
    assert made.returncode == 0, made.stderr
    assert poster.read_bytes().startswith(b"%PDF")


def test_posters_come_as_pdf_png_and_svg_with_clear_errors(owner: Api, app_factory: Any) -> None:
    board = _filled_map(owner)
    path = f"/api/maps/{board['id']}/export"
    pdf = owner.get(f"{path}?format=pdf&size=A1&orientation=portrait")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert 'filename="busy-parents-a1-portrait.pdf"' in pdf.headers["content-disposition"]
    png = owner.get(f"{path}?format=png&size=A4&dpi=72")
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = owner.get(f"{path}?format=svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and "<svg" in svg.text
    for query, field in (("size=A7", "size"), ("orientation=sideways", "orientation"), ("dpi=9000", "dpi")):
        bad = owner.get(f"{path}?format=pdf&{query}")
        assert bad.status_code == 422 and bad.json()["error"]["details"]["fields"][0]["field"] == field
    stranger = app_factory()
    assert stranger.get(f"{path}?format=pdf").status_code == 401
