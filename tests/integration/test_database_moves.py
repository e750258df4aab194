"""Moving a whole instance: SQLite to PostgreSQL with `empathy db copy`, and `empathy backup` / `restore`
on both databases. Nothing may be lost, and a bad or partial backup must restore nothing."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from empathy_studio.settings import Settings
from empathy_studio.web.app import create_app
from tests.integration.conftest import PASSWORD, Api


def empathy(*args: str, database_url: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EMPATHY_DATABASE_URL": database_url, "EMPATHY_DATA_DIR": str(data_dir)}
    env |= {"NO_COLOR": "1", "COLUMNS": "160"}
    return subprocess.run(
        [sys.executable, "-m", "empathy_studio", *args], capture_output=True, text=True, env=env, timeout=180
    )


def app_on(database_url: str, data_dir: Path) -> Any:
    return TestClient(create_app(Settings(env="test", data_dir=data_dir, database_url=database_url)))


def signed_in(client: TestClient, first: bool) -> Api:
    api = Api(client)
    if first:
        api.signup("olivia@example.org", "Olivia Owner")
    else:
        api.ok("POST", "/api/auth/login", json={"email": "olivia@example.org", "password": PASSWORD})
    return api


def everything(api: Api) -> list[dict[str, Any]]:
    """Every project as its JSON export (which round-trips losslessly), without the export time."""
    projects = [
        p
        for w in api.ok("GET", "/api/workspaces")
        for p in api.ok("GET", f"/api/workspaces/{w['id']}/projects")
    ]
    exports = [api.ok("GET", f"/api/projects/{p['id']}/export") for p in projects]
    return [{k: v for k, v in e.items() if k != "exported_at"} for e in exports]


@pytest.fixture
def filled_sqlite(tmp_path: Path) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'source.db'}"
    with app_on(url, tmp_path) as client:
        api = signed_in(client, first=True)
        workspace = api.workspace_id()
        api.ok("POST", f"/api/workspaces/{workspace}/demo", 201, json={"language": "de"})
        api.ok("POST", f"/api/workspaces/{workspace}/demo", 201, json={"language": "nl"})
        yield url, everything(api)


def test_copy_from_sqlite_to_postgresql_loses_nothing(
    filled_sqlite: tuple[str, list[dict[str, Any]]], postgres_database: str, tmp_path: Path
) -> None:
    source, before = filled_sqlite
    result = empathy(
        "db", "copy", "--from", source, "--to", postgres_database, database_url=source, data_dir=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "row counts match" in result.stdout
    with app_on(postgres_database, tmp_path) as client:
        api = signed_in(client, first=False)  # the same password works: accounts came along
        assert everything(api) == before
        project_id = api.ok("GET", f"/api/workspaces/{api.workspace_id()}/projects")[0]["id"]
        map_id = api.ok("GET", f"/api/projects/{project_id}")["maps"][0]["id"]
        api.ok(
            "POST",
            f"/api/maps/{map_id}/notes",
            201,
            json={"segment": "see", "text": "Written after the move"},
        )
    again = empathy(
        "db", "copy", "--from", source, "--to", postgres_database, database_url=source, data_dir=tmp_path
    )
    assert again.returncode == 1 and "not empty" in again.stderr and "Traceback" not in again.stderr


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_backup_and_restore_round_trip(
    kind: str, filled_sqlite: tuple[str, list[dict[str, Any]]], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    source, before = filled_sqlite
    archive = tmp_path / "instance.backup.gz"
    made = empathy("backup", str(archive), database_url=source, data_dir=tmp_path)
    assert made.returncode == 0, made.stderr
    target = (
        f"sqlite+aiosqlite:///{tmp_path / 'restored.db'}"
        if kind == "sqlite"
        else request.getfixturevalue("postgres_database")
    )
    restored = empathy("restore", str(archive), database_url=target, data_dir=tmp_path)
    assert restored.returncode == 0, restored.stderr
    with app_on(target, tmp_path) as client:
        assert everything(signed_in(client, first=False)) == before


def test_a_damaged_or_partial_backup_restores_nothing(
    filled_sqlite: tuple[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    source, _before = filled_sqlite
    archive = tmp_path / "full.gz"
    assert empathy("backup", str(archive), database_url=source, data_dir=tmp_path).returncode == 0
    lines = gzip.decompress(archive.read_bytes()).decode().splitlines()
    partial = tmp_path / "partial.gz"
    partial.write_bytes(gzip.compress("\n".join(lines[: len(lines) // 2]).encode()))
    target = f"sqlite+aiosqlite:///{tmp_path / 'target.db'}"
    result = empathy("restore", str(partial), database_url=target, data_dir=tmp_path)
    assert result.returncode == 1 and "incomplete" in result.stderr and "Traceback" not in result.stderr
    with app_on(target, tmp_path) as client:
        assert client.get("/api/setup").json()["needs_first_account"] is True  # nothing was written

    not_a_backup = tmp_path / "notes.gz"
    not_a_backup.write_bytes(gzip.compress(b"hello\n"))
    result = empathy("restore", str(not_a_backup), database_url=target, data_dir=tmp_path)
    assert result.returncode == 1 and "damaged" in result.stderr
    missing = empathy("restore", str(tmp_path / "nope.gz"), database_url=target, data_dir=tmp_path)
    assert missing.returncode == 1 and "no backup file" in missing.stderr
    into_full = empathy("restore", str(archive), database_url=source, data_dir=tmp_path)
    assert into_full.returncode == 1 and "not empty" in into_full.stderr
