"""Sign-up, sign-in, sessions, CSRF and API tokens."""

from __future__ import annotations

from typing import Any

from tests.integration.conftest import PASSWORD, Api, invite


def test_first_visit_asks_for_the_first_account_who_owns_the_instance(app_factory: Any) -> None:
    api: Api = app_factory()
    assert api.ok("GET", "/api/setup")["needs_first_account"] is True
    me = api.signup("Ada@Example.org", "Ada")
    assert me["is_instance_owner"] is True
    assert me["email"] == "ada@example.org"
    assert api.ok("GET", "/api/setup")["needs_first_account"] is False
    workspaces = api.ok("GET", "/api/workspaces")
    assert [w["role"] for w in workspaces] == ["owner"]


def test_later_signups_need_an_invite(owner: Api, app_factory: Any) -> None:
    stranger: Api = app_factory()
    response = stranger.post(
        "/api/auth/signup", json={"email": "x@example.org", "password": PASSWORD, "display_name": "X"}
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "signup_closed"

    token = invite(owner, "member")
    joined = stranger.signup("x@example.org", "X", invite_token=token)
    assert joined["is_instance_owner"] is False
    assert [(w["name"], w["role"]) for w in stranger.ok("GET", "/api/workspaces")] == [
        ("Olivia Owner's workspace", "member")
    ]


def test_session_cookie_is_httponly_and_samesite(app_factory: Any) -> None:
    api: Api = app_factory()
    response = api.post(
        "/api/auth/signup", json={"email": "a@example.org", "password": PASSWORD, "display_name": "A"}
    )
    cookies = response.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("es_session="))
    assert "HttpOnly" in session and "SameSite=lax" in session
    csrf = next(c for c in cookies if c.startswith("es_csrf="))
    assert "HttpOnly" not in csrf


def test_login_logout_and_wrong_password(owner: Api, app_factory: Any) -> None:
    other: Api = app_factory()
    wrong = other.post("/api/auth/login", json={"email": "olivia@example.org", "password": "nope nope nope"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "login_failed"
    unknown = other.post("/api/auth/login", json={"email": "nobody@example.org", "password": PASSWORD})
    assert unknown.json()["error"]["message"] == wrong.json()["error"]["message"]

    other.ok("POST", "/api/auth/login", json={"email": "OLIVIA@example.org", "password": PASSWORD})
    assert other.ok("GET", "/api/me")["display_name"] == "Olivia Owner"
    other.ok("POST", "/api/auth/logout", 204)
    assert other.get("/api/me").status_code == 401


def test_duplicate_email_is_refused_with_a_field_message(owner: Api, app_factory: Any) -> None:
    other: Api = app_factory()
    response = other.post(
        "/api/auth/signup",
        json={
            "email": "olivia@example.org",
            "password": PASSWORD,
            "display_name": "Again",
            "invite_token": invite(owner, "member"),
        },
    )
    assert response.status_code == 409
    assert response.json()["error"]["details"]["fields"][0]["field"] == "email"


def test_signup_validation_names_the_fields(app_factory: Any) -> None:
    api: Api = app_factory()
    response = api.post(
        "/api/auth/signup", json={"email": "not-an-email", "password": "short", "display_name": ""}
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert {f["field"] for f in error["details"]["fields"]} == {"email", "password", "display_name"}


def test_cookie_writes_need_the_csrf_header(owner: Api) -> None:
    response = owner.post("/api/workspaces", json={"name": "Sneaky"}, headers={"X-CSRF-Token": "wrong"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    assert [w["name"] for w in owner.ok("GET", "/api/workspaces")] == ["Olivia Owner's workspace"]


def test_api_tokens_authenticate_without_cookies_and_can_be_revoked(owner: Api, app_factory: Any) -> None:
    created = owner.ok("POST", "/api/me/tokens", 201, json={"name": "CLI"})
    assert created["token"].startswith("es_")
    assert [t["name"] for t in owner.ok("GET", "/api/me/tokens")] == ["CLI"]
    assert "token" not in owner.ok("GET", "/api/me/tokens")[0]

    robot: Api = app_factory()
    auth = {"Authorization": f"Bearer {created['token']}"}
    assert robot.ok("GET", "/api/me", headers=auth)["email"] == "olivia@example.org"
    robot.ok("POST", "/api/workspaces", 201, json={"name": "Via token"}, headers=auth)

    owner.ok("DELETE", f"/api/me/tokens/{created['id']}", 204)
    response = robot.get("/api/me", headers=auth)
    assert response.status_code == 401 and response.json()["error"]["code"] == "bad_token"


def test_interface_language_is_kept_per_user(owner: Api) -> None:
    assert owner.ok("PATCH", "/api/me", json={"locale": "nl"})["locale"] == "nl"
    assert owner.ok("GET", "/api/me")["locale"] == "nl"
    bad = owner.patch("/api/me", json={"locale": "fr"})
    assert bad.status_code == 422
    assert bad.json()["error"]["details"]["fields"][0]["field"] == "locale"


def test_the_first_workspace_is_named_in_the_chosen_language(app_factory: Any) -> None:
    api: Api = app_factory()
    api.signup("jonas@example.org", "Jonas Weber", locale="de")
    assert [w["name"] for w in api.ok("GET", "/api/workspaces")] == ["Arbeitsbereich von Jonas Weber"]
