"""A full disk or a read-only database: a clear error, nothing half-written, and the data still sound."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event

from empathy_studio.settings import Settings
from empathy_studio.web.app import create_app
from tests.integration.conftest import Api, make_map
from tests.integration.test_live import command, reply, until


def test_a_full_disk_gives_a_clear_error_and_no_corruption(tmp_path: Path) -> None:
    database = tmp_path / "full.db"
    settings = Settings(env="test", data_dir=tmp_path, database_url=f"sqlite+aiosqlite:///{database}")
    with TestClient(create_app(settings)) as client:
        api = Api(client)
        api.signup("olivia@example.org", "Olivia Owner")
        board = make_map(api)
        kept = api.ok("POST", f"/api/maps/{board['id']}/notes", 201, json={"segment": "see", "text": "Kept"})
        engine = client.app.state.services.engine  # type: ignore[attr-defined]

        def no_room_left(dbapi_connection: Any, _record: Any) -> None:
            # SQLite's own "database or disk is full": the limit cannot go below the current size, so
            # asking for one page pins the file at the size it has now.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA max_page_count=1")
            cursor.close()

        event.listen(engine.sync_engine, "connect", no_room_left)
        client.portal.call(engine.dispose)  # type: ignore[union-attr]
        big = "x" * 400
        statuses = set()
        for i in range(40):  # fill what room the last pages have, until the database refuses
            response = api.post(
                f"/api/maps/{board['id']}/notes", json={"segment": "pain", "text": f"{i} {big}"}
            )
            statuses.add(response.status_code)
            if response.status_code == 503:
                assert response.json()["error"]["code"] == "storage_unavailable"
                break
        assert 503 in statuses and 500 not in statuses
        with api.live(board["id"]) as ws:
            until(ws, "snapshot")
            answer = reply(ws, command(ws, "note.create", segment="gain", text=big * 1), [])
            assert answer["type"] in ("ack", "error")
            if answer["type"] == "error":
                assert answer["error"]["code"] == "storage_unavailable"
        notes = api.ok("GET", f"/api/maps/{board['id']}")["notes"]
        assert kept["id"] in [n["id"] for n in notes]
    check = sqlite3.connect(database)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    positions = check.execute("SELECT segment, position FROM notes ORDER BY segment, position").fetchall()
    for segment in {s for s, _ in positions}:
        assert [p for s, p in positions if s == segment] == list(
            range(sum(1 for s, _ in positions if s == segment))
        )
    check.close()


def test_a_read_only_database_refuses_changes_clearly(tmp_path: Path) -> None:
    database = tmp_path / "ro.db"
    writable = Settings(env="test", data_dir=tmp_path, database_url=f"sqlite+aiosqlite:///{database}")
    with TestClient(create_app(writable)) as client:
        api = Api(client)
        api.signup("olivia@example.org", "Olivia Owner")
        board = make_map(api)
        cookies = dict(api.cookies)
    read_only = Settings(
        env="test", data_dir=tmp_path, database_url=f"sqlite+aiosqlite:///file:{database}?mode=ro&uri=true"
    )
    app = create_app(read_only)
    client = TestClient(app)
    try:
        client.__enter__()
    except Exception as error:  # migrations need no write when up to date; if they do, say so clearly
        raise AssertionError(f"a read-only, up-to-date database should still start: {error}") from error
    try:
        api = Api(client)
        api.cookies = cookies
        assert api.ok("GET", f"/api/maps/{board['id']}")["title"] == "Busy parents"  # reading still works
        refused = api.post(f"/api/maps/{board['id']}/notes", json={"segment": "see", "text": "x"})
        assert refused.status_code == 503
        assert "read-only" in refused.json()["error"]["message"]
    finally:
        client.__exit__(None, None, None)
