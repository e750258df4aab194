"""Two app instances on one PostgreSQL database with Redis between them: participants on different
instances see each other live, and when Redis or an instance dies, clients reconnect and converge with
nothing lost."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import websockets

from empathy_studio.realtime.board_state import BoardState
from tests.integration.instances import Instance, RedisServer, invited_member, owner_with_map, snapshot
from tests.integration.test_early_broadcast import change_behind_its_back

pytestmark = [pytest.mark.scale, pytest.mark.timeout(240)]


class LiveClient:
    """A participant's screen: applies events, and reconnects (to the next instance if need be) with the
    last sequence number it has, as the browser does."""

    def __init__(self, instances: list[Instance], auth: dict[str, str], map_id: int):
        self.instances, self.auth, self.map_id = instances, auth, map_id
        self.state: BoardState | None = None
        self.ws: Any = None
        self.reconnects = 0

    async def connect(self) -> None:
        for _ in range(100):
            for instance in self.instances:
                since = self.state.seq if self.state else None
                try:
                    self.ws = await websockets.connect(
                        instance.live_url(self.map_id, since), additional_headers=self.auth, open_timeout=5
                    )
                    return
                except (OSError, websockets.WebSocketException):
                    continue
            await asyncio.sleep(0.2)
        raise AssertionError("no instance accepted the connection")

    async def pump(self, seconds: float) -> None:
        """Read and apply messages for a while, reconnecting when the connection closes."""
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while loop.time() < end:
            try:
                raw = await asyncio.wait_for(self.ws.recv(), timeout=max(0.01, end - loop.time()))
            except TimeoutError:
                return
            except websockets.ConnectionClosed:
                self.reconnects += 1
                await self.connect()
                continue
            self.apply(json.loads(raw))

    def apply(self, message: dict[str, Any]) -> None:
        if message["type"] == "snapshot":
            self.state = BoardState(message["map"])
        elif message["type"] == "events" and self.state is not None:
            for event in message["events"]:
                self.state.apply(event)
        elif message["type"] == "reload" and self.state is not None:  # an early edit did not come true
            asyncio.get_running_loop().create_task(self.ws.send(json.dumps({"type": "sync", "since": None})))
        elif message["type"] == "event" and self.state is not None:
            if message["seq"] > self.state.seq + 1:  # a gap: ask for what is missing
                asyncio.get_running_loop().create_task(
                    self.ws.send(json.dumps({"type": "sync", "since": self.state.seq}))
                )
            else:
                self.state.apply(message)

    async def command(self, op: str, **args: Any) -> dict[str, Any]:
        cid = f"t-{uuid.uuid4().hex[:16]}"
        await self.ws.send(json.dumps({"type": "command", "id": cid, "op": op, "args": args}))
        for _ in range(500):
            message = json.loads(await asyncio.wait_for(self.ws.recv(), timeout=20))
            if message.get("type") in ("ack", "error") and message.get("id") == cid:
                assert message["type"] == "ack", message
                result: dict[str, Any] = message["result"]
                return result
            self.apply(message)
        raise AssertionError("no answer")

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    yield server
    server.close()


@pytest.fixture
def two_instances(postgres_database: str, redis_server: RedisServer) -> Iterator[list[Instance]]:
    channel = f"es-test-{uuid.uuid4().hex[:8]}"
    first = Instance(postgres_database, redis_server.url, channel, "a")
    second = Instance(postgres_database, redis_server.url, channel, "b")
    try:
        first.start()  # migrates the database; the second finds it up to date
        second.start()
        yield [first, second]
    finally:
        first.close()
        second.close()


def texts(state: dict[str, Any]) -> list[str]:
    return sorted(n["text"] for n in state["notes"])


async def test_participants_on_two_instances_see_each_other(two_instances: list[Instance]) -> None:
    a, b = two_instances
    auth, map_id = owner_with_map(a.base)
    on_a, on_b = LiveClient([a], auth, map_id), LiveClient([b], auth, map_id)
    await on_a.connect()
    await on_b.connect()
    await on_a.pump(0.5)
    await on_b.pump(0.5)
    await on_a.command("note.create", segment="see", text="Written on instance A")
    await on_b.command("note.create", segment="pain", text="Written on instance B")
    await on_a.pump(1.5)
    await on_b.pump(1.5)
    fresh = BoardState(snapshot(a.base, auth, map_id)).comparable()
    assert on_a.state is not None and on_b.state is not None
    assert on_a.state.comparable() == fresh
    assert on_b.state.comparable() == fresh
    assert texts(on_b.state.map) == ["Written on instance A", "Written on instance B"]
    await on_a.close()
    await on_b.close()


async def test_clients_converge_after_redis_dies_and_comes_back(
    two_instances: list[Instance], redis_server: RedisServer
) -> None:
    a, b = two_instances
    auth, map_id = owner_with_map(a.base)
    writer, watcher = LiveClient([a], auth, map_id), LiveClient([b], auth, map_id)
    await writer.connect()
    await watcher.connect()
    await watcher.pump(0.5)
    await writer.command("note.create", segment="see", text="Before the outage")
    redis_server.kill()
    for i in range(3):  # acknowledged while the relay is down: stored, but B cannot hear of them yet
        await writer.command("note.create", segment="gain", text=f"During the outage {i}")
    redis_server.start()
    await watcher.pump(6.0)  # B's relay reconnects and asks its clients to catch up
    fresh = BoardState(snapshot(b.base, auth, map_id)).comparable()
    assert watcher.state is not None and watcher.state.comparable() == fresh
    assert len(fresh["notes"]) == 4
    assert watcher.reconnects >= 1
    await writer.close()
    await watcher.close()


async def test_a_client_moves_to_a_live_instance_when_its_own_is_killed(
    two_instances: list[Instance],
) -> None:
    a, b = two_instances
    auth, map_id = owner_with_map(a.base)
    writer = LiveClient([a], auth, map_id)
    mover = LiveClient([b, a], auth, map_id)  # prefers B, falls back to A
    await writer.connect()
    await mover.connect()
    await mover.pump(0.5)
    await writer.command("note.create", segment="hear", text="First")
    await mover.pump(1.0)
    b.kill()
    await writer.command("note.create", segment="hear", text="While B is gone")
    await mover.pump(3.0)
    assert mover.reconnects >= 1
    fresh = BoardState(snapshot(a.base, auth, map_id)).comparable()
    assert mover.state is not None and mover.state.comparable() == fresh
    assert [n["text"] for n in fresh["notes"]] == ["First", "While B is gone"]
    await writer.close()
    await mover.close()


async def test_a_removed_member_is_cut_off_on_every_instance(two_instances: list[Instance]) -> None:
    a, b = two_instances
    auth, map_id = owner_with_map(a.base)
    member, member_id, workspace = invited_member(a.base, auth)
    async with websockets.connect(b.live_url(map_id, None), additional_headers=member) as ws:
        assert json.loads(await ws.recv())["type"] == "snapshot"
        async with httpx.AsyncClient(base_url=a.base, headers=auth, timeout=30) as http:
            # removed on instance A, while the member watches on instance B
            (await http.delete(f"/api/workspaces/{workspace}/members/{member_id}")).raise_for_status()
        with pytest.raises(websockets.ConnectionClosed) as caught:
            for _ in range(20):
                await asyncio.wait_for(ws.recv(), timeout=10)
    assert caught.value.rcvd is not None and caught.value.rcvd.code == 4001
    with pytest.raises(websockets.ConnectionClosed) as refused:
        async with websockets.connect(b.live_url(map_id, None), additional_headers=member) as again:
            await again.recv()
    assert refused.value.rcvd is not None and refused.value.rcvd.code == 4404  # the page stops retrying


def early_edits(instance: Instance) -> dict[str, float]:
    """The instance's count of note edits shown before they were stored, from its metrics."""
    page = httpx.get(f"{instance.base}/metrics", timeout=10).text
    counts = {}
    for line in page.splitlines():
        if line.startswith("empathy_live_early_edits_total{"):
            outcome = line.split('outcome="', 1)[1].split('"', 1)[0]
            counts[outcome] = float(line.rsplit(" ", 1)[1])
    return counts


