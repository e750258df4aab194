"""Real server processes and a private Redis for the multi-instance tests: started, killed with SIGKILL
and started again, as happens in production."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def scale_unavailable(reason: str) -> None:
    if os.environ.get("EMPATHY_REQUIRE_SCALE") == "1":
        pytest.fail(f"The scale tests are required (EMPATHY_REQUIRE_SCALE=1) but cannot run: {reason}")
    pytest.skip(f"Scale test skipped: {reason}")


class Process:
    """One child process with its log in a folder of its own; can be killed and started again."""

    def __init__(self, command: list[str], env: dict[str, str], name: str):
        self.command, self.env, self.name = command, env, name
        self.folder = Path(tempfile.mkdtemp(prefix=f"es-{name}-"))
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = (self.folder / "log.txt").open("ab")
        self.process = subprocess.Popen(self.command, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash or an OOM kill."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
        self.kill()

    def log(self) -> str:
        return (self.folder / "log.txt").read_text(errors="replace")[-3000:]

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class RedisServer(Process):
    def __init__(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(binary).exists():
            scale_unavailable("no redis-server program (apt-get install redis-server)")
        self.port = free_port()
        super().__init__(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            dict(os.environ),
            "redis",
        )

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        super().start()
        wait_for(lambda: _port_open(self.port), f"redis did not start:\n{self.log()}")


class Instance(Process):
    """`empathy serve` on a shared database (and Redis, when given)."""

    def __init__(self, database_url: str, redis_url: str | None, channel: str, name: str):
        self.port = free_port()
        env = {**os.environ, "EMPATHY_DATABASE_URL": database_url, "EMPATHY_ENV": "test"}
        if redis_url:
            env |= {"EMPATHY_REDIS_URL": redis_url, "EMPATHY_REDIS_CHANNEL": channel}
        command = [
            sys.executable,
            "-m",
            "empathy_studio",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
        ]
        super().__init__(command, env, name)
        self.env["EMPATHY_DATA_DIR"] = str(self.folder)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def live_url(self, map_id: int, since: int | None = None) -> str:
        query = f"?since={since}" if since is not None else ""
        return f"ws://127.0.0.1:{self.port}/api/maps/{map_id}/live{query}"

    def start(self) -> None:
        super().start()
        wait_for(lambda: _ready(self.base), f"{self.name} did not get ready:\n{self.log()}")


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def _ready(base: str) -> bool:
    try:
        return httpx.get(f"{base}/readyz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def wait_for(check: Any, message: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.1)


def owner_with_map(base: str) -> tuple[dict[str, str], int]:
    """Sign up the first account on a fresh instance, make an API token and one map."""
    with httpx.Client(base_url=base, timeout=30) as http:
        http.post(
            "/api/auth/signup",
            json={
                "email": "olivia@example.org",
                "password": "correct horse battery",
                "display_name": "Olivia",
            },
        ).raise_for_status()
        csrf = {"X-CSRF-Token": http.cookies["es_csrf"]}
        token = http.post("/api/me/tokens", json={"name": "test"}, headers=csrf).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        workspace = http.get("/api/workspaces", headers=auth).json()[0]["id"]
        project = http.post(f"/api/workspaces/{workspace}/projects", json={"name": "P"}, headers=auth).json()
        board = http.post(f"/api/projects/{project['id']}/maps", json={"title": "M"}, headers=auth).json()
        return auth, int(board["id"])


def invited_member(base: str, owner: dict[str, str]) -> tuple[dict[str, str], int, int]:
    """A member invited into the owner's workspace: their API headers, user id and the workspace id."""
    with httpx.Client(base_url=base, timeout=30) as http:
        workspace = http.get("/api/workspaces", headers=owner).json()[0]["id"]
        invite = http.post(f"/api/workspaces/{workspace}/invites", json={"role": "member"}, headers=owner)
        http.post(
            "/api/auth/signup",
            json={
                "email": "mo@example.org",
                "password": "correct horse battery",
                "display_name": "Mo",
                "invite_token": invite.json()["token"],
            },
        ).raise_for_status()
        csrf = {"X-CSRF-Token": http.cookies["es_csrf"]}
        token = http.post("/api/me/tokens", json={"name": "t"}, headers=csrf).json()["token"]
        member = {"Authorization": f"Bearer {token}"}
        return member, int(http.get("/api/me", headers=member).json()["id"]), int(workspace)


def snapshot(base: str, auth: dict[str, str], map_id: int) -> dict[str, Any]:
    response = httpx.get(f"{base}/api/maps/{map_id}", headers=auth, timeout=30)
    response.raise_for_status()
    result: dict[str, Any] = json.loads(response.text)
    return result
