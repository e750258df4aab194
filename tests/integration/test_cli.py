"""The `empathy` command, run as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def empathy(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EMPATHY_DATA_DIR": str(data_dir), "NO_COLOR": "1", "COLUMNS": "120"}
    env.pop("EMPATHY_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "empathy_studio", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = empathy("--help", data_dir=tmp_path)
    assert result.returncode == 0
    for command in ("serve", "demo", "db"):
        assert command in result.stdout
    assert "upgrade" in empathy("db", "--help", data_dir=tmp_path).stdout


def test_db_upgrade_creates_the_sqlite_database(tmp_path: Path) -> None:
    result = empathy("db", "upgrade", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "revision" in result.stdout
    assert (tmp_path / "empathy.db").exists()


def test_demo_without_an_account_explains_what_to_do(tmp_path: Path) -> None:
    result = empathy("demo", data_dir=tmp_path)
    assert result.returncode == 1
    assert "create the first account" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [("demo", "--language", "fr"), ("serve", "--port", "0")])
def test_bad_arguments_are_refused_with_a_message(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = empathy(*args, data_dir=tmp_path)
    assert result.returncode == 2
    assert "Invalid value" in result.stderr
