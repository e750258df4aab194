"""What operators rely on: health and readiness, Prometheus metrics, JSON log lines."""

from __future__ import annotations

import json
import logging
from typing import Any

from empathy_studio.web.log_setup import JsonFormatter
from tests.integration.conftest import Api, make_map
from tests.integration.test_live import until


def test_health_and_readiness(owner: Api) -> None:
    assert owner.ok("GET", "/healthz")["status"] == "ok"
    assert owner.ok("GET", "/readyz")["status"] == "ready"


def test_metrics_count_requests_by_route_live_connections_and_events(owner: Api) -> None:
    board = make_map(owner)
    owner.ok("GET", f"/api/maps/{board['id']}")
    owner.get("/api/maps/999999")
    with owner.live(board["id"]) as ws:
        until(ws, "snapshot")
        page = owner.get("/metrics").text
        assert "empathy_live_connections 1.0" in page
        owner.ok("POST", f"/api/maps/{board['id']}/notes", 201, json={"segment": "see", "text": "x"})
        until(ws, "event")
    page = owner.get("/metrics").text
    assert 'empathy_http_requests_total{method="GET",route="/api/maps/{map_id}",status="200"} 1.0' in page
    assert 'route="/api/maps/{map_id}",status="404"' in page
    labels = [line.rsplit(" ", 1)[0] for line in page.splitlines() if not line.startswith("#")]
    assert not any("999999" in series for series in labels)  # ids never become labels (values may hold it)
    assert 'empathy_board_events_total{kind="note.created"} 1.0' in page
    assert "empathy_live_connections 0.0" in page


def test_json_log_lines_carry_the_request(capsys: Any) -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/api/me", "1.1", 200), None,
    )  # fmt: skip
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "info" and line["logger"] == "uvicorn.access"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/api/me", 200)
