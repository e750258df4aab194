"""Prometheus metrics at /metrics: requests, live connections, board events, imports. Each instance
counts its own; a Prometheus server scrapes every instance and adds them up."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Protocol

from fastapi import FastAPI, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector


class EarlyEdits(Protocol):
    predicted: int
    withdrawn: int


class Metrics:
    def __init__(self) -> None:
        # One registry per app, so tests that build several apps do not collide.
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "empathy_http_requests",
            "HTTP requests answered.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "empathy_http_request_seconds",
            "Time to answer an HTTP request.",
            ["method", "route"],
            registry=self.registry,
        )
        self.connections = Gauge(
            "empathy_live_connections", "Open live (WebSocket) connections.", registry=self.registry
        )
        self.events = Counter(
            "empathy_board_events",
            "Board events published to live clients.",
            ["kind"],
            registry=self.registry,
        )
        self.imports = Counter(
            "empathy_imports",
            "Import jobs by what was imported and how they ended.",
            ["what", "outcome"],
            registry=self.registry,
        )

    def count_early_edits(self, early: EarlyEdits) -> None:
        """Note edits shown before they were stored (services/early_broadcast.py), read at each scrape."""
        self.registry.register(_EarlyEditsCollector(early))

    def render(self) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


class _EarlyEditsCollector(Collector):
    def __init__(self, early: EarlyEdits):
        self.early = early

    def collect(self) -> Iterator[CounterMetricFamily]:
        family = CounterMetricFamily(
            "empathy_live_early_edits",
            "Live note edits shown before they were stored: all of them, and those withdrawn (room reloaded).",
            labels=["outcome"],
        )
        family.add_metric(["shown"], self.early.predicted)
        family.add_metric(["withdrawn"], self.early.withdrawn)
        yield family


def install_metrics(app: FastAPI, metrics: Metrics) -> None:
    @app.middleware("http")
    async def measure(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        # The route's template (/api/maps/{map_id}), never the raw path: ids would explode the series.
        name = getattr(route, "path", "unmatched")
        metrics.requests.labels(request.method, name, str(response.status_code)).inc()
        metrics.latency.labels(request.method, name).observe(time.perf_counter() - started)
        if request.method == "POST" and "/import" in name and not name.endswith("/preview"):
            metrics.imports.labels(name, "imported" if response.status_code < 400 else "refused").inc()
        return response

    @app.get("/metrics", include_in_schema=False)
    async def metrics_page() -> Response:
        return metrics.render()
