"""Cost of one live board command (a note edit) through the services on SQLite, with no sockets: the
part of a live change that sits before the broadcast. Compares the product's SQLite driver path (one
trip to aiosqlite's thread per statement, persistence/sqlite_driver.py) with SQLAlchemy's stock adapter,
each in its own process in the same run.

    .venv/bin/python benchmarks/command_cost.py [--commands 1000]

Prints one JSON object."""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


async def measure(commands: int) -> float:
    from empathy_studio.composition import build_services, prepare_database
    from empathy_studio.services.context import Actor
    from empathy_studio.services.inputs import MapCreate, NoteCreate, NotePatch, ProjectCreate, SignupIn
    from empathy_studio.settings import Settings

    with tempfile.TemporaryDirectory() as scratch:
        services = build_services(Settings(data_dir=Path(scratch), model=""))
        try:
            await prepare_database(services)
            signed = await services.accounts.signup(
                SignupIn(display_name="Bench", email="bench@example.org", password=secrets.token_urlsafe(16))
            )
            actor = Actor(signed.user.id, "Bench")
            workspace = (await services.workspaces.list(actor))[0].id
            project = await services.projects.create(actor, workspace, ProjectCreate(name="Cost"))
            board = await services.maps.create(actor, project.id, MapCreate(title="Cost"))
            note = await services.notes.create(actor, board.id, NoteCreate(segment="see", text="first"))
            version = note.version
            for warm in range(20):  # statement caches warm, as in a running server
                version = (
                    await services.notes.update(
                        actor, note.id, NotePatch(text=f"warm {warm}", version=version), f"w{warm}"
                    )
                ).version
            start = time.perf_counter()
            for n in range(commands):
                patch = NotePatch(text=f"change {n} " + "x" * 60, version=version)
                version = (
                    await services.notes.update(actor, note.id, patch, f"c{n}", on_map=board.id)
                ).version
            return (time.perf_counter() - start) / commands * 1000
        finally:
            await services.close()


def child(commands: int, stock: bool) -> float:
    if stock:
        from empathy_studio.persistence import sqlite_driver

        sqlite_driver.install = lambda: False  # type: ignore[assignment]
    return asyncio.run(measure(commands))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=1000)
    parser.add_argument("--child", choices=["product", "stock"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.commands, args.child == "stock")))
        return
    figures = {}
    for variant in ("stock", "product"):
        done = subprocess.run(
            [sys.executable, __file__, "--commands", str(args.commands), "--child", variant],
            capture_output=True,
            text=True,
            check=True,
        )
        figures[variant] = round(json.loads(done.stdout.strip().splitlines()[-1]), 2)
    print(
        json.dumps(
            {
                "benchmark": "command_cost",
                "commands": args.commands,
                "ms_per_note_edit": {
                    "product": figures["product"],
                    "stock_sqlalchemy_aiosqlite": figures["stock"],
                },
                "speed_up": round(figures["stock"] / figures["product"], 2),
            }
        )
    )


if __name__ == "__main__":
    main()
