"""Limits that keep one person or one client from overwhelming the app: failed sign-ins, messages per
second on a live connection, participants per map. Each answers with a clear error, not a crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from empathy_studio.settings import Settings
from empathy_studio.web.app import create_app
from tests.integration.conftest import PASSWORD, Api, make_map
from tests.integration.test_live import until


def test_too_many_failed_sign_ins_slow_down_guessing(owner: Api, app_factory: Any) -> None:
    guesser = app_factory()
    for _ in range(10):
        wrong = guesser.post(
            "/api/auth/login", json={"email": "olivia@example.org", "password": "guess-guess"}
        )
        assert wrong.status_code == 401
    blocked = guesser.post("/api/auth/login", json={"email": "olivia@example.org", "password": PASSWORD})
    assert blocked.status_code == 429
    assert blocked.json()["error"]["code"] == "rate_limited"
    assert 0 < int(blocked.headers["Retry-After"]) <= 15 * 60


@pytest.fixture
def strict_app(tmp_path: Path) -> Any:
    settings = Settings(
        env="test",
        data_dir=tmp_path,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'e.db'}",
        max_live_messages_per_second=1,
        max_participants_per_map=1,
    )
    with TestClient(create_app(settings)) as client:
        api = Api(client)
        api.signup("olivia@example.org", "Olivia Owner")
        yield api


def test_a_flooding_connection_gets_rate_limited_and_nothing_breaks(strict_app: Api) -> None:
    board = make_map(strict_app)
    with strict_app.live(board["id"]) as ws:
        until(ws, "snapshot")
        for _ in range(6):
            ws.send_json({"type": "ping"})
        replies = [ws.receive_json() for _ in range(6)]
        kinds = [r["type"] for r in replies if r["type"] in ("pong", "error")]
        assert kinds.count("pong") == 2  # a burst of twice the rate passes
        errors = [r for r in replies if r["type"] == "error"]
        assert errors and all(e["error"]["code"] == "rate_limited" for e in errors)


def test_a_full_map_refuses_one_more_participant_clearly(strict_app: Api) -> None:
    board = make_map(strict_app)
    with strict_app.live(board["id"]) as first:
        until(first, "snapshot")
        with strict_app.live(board["id"]) as second:
            closed = second.receive()
    assert closed["type"] == "websocket.close" and closed["code"] == 4429