async def edit_in_turns(clients: list[LiveClient], notes: list[dict[str, Any]], rounds: int) -> None:
    versions = [note["version"] for note in notes]
    for round_ in range(rounds):
        for i, client in enumerate(clients):
            for j, note in enumerate(notes):
                text = f"round {round_}, edited on instance {'AB'[i]}"
                versions[j] = (
                    await client.command("note.update", note_id=note["id"], text=text, version=versions[j])
                )["version"]


async def a_screen_on_each(instances: list[Instance]) -> tuple[LiveClient, LiveClient, dict[str, str], int]:
    """A new map with one participant's screen on each instance, both past their snapshot."""
    auth, map_id = owner_with_map(instances[0].base)
    on_a, on_b = LiveClient([instances[0]], auth, map_id), LiveClient([instances[1]], auth, map_id)
    for screen in (on_a, on_b):
        await screen.connect()
    for screen in (on_a, on_b):
        await screen.pump(0.5)
    return on_a, on_b, auth, map_id


def converged(instance: Instance, auth: dict[str, str], map_id: int, *screens: LiveClient) -> dict[str, Any]:
    """The map as stored, after checking that every screen shows exactly that."""
    fresh: dict[str, Any] = BoardState(snapshot(instance.base, auth, map_id)).comparable()
    for screen in screens:
        assert screen.state is not None and screen.state.comparable() == fresh
    return fresh


