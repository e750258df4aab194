"""The `empathy` command: run the server, manage the database, load the sample project."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from empathy_studio.cli import database
from empathy_studio.cli.common import owner_and_workspace, run
from empathy_studio.cli.feedback_import import import_feedback
from empathy_studio.cli.model import model_app
from empathy_studio.cli.sort import sort
from empathy_studio.composition import build_services, prepare_database
from empathy_studio.domain.values import Language
from empathy_studio.export.formats import MapFormat, PosterOptions, render_map
from empathy_studio.export.poster.page import Orientation, PaperSize
from empathy_studio.persistence.migrate import current_revision, head_revision
from empathy_studio.services.inputs import DemoIn
from empathy_studio.settings import Settings

app = typer.Typer(help="Empathy Studio: build customer empathy maps together.", no_args_is_help=True)
db_app = typer.Typer(help="Database commands.", no_args_is_help=True)
app.add_typer(db_app, name="db")
db_app.command("copy")(database.db_copy)
app.command()(database.backup)
app.command()(database.restore)
app.command()(sort)
app.command("import")(import_feedback)
app.add_typer(model_app, name="model")
out = Console()
err = Console(stderr=True)


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to bind (default EMPATHY_HOST or 127.0.0.1).")
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port (default EMPATHY_PORT or 8000).", min=1, max=65535)
    ] = None,
) -> None:
    """Start the web server (runs pending database migrations first)."""
    import uvicorn

    from empathy_studio.web.app import create_app
    from empathy_studio.web.log_setup import log_config

    settings = Settings()
    host = host or settings.host
    port = port or settings.port
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host  # noqa: S104
    out.print(f"Empathy Studio is starting at [bold]http://{shown}:{port}[/bold]  (Ctrl+C stops it)")
    out.print(f"Database: {_safe_url(settings.database_url)}")
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_config=log_config(settings.log_format),
        proxy_headers=True,
        ws_per_message_deflate=settings.live_compression,
    )


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema up to date."""

    async def upgrade() -> str | None:
        services = build_services(Settings())
        try:
            await prepare_database(services)
            return await current_revision(services.engine)
        finally:
            await services.close()

    revision = run(upgrade())
    out.print(f"Database is at revision {revision} (newest: {head_revision()}).")


@db_app.command("revision")
def db_revision(
    message: Annotated[str, typer.Option("--message", "-m", help="What the schema change is.")],
) -> None:
    """(Developers) Write a new migration from the difference between the models and the newest one."""
    import tempfile
    from pathlib import Path

    from empathy_studio.persistence.engine import create_engine
    from empathy_studio.persistence.migrate import new_revision, upgrade_to_head
    from empathy_studio.persistence.tables import Base

    async def generate() -> None:
        with tempfile.TemporaryDirectory() as scratch:
            engine = create_engine(f"sqlite+aiosqlite:///{Path(scratch) / 'scratch.db'}")
            try:
                await upgrade_to_head(engine)
                await new_revision(engine, Base.metadata, message)
            finally:
                await engine.dispose()

    run(generate())


@app.command()
def demo(
    language: Annotated[Language, typer.Option(help="Language of the sample content.")] = Language.EN,
    email: Annotated[
        str | None, typer.Option(help="Account that owns it (default: the instance owner).")
    ] = None,
) -> None:
    """Create the sample project (persona, full map, actions) in the account's first workspace."""

    async def create() -> str:
        services = build_services(Settings())
        try:
            await prepare_database(services)
            actor, workspace_id = await owner_and_workspace(services, email)
            project = await services.demo.create(actor, workspace_id, DemoIn(language=language))
            return (
                f"Created the sample project '{project.name}' (id {project.id}) in workspace {workspace_id}."
            )
        finally:
            await services.close()

    out.print(run(create()))


@app.command("export")
def export_map(
    map_id: Annotated[int, typer.Argument(help="Id of the map (shown in its address, #/m/ID).", min=1)],
    format: Annotated[MapFormat, typer.Option("--format", "-f", help="What to write.")] = MapFormat.MARKDOWN,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; default: standard output.")
    ] = None,
    size: Annotated[PaperSize, typer.Option(help="Poster paper size (pdf, png, svg).")] = PaperSize.A3,
    orientation: Annotated[Orientation, typer.Option(help="Poster orientation.")] = Orientation.LANDSCAPE,
    dpi: Annotated[int, typer.Option(help="Resolution of a PNG.", min=36, max=300)] = 150,
    email: Annotated[
        str | None, typer.Option(help="Account to read as (default: the instance owner).")
    ] = None,
) -> None:
    """Export one map as Markdown, CSV (notes or actions), JSON, or a poster (PDF, PNG, SVG), with no
    server running."""
    binary = format in (MapFormat.PDF, MapFormat.PNG)
    if binary and output is None and sys.stdout.isatty():
        err.print(f"[red]Error:[/red] a {format.value.upper()} is not for the terminal: give --output FILE.")
        raise typer.Exit(1)

    async def render() -> str | bytes:
        services = build_services(Settings())
        try:
            await prepare_database(services)
            actor, _workspace = await owner_and_workspace(services, email)
            board = await services.maps.get(actor, map_id)
        finally:
            await services.close()
        options = PosterOptions(size=size, orientation=orientation, dpi=dpi)
        return render_map(board, format, options).content

    content = run(render())
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        return
    if isinstance(content, bytes):
        output.write_bytes(content)
    else:
        output.write_text(content, encoding="utf-8")
    err.print(f"Wrote {output}")


def _safe_url(url: str) -> str:
    if "@" in url and "://" in url:  # hide a password in postgresql://user:secret@host/db
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url
