"""JSON export and import of a whole project, and the sample project."""

from __future__ import annotations

from typing import Any

from tests.integration.conftest import Api, make_map
from tests.integration.test_projects import PNG


def _without_time(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "exported_at"}


def _full_project(api: Api) -> dict[str, Any]:
    board = make_map(api)
    api.ok("PUT", f"/api/personas/{board['persona_id']}/photo", files={"file": ("p.png", PNG, "image/png")})
    api.ok(
        "PATCH",
        f"/api/projects/{board['project_id']}",
        json={
            "goal": "Stop churn",
            "deadline": "2027-05-01",
            "milestones": [{"title": "W", "date": "2027-04-01"}],
        },
    )
    notes = [
        api.ok(
            "POST",
            f"/api/maps/{board['id']}/notes",
            201,
            json={
                "segment": seg,
                "text": f"{seg} – ümlaut ✓ 🚲",
                "color": "green",
                "basis": "evidence",
                "source": "Survey",
            },
        )
        for seg in ("see", "hear", "pain", "gain")
    ]
    me = api.ok("GET", "/api/me")
    api.ok(
        "POST",
        f"/api/maps/{board['id']}/actions",
        201,
        json={
            "title": "Fix slots",
            "owner_id": me["id"],
            "due_date": "2027-06-01",
            "status": "doing",
            "note_ids": [notes[2]["id"], notes[3]["id"]],
        },
    )
    return board


def test_export_then_import_loses_nothing(owner: Api) -> None:
    board = _full_project(owner)
    exported = owner.ok("GET", f"/api/projects/{board['project_id']}/export")
    assert exported["format"] == "empathy-studio/project" and exported["version"] == 2
    imported = owner.ok("POST", f"/api/workspaces/{owner.workspace_id()}/import", 201, json=exported)
    assert imported["id"] != board["project_id"]
    again = owner.ok("GET", f"/api/projects/{imported['id']}/export")
    assert _without_time(again) == _without_time(exported)
    assert again["personas"][0]["photo"]["type"] == "image/png"
    assert again["maps"][0]["actions"][0]["owner_email"] == "olivia@example.org"


def test_a_workshop_survives_the_round_trip(owner: Api) -> None:
    """Themes, the final map, hidden and merged notes and session records come back; a brainstorm note
    nobody has seen yet stays with its author and is not exported."""
    board = _full_project(owner)
    mid = board["id"]
    notes = owner.ok("GET", f"/api/maps/{mid}")["notes"]
    pain = next(n for n in notes if n["segment"] == "pain")

    def run(op: str, **args: Any) -> Any:
        return owner.ok("POST", f"/api/maps/{mid}/commands", json={"op": op, "args": args})

    duplicate = run("note.create", segment="pain", text="Slots full again", source="Ticket 7")
    run("session.start")
    for phase in ("brainstorm", "reveal", "group"):
        run("session.phase", phase=phase)
    run("note.merge", note_id=pain["id"], others=[duplicate["id"]])
    theme = run("theme.create", name="Delivery", note_ids=[pain["id"]])
    run("theme.update", theme_id=theme["id"], name="Delivery slots")
    run("note.hide", note_id=next(n for n in notes if n["segment"] == "see")["id"], hidden=True)
    for phase in ("vote", "converge"):
        run("session.phase", phase=phase)
    run("theme.select", theme_id=theme["id"], final=True)
    run("session.end")
    run("session.start")
    run("session.phase", phase="brainstorm")
    run("note.create", segment="gain", text="Unrevealed idea")

    exported = owner.ok("GET", f"/api/projects/{board['project_id']}/export")
    doc = exported["maps"][0]
    assert "Unrevealed idea" not in str(doc)
    assert doc["themes"] == [{"ref": "theme-1", "segment": "pain", "name": "Delivery slots", "final": True}]
    merged = next(n for n in doc["notes"] if n["theme_ref"] == "theme-1")
    assert merged["merged"] == [
        {"text": "Slots full again", "source": "Ticket 7", "author_name": "Olivia Owner"}
    ]
    assert [n["hidden"] for n in doc["notes"]].count(True) == 1
    assert doc["sessions"][0]["summary"]["top_themes"][0]["name"] == "Delivery slots"

    imported = owner.ok("POST", f"/api/workspaces/{owner.workspace_id()}/import", 201, json=exported)
    again = owner.ok("GET", f"/api/projects/{imported['id']}/export")
    assert _without_time(again) == _without_time(exported)
    new_map = owner.ok("GET", f"/api/projects/{imported['id']}")["maps"][0]
    detail = owner.ok("GET", f"/api/maps/{new_map['id']}")
    assert detail["records"][0]["summary"] == doc["sessions"][0]["summary"]
    assert detail["session"] is None


