"""kill -9 during a burst of writes from several clients: after a restart, every change the server had
acknowledged is there, and the database is sound."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

import pytest
import websockets

from tests.integration.instances import Instance, owner_with_map, snapshot

pytestmark = pytest.mark.timeout(240)


ENOUGH = 60  # acknowledged notes before the plug is pulled


async def writer(
    instance: Instance, auth: dict[str, str], map_id: int, who: int, acked: list[str], enough: asyncio.Event
) -> None:
    """Send notes as fast as acks come back, until the connection dies under us."""
    try:
        async with websockets.connect(instance.live_url(map_id), additional_headers=auth) as ws:
            for n in range(10_000):
                text = f"client {who} note {n}"
                cid = f"w{who}-{uuid.uuid4().hex[:12]}"
                await ws.send(json.dumps({"type": "command", "id": cid, "op": "note.create",
                                          "args": {"segment": "say_do", "text": text}}))  # fmt: skip
                while True:
                    message = json.loads(await ws.recv())
                    if message.get("id") == cid:
                        if message["type"] == "ack":
                            acked.append(text)
                            if len(acked) >= ENOUGH:
                                enough.set()
                        break
    except (websockets.ConnectionClosed, OSError):
        return


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_no_acknowledged_change_is_lost_when_the_server_is_killed(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite+aiosqlite:///{tmp_path / 'crash.db'}"
        if kind == "sqlite"
        else request.getfixturevalue("postgres_database")
    )
    server = Instance(url, None, "", "crash")
    server.start()
    try:
        auth, map_id = owner_with_map(server.base)
        acked: list[str] = []

        async def burst() -> None:
            enough = asyncio.Event()
            tasks = [
                asyncio.create_task(writer(server, auth, map_id, who, acked, enough)) for who in range(4)
            ]
            await asyncio.wait_for(enough.wait(), timeout=60)  # the burst is going: pull the plug mid-flight
            server.kill()
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=30)

        asyncio.run(burst())
        server.start()
        board = snapshot(server.base, auth, map_id)
        stored = [n["text"] for n in board["notes"]]
    finally:
        server.close()
    assert len(acked) >= ENOUGH
    missing = set(acked) - set(stored)
    assert not missing, f"{len(missing)} acknowledged notes were lost"
    assert len(stored) == len(set(stored))  # nothing doubled
    assert sorted(n["position"] for n in board["notes"]) == list(range(len(stored)))  # order intact