async def test_note_edits_on_either_instance_are_shown_early_by_the_one_that_runs_the_map(
    two_instances: list[Instance],
) -> None:
    a, b = two_instances
    on_a, on_b, auth, map_id = await a_screen_on_each(two_instances)
    first = await on_a.command("note.create", segment="see", text="A's note")  # A takes the map
    second = await on_b.command("note.create", segment="pain", text="B's note")  # run by A for B
    await on_a.pump(0.5)
    await on_b.pump(0.5)
    await edit_in_turns([on_a, on_b], [first, second], rounds=3)
    await on_a.pump(1.0)
    await on_b.pump(1.0)
    assert early_edits(a) == {"shown": 12.0, "withdrawn": 0.0}  # B's six edits too, in one order
    assert early_edits(b) == {"shown": 0.0, "withdrawn": 0.0}
    fresh = converged(b, auth, map_id, on_a, on_b)
    assert (
        sorted((n["text"], n["version"]) for n in fresh["notes"])
        == [("round 2, edited on instance B", 7)] * 2
    )
    await on_a.close()
    await on_b.close()


async def test_when_the_instance_that_runs_the_map_dies_another_takes_it_over(
    two_instances: list[Instance],
) -> None:
    a, b = two_instances
    on_a, on_b, auth, map_id = await a_screen_on_each(two_instances)
    note = await on_a.command("note.create", segment="see", text="A runs the map")
    await on_b.pump(0.5)
    a.kill()  # its lease in Redis stays, but nobody listens for it any more
    version = note["version"]
    # The first edit finds nobody to hand it to: B runs it itself and ends A's lease; B then takes the
    # map and shows the next edits early.
    for n in range(3):
        version = (
            await on_b.command("note.update", note_id=note["id"], text=f"B took over {n}", version=version)
        )["version"]
    await on_b.pump(0.5)
    assert early_edits(b) == {"shown": 2.0, "withdrawn": 0.0}
    fresh = converged(b, auth, map_id, on_b)
    assert [(n["text"], n["version"]) for n in fresh["notes"]] == [("B took over 2", version)]
    await on_a.close()
    await on_b.close()


async def test_an_early_edit_that_does_not_come_true_reloads_screens_on_every_instance(
    two_instances: list[Instance], postgres_database: str
) -> None:
    a, b = two_instances
    on_a, on_b, auth, map_id = await a_screen_on_each(two_instances)
    note = await on_a.command("note.create", segment="see", text="A runs the map")
    await on_b.pump(0.5)
    await asyncio.to_thread(
        change_behind_its_back,
        postgres_database,
        "UPDATE notes SET text = 'changed elsewhere', version = 5 WHERE id = :id",
        id=note["id"],
    )
    cid = f"t-{uuid.uuid4().hex[:16]}"  # predicted from the version the room saw, shown, then not stored
    edit = {"note_id": note["id"], "text": "shown, never stored", "version": note["version"]}
    await on_b.ws.send(json.dumps({"type": "command", "id": cid, "op": "note.update", "args": edit}))
    seen: list[str] = []
    for _ in range(20):
        message = json.loads(await asyncio.wait_for(on_b.ws.recv(), timeout=10))
        seen.append(message["type"])
        if message.get("id") == cid:
            assert message["type"] == "error" and message["error"]["code"] == "edit_conflict"
            break
        on_b.apply(message)
    assert "reload" in seen  # told by A, whose prediction it was
    await on_a.pump(1.0)
    await on_b.pump(1.0)
    assert early_edits(a) == {"shown": 1.0, "withdrawn": 1.0}
    fresh = converged(b, auth, map_id, on_a, on_b)
    assert [n["text"] for n in fresh["notes"]] == ["changed elsewhere"]
    await on_a.close()
    await on_b.close()


async def test_when_the_instance_that_runs_the_map_stalls_commands_run_elsewhere_without_waiting_each_time(
    two_instances: list[Instance],
) -> None:
    a, b = two_instances
    on_a, on_b, auth, map_id = await a_screen_on_each(two_instances)
    note = await on_a.command("note.create", segment="see", text="A runs the map")
    await on_b.pump(0.5)
    assert a.process is not None
    a.process.send_signal(signal.SIGSTOP)  # alive, holding its lease and its Redis link, answering nothing
    try:
        loop = asyncio.get_running_loop()
        version, waits = note["version"], []
        for n in range(3):
            started = loop.time()
            answer = await on_b.command(
                "note.update", note_id=note["id"], text=f"while A stalls {n}", version=version
            )
            version = answer["version"]
            waits.append(loop.time() - started)
        assert 1.4 < waits[0] < 3.0  # the hand-over gave up after 1.5 s and B ran the edit
        assert max(waits[1:]) < 0.5  # then B stopped asking A
    finally:
        a.process.send_signal(signal.SIGCONT)
    await on_a.pump(2.0)  # A wakes up to a command B already ran: it changes nothing twice
    await on_b.pump(1.0)
    fresh = converged(b, auth, map_id, on_a, on_b)
    assert [(n["text"], n["version"]) for n in fresh["notes"]] == [("while A stalls 2", version)]
    await on_a.close()
    await on_b.close()
