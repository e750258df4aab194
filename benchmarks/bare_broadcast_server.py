"""The baseline for the live benchmark: a bare Starlette WebSocket server that relays every message it
receives to everyone in the room, with nothing else on the path (no auth, no database, no checks).
Its events carry a note with the same fields as Empathy Studio's note events, so both servers send
messages of the same size (about 570 bytes for the benchmark's edits)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect


def note_like(args: dict[str, Any]) -> dict[str, Any]:
    """A note in the shape Empathy Studio's events carry, with the edit's text and version in it."""
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    return {
        "id": args.get("note_id", 0),
        "map_id": 1,
        "segment": "see",
        "text": args.get("text", ""),
        "color": "yellow",
        "basis": "hypothesis",
        "source": "",
        "position": 0,
        "version": args.get("version", 1) + 1,
        "author_id": 1,
        "author_name": "Bench",
        "created_at": now,
        "updated_at": now,
        "private": False,
        "hidden": False,
        "theme_id": None,
        "final": False,
        "merged": [],
        "votes": None,
        "my_votes": 0,
        "voters": [],
        "evidence_count": 0,
    }


def make_app() -> Starlette:
    room: set[WebSocket] = set()
    seq = 0

    async def endpoint(ws: WebSocket) -> None:
        nonlocal seq
        await ws.accept()
        room.add(ws)
        await ws.send_text(json.dumps({"type": "snapshot", "map": {"seq": seq}}))
        try:
            while True:
                message = json.loads(await ws.receive_text())
                seq += 1
                event = json.dumps(
                    {
                        "type": "event",
                        "seq": seq,
                        "map_id": 1,
                        "kind": "note.updated",
                        "actor_id": 1,
                        "payload": {"note": note_like(message["args"])},
                        "command_id": message["id"],
                    },
                    separators=(",", ":"),
                )
                for other in list(room):
                    try:
                        await other.send_text(event)
                    except Exception:  # a peer that went away
                        room.discard(other)
                await ws.send_text(json.dumps({"type": "ack", "id": message["id"]}))
        except WebSocketDisconnect:
            room.discard(ws)

    return Starlette(routes=[WebSocketRoute("/live", endpoint)])


if __name__ == "__main__":
    # The same transport settings as Empathy Studio's server, so the two differ only in the app.
    from empathy_studio.settings import Settings

    compress = Settings().live_compression
    uvicorn.run(
        make_app(),
        host="127.0.0.1",
        port=int(sys.argv[1]),
        log_level="warning",
        ws_per_message_deflate=compress,
    )
