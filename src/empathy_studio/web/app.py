"""The FastAPI application: API routes, health, security headers and the built front end."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from empathy_studio import __version__
from empathy_studio.composition import build_services, prepare_database
from empathy_studio.settings import Settings
from empathy_studio.web import live
from empathy_studio.web.errors import error_response, install_error_handlers
from empathy_studio.web.metrics import Metrics, install_metrics
from empathy_studio.web.routes import accounts, boards, commands, evidence, guests, projects, workspaces

STATIC_DIR = Path(__file__).parent / "static"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>Empathy Studio</title>
<p>The web interface has not been built. Run <code>./start.sh</code>, or
<code>npm --prefix frontend ci && npm --prefix frontend run build</code>.</p>"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = build_services(settings)
        await prepare_database(services)
        await services.start()
        services.hub.observer = lambda kind: metrics.events.labels(kind).inc()
        if services.early is not None:
            metrics.count_early_edits(services.early)
        if services.relay is not None:
            services.relay.on_command = live.answer_handed_over(services)
        app.state.services = services
        # What start-up loaded (libraries, models, tables) lives as long as the process. Freezing it keeps
        # the collector's full passes from walking it again: one such pass stalled live events ~200 ms.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            await services.close()

    app = FastAPI(
        title="Empathy Studio",
        version=__version__,
        description="Build customer empathy maps together. See docs/API.md for the overview.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    install_error_handlers(app)
    metrics = Metrics()
    app.state.metrics = metrics
    install_metrics(app, metrics)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.get("/healthz", tags=["health"])
    async def healthz(request: Request) -> JSONResponse:
        ready = await request.app.state.services.ready()
        if not ready:
            return error_response(503, "not_ready", "The database does not answer.")
        return JSONResponse({"status": "ok", "version": __version__})

    @app.get("/readyz", tags=["health"])
    async def readyz(request: Request) -> JSONResponse:
        """Ready for traffic: the database answers and, with several instances, the relay is up."""
        services = request.app.state.services
        if not await services.ready():
            return error_response(503, "not_ready", "The database does not answer.")
        if services.relay is not None and not services.relay.connected.is_set():
            return error_response(503, "not_ready", "The Redis relay is not connected.")
        return JSONResponse({"status": "ready", "version": __version__})

    for module in (accounts, workspaces, projects, boards, commands, guests, evidence, live):
        app.include_router(module.router)

    @app.api_route(
        "/api/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False
    )
    async def unknown_api(path: str) -> JSONResponse:
        return error_response(404, "not_found", f"There is no API route /api/{path}.")

    if (STATIC_DIR / "index.html").exists():
        app.mount("/", StaticFiles(directory=STATIC_DIR, html=True), name="frontend")
    else:

        @app.get("/", include_in_schema=False)
        async def not_built() -> HTMLResponse:
            return HTMLResponse(NOT_BUILT)

    return app
