"""Live-board benchmark: propagation latency and delivered messages per second over real WebSockets,
for Empathy Studio's server and for a bare Starlette broadcast server, measured in the same run.

    .venv/bin/python benchmarks/live_propagation.py            # full run (about 12 minutes)
    .venv/bin/python benchmarks/live_propagation.py --quick    # a short smoke run

Prints one JSON object. Everything runs on 127.0.0.1; every loop is bounded in count and time.
Latency = time from a participant sending a change to each *other* participant receiving its event.
The steady scenario runs five times on each server, alternating, and pools the samples of each."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import websockets

HERE = Path(__file__).resolve().parent
MARK = '"command_id":"'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def server(kind: str) -> Iterator[tuple[str, dict[str, str], int | None]]:
    """Start a server process; yield (ws_url, headers, map_id)."""
    port = free_port()
    with tempfile.TemporaryDirectory() as data:
        # The room sizes measured go past the default participant limit, which is a setting, not a cost.
        env = {
            **os.environ,
            "EMPATHY_DATA_DIR": data,
            "EMPATHY_ENV": "test",
            "EMPATHY_MAX_PARTICIPANTS_PER_MAP": "5000",
        }
        env.pop("EMPATHY_DATABASE_URL", None)
        if kind == "empathy":
            command = [sys.executable, "-m", "empathy_studio", "serve", "--port", str(port)]
        else:
            command = [sys.executable, str(HERE / "bare_broadcast_server.py"), str(port)]
        log = open(Path(data) / "server.log", "w")  # noqa: SIM115 (closed with the folder)
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"{kind} server did not start") from None
                    time.sleep(0.1)
            if kind == "bare":
                yield f"ws://127.0.0.1:{port}/live", {}, None
            else:
                headers, map_id = prepare_board(base)
                yield f"ws://127.0.0.1:{port}/api/maps/{map_id}/live", headers, map_id
        finally:
            process.terminate()
            process.wait(timeout=10)
            log.close()
            if os.environ.get("BENCH_DEBUG"):
                print((Path(data) / "server.log").read_text()[-3000:], file=sys.stderr)


def prepare_board(base: str) -> tuple[dict[str, str], int]:
    with httpx.Client(base_url=base, timeout=30) as http:
        for _ in range(100):
            if http.get("/healthz").status_code == 200:
                break
            time.sleep(0.1)
        http.post(
            "/api/auth/signup",
            json={"email": "bench@example.org", "password": "benchmark-password", "display_name": "Bench"},
        ).raise_for_status()
        csrf = {"X-CSRF-Token": http.cookies["es_csrf"]}
        token = http.post("/api/me/tokens", json={"name": "bench"}, headers=csrf).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        workspace = http.get("/api/workspaces", headers=auth).json()[0]["id"]
        project = http.post(
            f"/api/workspaces/{workspace}/projects", json={"name": "Bench"}, headers=auth
        ).json()
        board = http.post(f"/api/projects/{project['id']}/maps", json={"title": "Bench"}, headers=auth).json()
        return auth, board["id"]


@dataclass
class Run:
    sent_at: dict[str, float] = field(default_factory=dict)
    sender_of: dict[str, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    cross_latencies: list[float] = field(default_factory=list)  # sender and receiver on different servers
    servers: int = 1  # participant i is on server i % servers
    deliveries: int = 0
    changes: int = 0
    errors: int = 0
    connected: int = 0
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    start: float = 0.0
    stop: float = 0.0
    cpu_busy: float | None = None  # share of all cores in use while measuring
    last_message_at: float = 0.0


async def participant(index: int, url: str, headers: dict[str, str], run: Run, rate: float) -> None:
    async with websockets.connect(url, additional_headers=headers, max_size=2**24, open_timeout=60) as ws:
        await ws.recv()  # snapshot
        create_id = f"p{index}-create"
        created: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        async def receive() -> None:
            # Reads from the start, so what the set-up sends (everyone's new notes) is consumed before
            # the measurement begins instead of queueing in front of it.
            async for raw in ws:
                text = raw if isinstance(raw, str) else raw.decode()
                run.last_message_at = time.perf_counter()
                if not created.done() and create_id in text:
                    answer = json.loads(text)
                    if answer.get("type") == "ack" and answer.get("id") == create_id:
                        created.set_result(answer["result"]["id"])
                        continue
                at = text.find(MARK)
                if at < 0:
                    if '"type":"error"' in text:
                        run.errors += 1
                    continue
                cid = text[at + len(MARK) : text.index('"', at + len(MARK))]
                sent = run.sent_at.get(cid)
                if sent is not None and run.sender_of[cid] != index:
                    latency = time.perf_counter() - sent
                    run.latencies.append(latency)
                    if run.sender_of[cid] % run.servers != index % run.servers:
                        run.cross_latencies.append(latency)
                    run.deliveries += 1

        receiver = asyncio.create_task(receive())
        try:
            note_id, version = 0, 1
            if "/api/maps/" in url:  # our server: make the note this participant keeps editing
                command = {"segment": "see", "text": f"note {index}"}
                await ws.send(
                    json.dumps({"type": "command", "id": create_id, "op": "note.create", "args": command})
                )
                note_id = await asyncio.wait_for(created, timeout=60)
            run.connected += 1
            await run.ready.wait()
            await asyncio.sleep(max(0.0, run.start - time.perf_counter()) + random.uniform(0, 1 / rate))
            counter = 0
            while time.perf_counter() < run.stop:
                counter += 1
                cid = f"p{index}-c{counter:05d}"
                text = f"participant {index} change {counter} " + "x" * 60
                run.sent_at[cid] = time.perf_counter()
                run.sender_of[cid] = index
                run.changes += 1
                await ws.send(
                    json.dumps(
                        {
                            "type": "command",
                            "id": cid,
                            "op": "note.update",
                            "args": {"note_id": note_id, "text": text, "version": version},
                        }
                    )
                )
                version += 1
                await asyncio.sleep(1 / rate)
            await asyncio.sleep(2.0)  # let the last events arrive
        finally:
            receiver.cancel()
            with contextlib.suppress(asyncio.CancelledError, websockets.ConnectionClosed):
                await receiver


async def measure(
    url: str | list[str], headers: dict[str, str], people: int, rate: float, seconds: float
) -> dict[str, float]:
    """Participants spread round-robin over the given servers' URLs (one URL: all on one server)."""
    return summary([await drive(url, headers, people, rate, seconds)], people, seconds)


