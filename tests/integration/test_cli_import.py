"""`empathy import FILE --project ID` loads feedback into a project with no server running."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from empathy_studio.settings import Settings
from empathy_studio.web.app import create_app
from tests.integration.conftest import PASSWORD, Api

FEEDBACK = (
    "comment,channel\n"
    "The parcel came two days late and the box was crushed.,Ticket\n"
    "My neighbour told me their app is much easier.,Survey\n"
    "Mail me at jan@example.org about the refund.,Ticket\n"
)


def empathy_import(
    *args: str, data_dir: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "EMPATHY_DATA_DIR": str(data_dir), "NO_COLOR": "1", "EMPATHY_MODEL": ""}
    environment.pop("EMPATHY_DATABASE_URL", None)
    environment |= env or {}
    return subprocess.run(
        [sys.executable, "-m", "empathy_studio", "import", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )


def project_of_owner(data_dir: Path) -> int:
    with TestClient(create_app(Settings(env="test", data_dir=data_dir, model=""))) as client:
        api = Api(client)
        api.signup("owner@example.org", "Owner")
        project = api.ok(
            "POST", f"/api/workspaces/{api.workspace_id()}/projects", 201, json={"name": "Parcels"}
        )
        return int(project["id"])


def statements_of(data_dir: Path, project: int) -> list[dict[str, Any]]:
    with TestClient(create_app(Settings(env="test", data_dir=data_dir, model=""))) as client:
        api = Api(client)
        api.ok("POST", "/api/auth/login", json={"email": "owner@example.org", "password": PASSWORD})
        page = api.ok("GET", f"/api/projects/{project}/statements", params={"limit": 100})
        return list(page["statements"])


def test_import_without_a_model_loads_everything_unsorted_and_masked(tmp_path: Path) -> None:
    project = project_of_owner(tmp_path)
    file = tmp_path / "feedback.csv"
    file.write_text(FEEDBACK, encoding="utf-8")
    result = empathy_import(
        str(file), "--project", str(project), "--text-column", "comment", "--source-column", "channel",
        data_dir=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Imported 3 items as 3 statements" in result.stdout
    assert "Automatic sorting is off" in result.stderr  # says how to turn it on
    statements = statements_of(tmp_path, project)
    assert {s["segment"] for s in statements} == {"unsorted"}
    assert any("[e-mail]" in s["text"] for s in statements)
    assert not any("jan@example.org" in s["text"] for s in statements)
    assert {s["source"] for s in statements} == {"Ticket", "Survey"}
    again = empathy_import(str(file), "--project", str(project), "--text-column", "comment",
                           "--source-column", "channel", data_dir=tmp_path)  # fmt: skip
    assert "3 duplicates skipped" in again.stdout
    assert len(statements_of(tmp_path, project)) == 3


def test_bad_arguments_and_files_get_a_message_and_write_nothing(tmp_path: Path) -> None:
    project = project_of_owner(tmp_path)
    missing = empathy_import(str(tmp_path / "nothing.csv"), "--project", str(project), data_dir=tmp_path)
    assert missing.returncode == 1 and "there is no file" in missing.stderr
    file = tmp_path / "feedback.csv"
    file.write_text(FEEDBACK, encoding="utf-8")
    wrong_column = empathy_import(str(file), "--project", str(project), data_dir=tmp_path)  # default "text"
    assert wrong_column.returncode == 1 and "no column 'text'" in wrong_column.stderr
    no_project = empathy_import(str(file), "--project", "999", "--text-column", "comment", data_dir=tmp_path)
    assert no_project.returncode == 1 and "Traceback" not in no_project.stderr
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"comment\n\x00\x01\x02\xff\xfe binary")
    assert empathy_import(str(broken), "--project", str(project), data_dir=tmp_path).returncode == 1
    assert statements_of(tmp_path, project) == []


@pytest.mark.model
def test_import_with_the_model_sorts_the_statements(
    tmp_path: Path, test_model_folder: Path, model_cache_dir: Path
) -> None:
    project = project_of_owner(tmp_path)
    file = tmp_path / "feedback.csv"
    file.write_text(FEEDBACK, encoding="utf-8")
    env = {"EMPATHY_MODEL": str(test_model_folder), "EMPATHY_MODEL_CACHE_DIR": str(model_cache_dir)}
    result = empathy_import(str(file), "--project", str(project), "--text-column", "comment",
                            data_dir=tmp_path, env=env)  # fmt: skip
    assert result.returncode == 0, result.stderr
    segments = {s["text"]: s["segment"] for s in statements_of(tmp_path, project)}
    assert segments["The parcel came two days late and the box was crushed."] == "pain"
    assert segments["My neighbour told me their app is much easier."] == "hear"