def test_export_is_offered_as_a_file_download(owner: Api) -> None:
    board = make_map(owner)
    response = owner.get(f"/api/projects/{board['project_id']}/export")
    assert response.headers["content-disposition"] == 'attachment; filename="grocery-app.empathy.json"'


def test_import_of_a_newer_version_is_refused(owner: Api) -> None:
    board = make_map(owner)
    exported = owner.ok("GET", f"/api/projects/{board['project_id']}/export")
    exported["version"] = 99
    response = owner.post(f"/api/workspaces/{owner.workspace_id()}/import", json=exported)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "import_version_unsupported"
    assert "newer Empathy Studio" in error["message"]


def test_a_bad_import_writes_nothing(owner: Api) -> None:
    board = _full_project(owner)
    workspace = owner.workspace_id()
    before = owner.ok("GET", f"/api/workspaces/{workspace}/projects")
    exported = owner.ok("GET", f"/api/projects/{board['project_id']}/export")
    broken_cases = [
        {
            **exported,
            "maps": [
                {
                    **exported["maps"][0],
                    "notes": [*exported["maps"][0]["notes"], {"ref": "z", "segment": "smell", "text": "x"}],
                }
            ],
        },
        {**exported, "maps": [{**exported["maps"][0], "persona_ref": "nobody"}]},
        {
            **exported,
            "personas": [{**exported["personas"][0], "photo": {"type": "image/png", "base64": "%%%"}}],
        },
        {**exported, "project": {"name": ""}},
        {"format": "something-else", "version": 1},
        [1, 2, 3],
    ]
    for broken in broken_cases:
        response = owner.post(f"/api/workspaces/{workspace}/import", json=broken)
        assert response.status_code == 422, broken
        assert response.json()["error"]["message"]
    not_json = owner.post(
        f"/api/workspaces/{workspace}/import", content=b"{oops", headers={"Content-Type": "application/json"}
    )
    assert not_json.status_code == 422 and not_json.json()["error"]["code"] == "invalid_json"
    assert owner.ok("GET", f"/api/workspaces/{workspace}/projects") == before


def test_demo_creates_a_full_sample_project_in_the_chosen_language(owner: Api) -> None:
    workspace = owner.workspace_id()
    project = owner.ok("POST", f"/api/workspaces/{workspace}/demo", 201, json={"language": "de"})
    detail = owner.ok("GET", f"/api/projects/{project['id']}")
    assert len(detail["personas"]) == 1 and len(detail["maps"]) == 1
    board = owner.ok("GET", f"/api/maps/{detail['maps'][0]['id']}")
    assert board["language"] == "de"
    assert {n["segment"] for n in board["notes"]} == {"see", "hear", "think_feel", "say_do", "pain", "gain"}
    assert board["actions"] and all(a["owner_name"] == "Olivia Owner" for a in board["actions"])
    assert any(a["note_ids"] for a in board["actions"])
    english = owner.ok("POST", f"/api/workspaces/{workspace}/demo", 201, json={"language": "en"})
    assert english["name"] != project["name"]