async def drive(
    url: str | list[str], headers: dict[str, str], people: int, rate: float, seconds: float
) -> Run:
    """One measured run: connect everyone, let the set-up settle, then change notes for ``seconds``."""
    urls = [url] if isinstance(url, str) else url
    run = Run(servers=len(urls))
    tasks = [
        asyncio.create_task(participant(i, urls[i % len(urls)], headers, run, rate)) for i in range(people)
    ]
    deadline = time.perf_counter() + 120
    while run.connected < people:
        failed = [t for t in tasks if t.done()]
        if failed or time.perf_counter() > deadline:
            for t in tasks:
                t.cancel()
            problem = next((t.exception() for t in failed if not t.cancelled()), None)
            raise RuntimeError(f"only {run.connected} of {people} participants connected: {problem!r}")
        await asyncio.sleep(0.05)
    for _ in range(600):  # until the set-up's messages have all been read (at most a minute)
        if time.perf_counter() - run.last_message_at >= 0.5:
            break
        await asyncio.sleep(0.1)
    run.start = time.perf_counter() + 0.5
    run.stop = run.start + seconds
    run.ready.set()
    busy = asyncio.create_task(machine_busy(run.start, run.stop))
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=seconds + 120)
    run.cpu_busy = await busy
    return run


def cpu_times() -> tuple[int, int] | None:
    """(busy, total) clock ticks of all cores since boot, from Linux's /proc/stat; None elsewhere."""
    try:
        # user, nice, system, idle, iowait, irq, softirq, steal (guest time is counted in user already)
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + fields[4]  # idle and waiting for I/O
    return sum(fields) - idle, sum(fields)


async def machine_busy(start: float, stop: float) -> float | None:
    """Share of the machine's CPU (all cores, servers and clients together) in use while measuring."""
    await asyncio.sleep(max(0.0, start - time.perf_counter()))
    before = cpu_times()
    await asyncio.sleep(max(0.0, stop - time.perf_counter()))
    after = cpu_times()
    if before is None or after is None or after[1] == before[1]:
        return None
    return (after[0] - before[0]) / (after[1] - before[1])


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def summary(runs: list[Run], people: int, seconds: float) -> dict[str, Any]:
    """Figures over one or more runs of the same scenario, their samples pooled."""
    latencies = [x for run in runs for x in run.latencies] or [float("nan")]
    cross = [x for run in runs for x in run.cross_latencies]
    changes = sum(run.changes for run in runs)
    deliveries = sum(run.deliveries for run in runs)
    expected = changes * (people - 1)
    return {
        "participants": people,
        "changes": changes,
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(p99(latencies) * 1000, 2),
        "cross_p99_ms": round(p99(cross) * 1000, 2) if cross else None,
        "delivered_per_s": round(deliveries / (seconds * len(runs)), 1),
        "delivered_share": round(deliveries / expected, 4) if expected else 0.0,
        "errors": sum(run.errors for run in runs),
        "machine_cpu_busy": round(statistics.mean(busy), 2)
        if (busy := [r.cpu_busy for r in runs if r.cpu_busy is not None])
        else None,
    }


