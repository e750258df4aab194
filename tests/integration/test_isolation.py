"""A member of workspace A gets 404 for every resource of workspace B, reading and writing."""

from __future__ import annotations

from typing import Any

from tests.integration.conftest import Api, make_map


def test_member_of_another_workspace_gets_404_everywhere(owner: Api, app_factory: Any) -> None:
    board = make_map(owner)
    workspace = owner.workspace_id()
    project_id = board["project_id"]
    persona_id = board["persona_id"]
    note = owner.ok("POST", f"/api/maps/{board['id']}/notes", 201, json={"segment": "see", "text": "secret"})
    action = owner.ok("POST", f"/api/maps/{board['id']}/actions", 201, json={"title": "secret"})
    invite = owner.ok("POST", f"/api/workspaces/{workspace}/invites", 201, json={"role": "member"})
    owner_id = owner.ok("GET", "/api/me")["id"]

    # Someone who is owner of another workspace (the instance allows open sign-up here only via invite,
    # so the owner invites them into a separate workspace they then own alone).
    other_ws = owner.ok("POST", "/api/workspaces", 201, json={"name": "B"})
    other_invite = owner.ok("POST", f"/api/workspaces/{other_ws['id']}/invites", 201, json={"role": "owner"})
    stranger: Api = app_factory()
    stranger.signup("stranger@example.org", "Stranger", invite_token=other_invite["token"])
    owner.ok("DELETE", f"/api/workspaces/{other_ws['id']}/members/{owner_id}", 204)

    requests = [
        ("GET", f"/api/workspaces/{workspace}", None),
        ("PATCH", f"/api/workspaces/{workspace}", {"name": "x"}),
        ("DELETE", f"/api/workspaces/{workspace}", None),
        ("PATCH", f"/api/workspaces/{workspace}/members/{owner_id}", {"role": "viewer"}),
        ("DELETE", f"/api/workspaces/{workspace}/members/{owner_id}", None),
        ("GET", f"/api/workspaces/{workspace}/invites", None),
        ("POST", f"/api/workspaces/{workspace}/invites", {"role": "member"}),
        ("DELETE", f"/api/workspaces/{workspace}/invites/{invite['id']}", None),
        ("GET", f"/api/workspaces/{workspace}/projects", None),
        ("POST", f"/api/workspaces/{workspace}/projects", {"name": "x"}),
        (
            "POST",
            f"/api/workspaces/{workspace}/import",
            {"format": "empathy-studio/project", "version": 1, "project": {"name": "x"}},
        ),
        ("POST", f"/api/workspaces/{workspace}/demo", {"language": "en"}),
        ("GET", f"/api/projects/{project_id}", None),
        ("PATCH", f"/api/projects/{project_id}", {"name": "x"}),
        ("DELETE", f"/api/projects/{project_id}", None),
        ("GET", f"/api/projects/{project_id}/export", None),
        ("GET", f"/api/projects/{project_id}/personas", None),
        ("POST", f"/api/projects/{project_id}/personas", {"name": "x"}),
        ("GET", f"/api/personas/{persona_id}", None),
        ("PATCH", f"/api/personas/{persona_id}", {"name": "x"}),
        ("DELETE", f"/api/personas/{persona_id}", None),
        ("GET", f"/api/personas/{persona_id}/photo", None),
        ("DELETE", f"/api/personas/{persona_id}/photo", None),
        ("POST", f"/api/projects/{project_id}/maps", {"title": "x"}),
        ("GET", f"/api/maps/{board['id']}", None),
        ("PATCH", f"/api/maps/{board['id']}", {"title": "x"}),
        ("DELETE", f"/api/maps/{board['id']}", None),
        ("POST", f"/api/maps/{board['id']}/notes", {"segment": "see", "text": "x"}),
        ("POST", f"/api/maps/{board['id']}/undo", None),
        ("PATCH", f"/api/notes/{note['id']}", {"text": "x", "version": 1}),
        ("POST", f"/api/notes/{note['id']}/move", {"segment": "hear", "index": 0}),
        ("DELETE", f"/api/notes/{note['id']}", None),
        ("POST", f"/api/maps/{board['id']}/actions", {"title": "x"}),
        ("PATCH", f"/api/actions/{action['id']}", {"title": "x"}),
        ("DELETE", f"/api/actions/{action['id']}", None),
    ]
    for method, path, body in requests:
        response = stranger.request(method, path, json=body)
        assert response.status_code == 404, (method, path, response.status_code, response.text)
        assert response.json()["error"]["code"] == "not_found"
    upload = stranger.put(
        f"/api/personas/{persona_id}/photo", files={"file": ("a.png", b"\x89PNG\r\n\x1a\n")}
    )
    assert upload.status_code == 404

    # and nothing changed for the owner
    full = owner.ok("GET", f"/api/maps/{board['id']}")
    assert [n["text"] for n in full["notes"]] == ["secret"]
    assert [a["title"] for a in full["actions"]] == ["secret"]


def test_anonymous_requests_are_refused(app_factory: Any) -> None:
    api: Api = app_factory()
    for path in ("/api/me", "/api/workspaces", "/api/maps/1", "/api/projects/1"):
        response = api.get(path)
        assert response.status_code == 401, path
        assert response.json()["error"]["code"] == "not_authenticated"
