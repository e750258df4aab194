"""`empathy demo` fills the instance owner's workspace without a running server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from empathy_studio.settings import Settings
from empathy_studio.web.app import create_app
from tests.integration.conftest import Api
from tests.integration.test_cli import empathy


def test_demo_command_creates_the_sample_project(tmp_path: Path) -> None:
    settings = Settings(env="test", data_dir=tmp_path)
    with TestClient(create_app(settings)) as client:
        Api(client).signup("owner@example.org", "Owner")
    result = empathy("demo", "--language", "nl", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Created the sample project" in result.stdout
    with TestClient(create_app(settings)) as client:
        api = Api(client)
        api.ok(
            "POST",
            "/api/auth/login",
            json={"email": "owner@example.org", "password": "correct horse battery"},
        )
        projects: list[dict[str, Any]] = api.ok("GET", f"/api/workspaces/{api.workspace_id()}/projects")
        assert len(projects) == 1
        detail = api.ok("GET", f"/api/projects/{projects[0]['id']}")
        board = api.ok("GET", f"/api/maps/{detail['maps'][0]['id']}")
        assert board["language"] == "nl" and len(board["notes"]) >= 24
