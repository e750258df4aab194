"""`empathy sort FILE`: suggest an empathy-map segment for every item of a feedback file, no server needed.

Writes one JSON object per item to standard output, in the file's order; progress goes to standard error
so the output can be piped."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from empathy_studio.domain.errors import DomainError
from empathy_studio.evidence.embedding import ModelUnavailable, load_embedder
from empathy_studio.evidence.model_files import cache_root
from empathy_studio.evidence.readers import read_feedback, require_column
from empathy_studio.evidence.sorter import UNSORTED, Sorter
from empathy_studio.settings import Settings

err = Console(stderr=True)
CHUNK = 4096  # statements decided per step, so output starts early and memory stays flat


def sort(
    input: Annotated[Path, typer.Argument(help="Feedback file: CSV, TSV, JSON Lines or plain text.")],
    text_column: Annotated[str, typer.Option(help="Column holding the statement text.")] = "text",
) -> None:
    """Suggest a segment (see, hear, think_feel, say_do, pain, gain or unsorted) for every item."""
    settings = Settings()
    try:
        raw = input.read_bytes()
        table = read_feedback(raw, input.name, max_rows=settings.max_feedback_items)
        require_column(table, text_column)
        embedder = load_embedder(settings)
    except OSError as error:
        fail(f"cannot read {input}: {error.strerror or error}")
    except DomainError as error:
        fail(error.message)
    except ModelUnavailable as error:
        fail(str(error))
    texts = [row.get(text_column, "") for row in table.rows]
    sorter = Sorter(embedder, cache_dir=cache_root(settings))
    with Progress(
        TextColumn("Sorting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err
    ) as progress:
        task = progress.add_task("sort", total=len(texts))
        for start in range(0, len(texts), CHUNK):
            chunk = texts[start : start + CHUNK]
            vectors = embedder.embed(chunk, progress=lambda n: progress.advance(task, n))
            for offset, suggestion in enumerate(sorter.suggest(chunk, vectors=vectors)):
                text = chunk[offset]
                segment, confidence = (
                    (suggestion.segment, suggestion.confidence) if text.strip() else (UNSORTED, 0.0)
                )
                line = {
                    "line": table.line_numbers[start + offset],
                    "segment": segment,
                    "confidence": confidence,
                }
                sys.stdout.write(json.dumps({**line, "text": text}, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def fail(message: str) -> None:
    err.print(f"[red]Error:[/red] {message}", highlight=False)
    raise typer.Exit(1)
