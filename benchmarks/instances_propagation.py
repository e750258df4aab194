"""Two app instances on PostgreSQL with Redis between them, against one instance on SQLite, in the same
run: propagation latency across instances and delivered messages per second.

    .venv/bin/python benchmarks/instances_propagation.py            # full run (about 6 minutes)
    .venv/bin/python benchmarks/instances_propagation.py --quick    # a short smoke run

Needs PostgreSQL (EMPATHY_BENCH_POSTGRES_URL, default postgresql+asyncpg://postgres@127.0.0.1:5432/test;
a fresh database is made and dropped) and the redis-server program (started privately on a free port).
Prints one JSON object. Servers, PostgreSQL, Redis and the simulated clients all share this machine;
machine_cpu_busy says how much of its CPU a run used, so a ratio bounded by the machine shows as
such. Participants are split round-robin over the two instances; "cross" latencies are those where
sender and receiver sit on different instances. The steady scenario runs three times on each set-up,
alternating, and pools the samples (one run's p99 rests on its few slowest changes). The heavy one
offers more than one instance can deliver on this machine, so it compares what each set-up can carry."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from live_propagation import Run, drive, summary  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from tests.integration.instances import Instance, RedisServer, owner_with_map  # noqa: E402

POSTGRES = os.environ.get("EMPATHY_BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


async def _admin(statement: str) -> None:
    import asyncpg

    url = make_url(POSTGRES)
    connection = await asyncpg.connect(
        host=url.host, port=url.port or 5432, user=url.username, password=url.password, database=url.database
    )
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextlib.contextmanager
def fresh_postgres() -> Iterator[str]:
    name = f"es_bench_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def run_on(instances: list[Instance], people: int, rate: float, seconds: float) -> Run:
    auth, map_id = owner_with_map(instances[0].base)
    urls = [i.live_url(map_id) for i in instances]
    return asyncio.run(drive(urls, auth, people, rate, seconds))


def single(people: int, rate: float, seconds: float) -> Run:
    with tempfile.TemporaryDirectory() as folder:
        instance = Instance(f"sqlite+aiosqlite:///{Path(folder) / 'single.db'}", None, "", "single")
        instance.start()
        try:
            return run_on([instance], people, rate, seconds)
        finally:
            instance.close()


def pair(people: int, rate: float, seconds: float) -> Run:
    with fresh_postgres() as database:
        redis = RedisServer()
        redis.start()
        channel = f"bench-{uuid.uuid4().hex[:8]}"
        first = Instance(database, redis.url, channel, "a")
        second = Instance(database, redis.url, channel, "b")
        try:
            first.start()
            second.start()
            return run_on([first, second], people, rate, seconds)
        finally:
            first.close()
            second.close()
            redis.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short runs (a smoke test)")
    args = parser.parse_args()
    seconds = 5.0 if args.quick else 20.0
    rounds = 1 if args.quick else 3
    heavy_rate = 2.0 if args.quick else 10.0
    # 100 people at 10 changes a second each offer ~99,000 deliveries a second: more than one instance
    # and the clients can take together on a 2-core machine (see delivered_share and machine_cpu_busy).
    heavy_people = 50 if args.quick else 100
    steady_runs: dict[str, list[Run]] = {"one_instance_sqlite": [], "two_instances_pg_redis": []}
    for _ in range(rounds):
        steady_runs["one_instance_sqlite"].append(single(50, 0.5, seconds))
        steady_runs["two_instances_pg_redis"].append(pair(50, 0.5, seconds))
    steady = {setup: summary(runs, 50, seconds) for setup, runs in steady_runs.items()}
    heavy = {
        "one_instance_sqlite": summary([single(heavy_people, heavy_rate, seconds)], heavy_people, seconds),
        "two_instances_pg_redis": summary([pair(heavy_people, heavy_rate, seconds)], heavy_people, seconds),
    }
    one, two = steady["one_instance_sqlite"], steady["two_instances_pg_redis"]
    report = {
        "benchmark": "instances_propagation",
        "steady_50_participants_0.5_per_s": steady,
        f"heavy_{heavy_people}_participants_{heavy_rate}_per_s": heavy,
        "cross_p99_ratio_vs_single": round(two["cross_p99_ms"] / one["p99_ms"], 2),
        "delivered_ratio_two_vs_one_heavy": round(
            heavy["two_instances_pg_redis"]["delivered_per_s"]
            / max(heavy["one_instance_sqlite"]["delivered_per_s"], 1e-9),
            2,
        ),
        "targets": {"cross_p99_ratio_max": 1.5, "delivered_ratio_min": 1.4},
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
