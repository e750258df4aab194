"""Import at scale: N statements of feedback imported into a project (read, masked, split, embedded,
sorted, stored), then grouped into themes segment by segment, through the same services the app uses,
on SQLite in a scratch folder. Reports seconds per phase and the process's peak memory against the
issue's budget (100,000 statements in 10 minutes and 2 GB), and how long a cancelled import takes to stop
and that it wrote nothing.

    .venv/bin/python benchmarks/import_scale.py [--real DIR] [--statements 100000] [--model FOLDER]

--real: the folder of real feedback files (see sort_speed.py); without it, generated statements are used.
Texts are repeated with a running number until the items split into --statements statements (as the
import splits them), so none is a duplicate; --items N takes N items instead. The learned sorter is
taken from the model cache (as in a running app); learning it is not timed here.
Prints one JSON object."""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import os
import resource
import secrets
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sort_speed import generated_texts, real_texts  # noqa: E402

from empathy_studio.composition import build_services, prepare_database  # noqa: E402
from empathy_studio.evidence.embedding import load_embedder  # noqa: E402
from empathy_studio.evidence.language import detect_language  # noqa: E402
from empathy_studio.evidence.model_files import cache_root  # noqa: E402
from empathy_studio.evidence.sorter import SEGMENT_IDS, Sorter  # noqa: E402
from empathy_studio.evidence.statements import split_statements  # noqa: E402
from empathy_studio.services.context import Actor  # noqa: E402
from empathy_studio.services.evidence_import import FeedbackOptions  # noqa: E402
from empathy_studio.services.inputs import ProjectCreate, SignupIn  # noqa: E402
from empathy_studio.settings import Settings  # noqa: E402

BUDGET_SECONDS = 600
BUDGET_MB = 2048


def feedback_file(texts: list[str], count: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["text", "source"])
    for n in range(count):
        writer.writerow([f"{texts[n % len(texts)]} (#{n})", "benchmark"])
    return out.getvalue().encode()


def items_for(texts: list[str], statements: int) -> int:
    """How many items (texts cycled) the import splits into at least ``statements`` statements."""
    pieces = [len(split_statements(t, detect_language(t)) or [t]) for t in texts]
    total, items = 0, 0
    while total < statements:
        total += pieces[items % len(texts)]
        items += 1
    return items


def peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


async def run(raw: bytes, count: int, settings: Settings) -> dict[str, Any]:
    services = build_services(settings)
    try:
        await prepare_database(services)
        password = secrets.token_urlsafe(16)  # a throwaway account in a throwaway database
        signed = await services.accounts.signup(
            SignupIn(display_name="Bench", email="bench@example.org", password=password)
        )
        actor = Actor(signed.user.id, signed.user.display_name)
        workspace = (await services.workspaces.list(actor))[0].id
        project = await services.projects.create(actor, workspace, ProjectCreate(name="Scale"))
        options = FeedbackOptions.model_validate({"columns": {"text": "text", "source": "source"}})

        # A cancelled import first: how soon it stops, and that it leaves nothing behind.
        started = await services.evidence_import.start(actor, project.id, raw, "feedback.csv", options)
        await asyncio.sleep(20)
        stop = time.perf_counter()
        cancelled = await services.evidence_import.cancel(actor, started.id)
        stopped_after = time.perf_counter() - stop
        left = (await services.statements.summary(actor, project.id)).total

        start = time.perf_counter()
        started = await services.evidence_import.start(actor, project.id, raw, "feedback.csv", options)
        checked = time.perf_counter() - start
        await services.evidence_import.wait(started.id)
        done = await services.evidence_import.get(actor, started.id)
        imported = time.perf_counter() - start
        themes: dict[str, int] = {}
        grouping = time.perf_counter()
        for segment in SEGMENT_IDS:
            themes[segment] = len(await services.evidence_themes.preview(actor, project.id, segment))
        grouped = time.perf_counter() - grouping
        summary = await services.statements.summary(actor, project.id)
    finally:
        await services.close()
    total = imported + grouped
    return {
        "items": count,
        "status": done.status,
        "statements": done.statements,
        "by_segment": summary.by_segment,
        "unsorted": summary.unsorted,
        "seconds": {
            "checking_the_file": round(checked, 1),
            "import_sort_and_store": round(imported, 1),
            "theme_previews_all_segments": round(grouped, 1),
            "total": round(total, 1),
        },
        "statements_per_second": round(done.statements / imported, 1) if imported else None,
        "themes_proposed": themes,
        "peak_memory_mb": peak_mb(),
        "cancel": {
            "status": cancelled.status,
            "seconds_to_stop": round(stopped_after, 2),
            "statements_left_behind": left,
        },
        "budget": {"seconds": BUDGET_SECONDS, "memory_mb": BUDGET_MB},
        "within_budget": total <= BUDGET_SECONDS and peak_mb() <= BUDGET_MB,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, help="folder with the real feedback files")
    parser.add_argument("--statements", type=int, default=100_000, help="statements to import")
    parser.add_argument("--items", type=int, help="import this many items instead")
    parser.add_argument(
        "--model", default=os.environ.get("EMPATHY_TEST_MODEL", ".cache/models/all-MiniLM-L6-v2")
    )
    args = parser.parse_args()
    texts = [t for group in (real_texts(args.real) if args.real else {}).values() for t in group]
    texts = texts or generated_texts(10_000)
    count = args.items or items_for(texts, args.statements)
    model_cache = cache_root(Settings(model=args.model))
    Sorter(load_embedder(Settings(model=args.model)), cache_dir=model_cache)  # learned before timing
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(
            data_dir=Path(scratch),
            model=args.model,
            model_cache_dir=model_cache,
            max_feedback_items=max(count, 100_000),
            max_feedback_bytes=512 * 1024 * 1024,
        )
        result = asyncio.run(run(feedback_file(texts, count), count, settings))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
