"""Runs the real server as a separate process on a free port, for browser tests and screenshots."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
STATIC = Path(__file__).resolve().parents[2] / "src" / "empathy_studio" / "web" / "static" / "index.html"


def find_chromium() -> str | None:
    for candidate in (os.environ.get("EMPATHY_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_server(env: dict[str, str] | None = None) -> Iterator[str]:
    """Start `empathy serve` in a fresh folder (SQLite unless ``env`` names another database); yield its
    base URL."""
    if not STATIC.exists():
        raise RuntimeError("The web interface is not built: run `npm --prefix frontend run build`.")
    port = _free_port()
    with tempfile.TemporaryDirectory() as data:
        overrides = env or {}
        env = {**os.environ, "EMPATHY_DATA_DIR": data, "EMPATHY_ENV": "test"}
        env.pop("EMPATHY_DATABASE_URL", None)
        env.update(overrides)
        log_path = Path(data) / "server.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "empathy_studio", "serve", "--host", "127.0.0.1", "--port", str(port)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            base = f"http://127.0.0.1:{port}"
            try:
                deadline = time.monotonic() + 60
                while True:
                    with contextlib.suppress(httpx.HTTPError):
                        if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                            break
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"server did not start:\n{log_path.read_text()[-2000:]}")
                    time.sleep(0.1)
                yield base
            finally:
                process.terminate()
                process.wait(timeout=15)
