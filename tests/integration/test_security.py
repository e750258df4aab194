"""Security properties a reviewer checks: session fixation, CSRF, security headers, revoked links."""

from __future__ import annotations

from typing import Any

from tests.integration.conftest import PASSWORD, Api, invite, make_map


def test_signing_in_always_issues_a_new_session(owner: Api, app_factory: Any) -> None:
    """A session id planted before sign-in (session fixation) is never the one used after it."""
    browser = app_factory()
    browser.cookies = {"es_session": "planted-by-an-attacker", "es_csrf": "planted"}
    browser.ok("POST", "/api/auth/login", json={"email": "olivia@example.org", "password": PASSWORD})
    assert browser.cookies["es_session"] != "planted-by-an-attacker"
    assert browser.cookies["es_csrf"] != "planted"
    old = dict(owner.cookies)
    owner.ok("POST", "/api/auth/login", json={"email": "olivia@example.org", "password": PASSWORD})
    assert owner.cookies["es_session"] != old["es_session"]
    owner.ok("POST", "/api/auth/logout", 204)
    stale = app_factory()
    stale.cookies = old
    owner_after_logout = stale.get("/api/me")
    assert owner_after_logout.status_code == 200  # the other session still stands: logout is per session
    stale.ok("POST", "/api/auth/logout", 204)
    stale.cookies = old
    assert stale.get("/api/me").status_code == 401  # a logged-out session cannot be replayed


def test_cookie_writes_need_the_matching_csrf_token_but_tokens_do_not(owner: Api) -> None:
    board = make_map(owner)
    path = f"/api/maps/{board['id']}/notes"
    note = {"segment": "see", "text": "x"}
    for header in ({}, {"X-CSRF-Token": "guess"}, {"X-CSRF-Token": owner.cookies["es_csrf"] + "0"}):
        jar = {k: v for k, v in owner.cookies.items() if k == "es_session"}
        cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
        owner.client.cookies.clear()
        response = owner.client.post(path, json=note, headers={"Cookie": cookie, **header})
        assert response.status_code == 403 and response.json()["error"]["code"] == "csrf_failed", header
    token = owner.ok("POST", "/api/me/tokens", 201, json={"name": "script"})["token"]
    owner.client.cookies.clear()
    scripted = owner.client.post(path, json=note, headers={"Authorization": f"Bearer {token}"})
    assert scripted.status_code == 201


def test_every_answer_carries_the_security_headers(owner: Api) -> None:
    for path in ("/", "/api/me", "/api/nowhere", "/healthz"):
        headers = owner.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert (
            "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        )
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
    session = next(h for h in owner.post("/api/auth/login", json={"email": "olivia@example.org", "password": PASSWORD}).headers.get_list("set-cookie") if h.startswith("es_session="))  # fmt: skip
    assert "HttpOnly" in session and "SameSite=lax" in session.replace("Lax", "lax")


def test_revoked_or_expired_links_stop_working(owner: Api, app_factory: Any) -> None:
    workspace = owner.workspace_id()
    token = invite(owner, "member")
    invite_id = owner.ok("GET", f"/api/workspaces/{workspace}/invites")[-1]["id"]
    owner.ok("DELETE", f"/api/workspaces/{workspace}/invites/{invite_id}", 204)
    late = app_factory()
    refused = late.post(
        "/api/auth/signup",
        json={
            "email": "late@example.org",
            "password": PASSWORD,
            "display_name": "Late",
            "invite_token": token,
        },
    )
    assert refused.status_code in (403, 404, 422) and refused.json()["error"]["code"] != "internal_error"
    board = make_map(owner)
    link = owner.ok("POST", f"/api/maps/{board['id']}/guest-links", 201, json={"expires_in_hours": 1})
    owner.ok("DELETE", f"/api/maps/{board['id']}/guest-links/{link['id']}", 204)
    assert app_factory().post(f"/api/join/{link['token']}", json={"display_name": "Carla"}).status_code == 404
