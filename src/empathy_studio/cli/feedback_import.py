"""`empathy import`: load a feedback file into a project with no server running, with progress."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from empathy_studio.cli.common import owner_and_workspace, run
from empathy_studio.composition import build_services, prepare_database
from empathy_studio.domain.evidence_views import FeedbackImportView
from empathy_studio.services.evidence_import import FeedbackColumns, FeedbackOptions
from empathy_studio.settings import Settings

err = Console(stderr=True)


def import_feedback(
    file: Annotated[
        Path, typer.Argument(help="CSV, TSV, XLSX, JSON Lines or text file (one item per line).")
    ],
    project: Annotated[int, typer.Option("--project", "-p", help="Id of the project (#/p/ID).", min=1)],
    text_column: Annotated[str, typer.Option(help="Column holding the feedback text.")] = "text",
    source_column: Annotated[str | None, typer.Option(help="Column naming where an item came from.")] = None,
    date_column: Annotated[str | None, typer.Option(help="Column with the date.")] = None,
    rating_column: Annotated[str | None, typer.Option(help="Column with a rating or score.")] = None,
    language_column: Annotated[
        str | None, typer.Option(help="Column with the language (en, nl, de).")
    ] = None,
    keep_personal_data: Annotated[
        bool, typer.Option(help="Do not mask e-mail addresses, phone numbers and similar.")
    ] = False,
    skip_bad_rows: Annotated[
        bool, typer.Option(help="Import the readable rows when some are broken.")
    ] = False,
    email: Annotated[
        str | None, typer.Option(help="Account to import as (default: the instance owner).")
    ] = None,
) -> None:
    """Import customer feedback into a project: masked, split into statements, sorted into the segments
    when a model is available. Ctrl+C stops it and writes nothing."""
    if not file.is_file():
        err.print(f"[red]Error:[/red] there is no file {file}.")
        raise typer.Exit(1)
    try:
        options = FeedbackOptions(
            columns=FeedbackColumns(
                text=text_column,
                source=source_column,
                date=date_column,
                rating=rating_column,
                language=language_column,
            ),
            mask=not keep_personal_data,
            skip_bad_rows=skip_bad_rows,
        )
    except ValueError as error:
        err.print(f"[red]Error:[/red] {str(error).splitlines()[0]}")
        raise typer.Exit(1) from None

    async def go() -> FeedbackImportView:
        services = build_services(Settings())
        try:
            await prepare_database(services)
            actor, _ = await owner_and_workspace(services, email)
            if not (await services.sorting.status()).available:
                err.print(f"[yellow]{(await services.sorting.status()).message}[/yellow]")
            started = await services.evidence_import.start(
                actor, project, file.read_bytes(), file.name, options
            )
            with Progress(
                TextColumn("Importing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err
            ) as bar:
                task = bar.add_task("import", total=started.items_read)
                waiting = asyncio.create_task(services.evidence_import.wait(started.id))
                try:
                    while not waiting.done():
                        state = await services.evidence_import.get(actor, started.id)
                        bar.update(task, completed=state.items_processed)
                        await asyncio.sleep(0.2)
                except asyncio.CancelledError:
                    await services.evidence_import.cancel(actor, started.id)
                    raise
                bar.update(task, completed=started.items_read)
            return await services.evidence_import.get(actor, started.id)
        finally:
            await services.close()

    try:
        result = run(go())
    except KeyboardInterrupt:
        err.print("Stopped: nothing was imported.")
        raise typer.Exit(130) from None
    if result.status != "done":
        err.print(f"[red]Error:[/red] the import {result.status}. {result.error}")
        raise typer.Exit(1)
    typer.echo(
        f"Imported {result.items_imported} items as {result.statements} statements into project {project}"
        f" ({result.duplicates} duplicates skipped, {result.rows_skipped} unreadable rows skipped)."
    )
