"""`empathy model info|convert`: see which sentence-embedding model sorting uses, and prepare one offline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from empathy_studio.evidence.embedding import ModelUnavailable, load_embedder
from empathy_studio.evidence.model_files import cache_root
from empathy_studio.evidence.onnx_export import ConversionUnavailable, export_onnx
from empathy_studio.settings import Settings

model_app = typer.Typer(help="The model behind automatic sorting.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)


@model_app.command("info")
def info() -> None:
    """Show the configured model and whether it loads."""
    settings = Settings()
    out.print(f"Model setting: {settings.model or '(empty: automatic sorting is off)'}", highlight=False)
    out.print(f"Cache folder: {cache_root(settings)}", highlight=False)
    try:
        embedder = load_embedder(settings)
    except ModelUnavailable as error:
        err.print(f"[red]Not available:[/red] {error}", highlight=False)
        raise typer.Exit(1) from None
    out.print(f"Loaded {embedder.model_id} ({embedder.dimension} dimensions).", highlight=False)


@model_app.command("convert")
def convert(
    source: Annotated[Path, typer.Argument(help="A sentence-transformers folder (model.safetensors).")],
    output: Annotated[Path, typer.Option(help="Folder to write model.onnx and the tokenizer into.")],
) -> None:
    """Convert model weights to ONNX once (needs the 'convert' extra); then set EMPATHY_MODEL=OUTPUT."""
    if not source.is_dir():
        err.print(f"[red]Error:[/red] {source} is not a folder.", highlight=False)
        raise typer.Exit(1)
    try:
        export_onnx(source, output)
    except ConversionUnavailable as error:
        err.print(f"[red]Error:[/red] {error}", highlight=False)
        raise typer.Exit(1) from None
    out.print(f"Wrote {output}. Use it with EMPATHY_MODEL={output}", highlight=False)
