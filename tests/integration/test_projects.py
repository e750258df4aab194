"""Projects with goal and timeline, personas with the method's fields and a photo."""

from __future__ import annotations

from typing import Any

from tests.integration.conftest import Api

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_project_with_goal_deadline_and_milestones(owner: Api) -> None:
    workspace = owner.workspace_id()
    project = owner.ok(
        "POST",
        f"/api/workspaces/{workspace}/projects",
        201,
        json={
            "name": "Churn study",
            "goal": "Understand why families cancel",
            "description": "Q1 research",
            "deadline": "2027-03-31",
            "milestones": [
                {"title": "Workshop", "date": "2027-02-10"},
                {"title": "Interviews", "date": "2027-01-20"},
            ],
        },
    )
    assert [m["title"] for m in project["milestones"]] == ["Interviews", "Workshop"]
    changed = owner.ok(
        "PATCH", f"/api/projects/{project['id']}", json={"deadline": None, "goal": "Why they stay"}
    )
    assert (changed["deadline"], changed["goal"], changed["name"]) == (None, "Why they stay", "Churn study")
    assert [p["name"] for p in owner.ok("GET", f"/api/workspaces/{workspace}/projects")] == ["Churn study"]


def test_project_dates_and_names_are_validated(owner: Api) -> None:
    workspace = owner.workspace_id()
    for body, field in [
        ({"name": ""}, "name"),
        ({"name": "x", "deadline": "31-03-2027"}, "deadline"),
        ({"name": "x", "milestones": [{"title": "M", "date": "2027-13-01"}]}, "milestones.0.date"),
        ({"name": "x", "unknown": 1}, "unknown"),
    ]:
        response = owner.post(f"/api/workspaces/{workspace}/projects", json=body)
        assert response.status_code == 422, body
        assert response.json()["error"]["details"]["fields"][0]["field"] == field


def test_persona_has_the_methods_fields_and_a_photo(owner: Api) -> None:
    project = owner.ok("POST", f"/api/workspaces/{owner.workspace_id()}/projects", 201, json={"name": "P"})
    fields = {
        "name": "Sanne de Vries",
        "subject_type": "lost_customer",
        "age": "38",
        "place": "Utrecht",
        "household": "Two kids",
        "work": "Nurse",
        "hobbies": "Cycling",
        "education": "HBO",
        "context_of_use": "Orders on Sunday evening",
        "goals": "Less time on groceries",
        "pains": "Surprise substitutions",
        "influences": "School parents' WhatsApp",
        "how_we_help": "Reliable slots",
        "avatar_color": "#ff7a59",
    }
    persona = owner.ok("POST", f"/api/projects/{project['id']}/personas", 201, json=fields)
    assert {k: persona[k] for k in fields} == fields
    assert persona["has_photo"] is False

    uploaded = owner.ok(
        "PUT", f"/api/personas/{persona['id']}/photo", files={"file": ("me.png", PNG, "image/png")}
    )
    assert uploaded["has_photo"] is True
    photo = owner.get(uploaded["photo_url"])
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/png" and photo.content == PNG

    bad = owner.put(
        f"/api/personas/{persona['id']}/photo", files={"file": ("x.png", b"GIF89a....", "image/png")}
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "photo_unsupported"
    assert owner.ok("DELETE", f"/api/personas/{persona['id']}/photo")["has_photo"] is False


def test_persona_validation(owner: Api) -> None:
    project = owner.ok("POST", f"/api/workspaces/{owner.workspace_id()}/projects", 201, json={"name": "P"})
    for body, field in [
        ({"name": ""}, "name"),
        ({"name": "x", "subject_type": "alien"}, "subject_type"),
        ({"name": "x", "avatar_color": "red"}, "avatar_color"),
        ({"name": "x", "goals": "g" * 4001}, "goals"),
    ]:
        response = owner.post(f"/api/projects/{project['id']}/personas", json=body)
        assert response.status_code == 422, body
        assert response.json()["error"]["details"]["fields"][0]["field"] == field


def test_project_detail_lists_personas_and_maps(owner: Api) -> None:
    project = owner.ok("POST", f"/api/workspaces/{owner.workspace_id()}/projects", 201, json={"name": "P"})
    persona = owner.ok("POST", f"/api/projects/{project['id']}/personas", 201, json={"name": "Bo"})
    board = owner.ok(
        "POST",
        f"/api/projects/{project['id']}/maps",
        201,
        json={"title": "Team view", "persona_id": persona["id"], "perspective": "team"},
    )
    owner.ok("POST", f"/api/maps/{board['id']}/notes", 201, json={"segment": "see", "text": "n"})
    detail = owner.ok("GET", f"/api/projects/{project['id']}")
    assert [p["name"] for p in detail["personas"]] == ["Bo"]
    assert [(m["title"], m["note_count"]) for m in detail["maps"]] == [("Team view", 1)]
    assert detail["your_role"] == "owner"


def test_map_persona_must_belong_to_the_project(owner: Api) -> None:
    workspace = owner.workspace_id()
    p1 = owner.ok("POST", f"/api/workspaces/{workspace}/projects", 201, json={"name": "P1"})
    p2 = owner.ok("POST", f"/api/workspaces/{workspace}/projects", 201, json={"name": "P2"})
    foreign = owner.ok("POST", f"/api/projects/{p2['id']}/personas", 201, json={"name": "Other"})
    response = owner.post(f"/api/projects/{p1['id']}/maps", json={"title": "M", "persona_id": foreign["id"]})
    assert response.status_code == 422
    assert response.json()["error"]["details"]["fields"][0]["field"] == "persona_id"


def test_unknown_api_route_answers_json(app_factory: Any) -> None:
    api: Api = app_factory()
    response = api.get("/api/nothing/here")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    health = api.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert api.get("/openapi.json").json()["info"]["title"] == "Empathy Studio"


def test_out_of_range_ids_are_input_errors_not_crashes(owner: Api) -> None:
    board = owner.ok(
        "POST",
        f"/api/projects/{owner.ok('POST', f'/api/workspaces/{owner.workspace_id()}/projects', 201, json={'name': 'P'})['id']}/maps",
        201,
        json={"title": "M"},
    )
    huge = 10**20
    for method, path, body in [
        ("GET", f"/api/maps/{huge}", None),
        ("PATCH", f"/api/notes/{huge}", {"text": "x", "version": 1}),
        ("POST", f"/api/maps/{board['id']}/notes", {"segment": "see", "text": "x", "index": huge}),
        ("POST", f"/api/maps/{board['id']}/actions", {"title": "x", "owner_id": huge}),
    ]:
        response = owner.request(method, path, json=body)
        assert response.status_code == 422, (path, response.text)
