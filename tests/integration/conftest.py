"""An API client on the real app and a real database, plus helpers to make people and content."""

from __future__ import annotations

import time
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from empathy_studio.settings import Settings
from empathy_studio.web.app import create_app

PASSWORD = "correct horse battery"


class Api:
    """One browser: its own cookie jar, and the CSRF cookie echoed in the header on writes.

    All browsers share one TestClient (one event loop, one app lifespan), so the client's own jar is
    emptied before each request and this browser's cookies are sent instead."""

    def __init__(self, client: TestClient):
        self.client = client
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", {}) or {})
        csrf = self.cookies.get("es_csrf")
        if csrf and method not in ("GET", "HEAD"):
            headers.setdefault("X-CSRF-Token", csrf)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.client.cookies.clear()
        response = self.client.request(method, path, headers=headers, **kwargs)
        for header in response.headers.get_list("set-cookie"):
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value or morsel.value == '""':
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def live(self, map_id: int, since: int | None = None, origin: str | None = None) -> Any:
        """Open the map's live connection with this browser's cookies."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if origin:
            headers["Origin"] = origin
        query = f"?since={since}" if since is not None else ""
        self.client.cookies.clear()
        return self.client.websocket_connect(f"/api/maps/{map_id}/live{query}", headers=headers)

    def get(self, path: str, **kw: Any) -> Any:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> Any:
        return self.request("POST", path, **kw)

    def patch(self, path: str, **kw: Any) -> Any:
        return self.request("PATCH", path, **kw)

    def put(self, path: str, **kw: Any) -> Any:
        return self.request("PUT", path, **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self.request("DELETE", path, **kw)

    def ok(self, method: str, path: str, status: int = 200, **kw: Any) -> Any:
        response = self.request(method, path, **kw)
        assert response.status_code == status, (response.status_code, response.text)
        return response.json() if response.content else None

    def signup(
        self, email: str, name: str, invite_token: str | None = None, locale: str = "en"
    ) -> dict[str, Any]:
        body = {"email": email, "password": PASSWORD, "display_name": name, "locale": locale}
        if invite_token:
            body["invite_token"] = invite_token
        return self.ok("POST", "/api/auth/signup", 201, json=body)  # type: ignore[no-any-return]

    def workspace_id(self) -> int:
        return int(self.ok("GET", "/api/workspaces")[0]["id"])


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    # No sorting model unless a test asks for one (tests/evidence): the default would reach for the hub.
    return Settings(env="test", data_dir=tmp_path, database_url=database_url, model="")


@pytest.fixture
def app_factory(settings: Settings) -> Iterator[Any]:
    """Opens browsers on one running app; each has its own cookies."""
    with TestClient(create_app(settings)) as client:
        yield lambda: Api(client)


@pytest.fixture
def owner(app_factory: Any) -> Api:
    api: Api = app_factory()
    api.signup("olivia@example.org", "Olivia Owner")
    return api


def invite(owner: Api, role: str) -> str:
    created = owner.ok("POST", f"/api/workspaces/{owner.workspace_id()}/invites", 201, json={"role": role})
    return str(created["token"])


@pytest.fixture
def member_factory(app_factory: Any, owner: Api) -> Any:
    """Makes a second person in the owner's workspace with the given role."""

    def make(role: str, email: str | None = None) -> Api:
        api: Api = app_factory()
        api.signup(email or f"{role}@example.org", role.title(), invite_token=invite(owner, role))
        return api

    return make


def wait_for_import(api: Api, import_id: int, seconds: float = 120) -> dict[str, Any]:
    """Poll a feedback import until it has finished, as the web page does."""
    deadline = time.monotonic() + seconds
    while True:
        state: dict[str, Any] = api.ok("GET", f"/api/feedback-imports/{import_id}")
        if state["status"] != "running" or time.monotonic() > deadline:
            return state
        time.sleep(0.05)


def make_map(api: Api, template: str = "six_segment") -> dict[str, Any]:
    workspace = api.workspace_id()
    project = api.ok("POST", f"/api/workspaces/{workspace}/projects", 201, json={"name": "Grocery app"})
    persona = api.ok(
        "POST", f"/api/projects/{project['id']}/personas", 201, json={"name": "Sanne", "age": "34"}
    )
    board: dict[str, Any] = api.ok(
        "POST",
        f"/api/projects/{project['id']}/maps",
        201,
        json={
            "title": "Busy parents",
            "persona_id": persona["id"],
            "goal": "Why do they churn?",
            "template": template,
        },
    )
    return board