def scenario(kind: str, people: int, rate: float, seconds: float) -> dict[str, float]:
    with server(kind) as (url, headers, _map_id):
        return asyncio.run(measure(url, headers, people, rate, seconds))


def alternating(
    kinds: tuple[str, ...], rounds: int, people: int, rate: float, seconds: float
) -> dict[str, object]:
    """The same scenario on each server in turn, ``rounds`` times, each on a fresh server. A single run's
    p99 rests on its few slowest changes and moves by half between runs on this machine; alternating
    spreads the machine's own hiccups evenly, and the pooled samples give a steadier p99."""
    runs: dict[str, list[Run]] = {kind: [] for kind in kinds}
    early: dict[str, list[dict[str, int]]] = {kind: [] for kind in kinds}
    for _ in range(rounds):
        for kind in kinds:
            with server(kind) as (url, headers, _map_id):
                runs[kind].append(asyncio.run(drive(url, headers, people, rate, seconds)))
                if kind == "empathy":
                    early[kind].append(early_edits(url))
    return {
        kind: summary(done, people, seconds)
        | {"p99_ms_each_round": [round(p99(r.latencies) * 1000, 2) for r in done]}
        | ({"early_edits_each_round": early[kind]} if early[kind] else {})
        for kind, done in runs.items()
    }


def early_edits(ws_url: str) -> dict[str, int]:
    """How many note edits our server showed before storing them, and withdrew (from /metrics)."""
    base = ws_url.replace("ws://", "http://").split("/api/")[0]
    counts = {"shown": 0, "withdrawn": 0}
    for line in httpx.get(f"{base}/metrics", timeout=10).text.splitlines():
        if line.startswith("empathy_live_early_edits_total{"):
            outcome = line.split('outcome="')[1].split('"')[0]
            counts[outcome] = int(float(line.rsplit(" ", 1)[1]))
    return counts


def largest_room(
    kind: str, sizes: list[int], rate: float, seconds: float, limit_ms: float
) -> dict[str, object]:
    """Grow the room until p99 passes the limit (or every size passes); report the largest that held."""
    tried = []
    best = 0
    for people in sizes:
        result = scenario(kind, people, rate, seconds)
        tried.append(result)
        if result["p99_ms"] > limit_ms or result["delivered_share"] < 0.999:
            break
        best = people
    return {"largest_room": best, "tried": tried}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short runs with small rooms (a smoke test)")
    args = parser.parse_args()
    seconds = 5.0 if args.quick else 20.0
    sizes = [20, 40] if args.quick else [100, 200, 300, 400, 500, 600]
    rounds = 1 if args.quick else 5
    steady: dict[str, Any] = alternating(("bare", "empathy"), rounds, 50, 0.5, seconds)
    each = zip(steady["bare"]["p99_ms_each_round"], steady["empathy"]["p99_ms_each_round"], strict=True)
    capacity = {
        kind: largest_room(kind, sizes, 0.2, seconds if args.quick else 15.0, 100.0)
        for kind in ("bare", "empathy")
    }
    bare_room = capacity["bare"]["largest_room"] or 1
    report = {
        "benchmark": "live_propagation",
        "steady_50_participants_0.5_per_s": steady,
        "p99_ratio_vs_bare": round(steady["empathy"]["p99_ms"] / steady["bare"]["p99_ms"], 2),
        "p99_ratio_each_round": [round(ours / bare, 2) for bare, ours in each],
        "delivered_ratio_vs_bare": round(
            steady["empathy"]["delivered_per_s"] / max(steady["bare"]["delivered_per_s"], 1e-9), 2
        ),
        "capacity_p99_under_100ms_at_0.2_per_s": capacity,
        "room_ratio_vs_bare": round(capacity["empathy"]["largest_room"] / bare_room, 2),  # type: ignore[operator]
        "targets": {"p99_ratio_max": 1.3, "p99_ms_max": 50, "room_ratio_min": 0.8, "room_min": 300},
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
