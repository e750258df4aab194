"""The baseline for the live benchmark: a bare Starlette WebSocket server that relays every message it
receives to everyone in the room, with nothing else on the path (no auth, no database, no checks)."""

from __future__ import annotations

import json
import sys

import uvicorn
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect


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
                        "kind": "note.updated",
                        "command_id": message["id"],
                        "payload": {"note": message["args"]},
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
    uvicorn.run(make_app(), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
