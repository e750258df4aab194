"""Shared fixtures: a fresh database per test, on SQLite and (marked) on PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def postgres_url() -> str:
    return os.environ.get("EMPATHY_TEST_POSTGRES_URL", DEFAULT_POSTGRES)


async def _admin(statement: str) -> None:
    import asyncpg

    url = make_url(postgres_url())
    connection = await asyncpg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        database=url.database,
        timeout=5,
    )
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def _postgres_unavailable(reason: str) -> None:
    if os.environ.get("EMPATHY_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required (EMPATHY_REQUIRE_POSTGRES=1) but unreachable: {reason}")
    pytest.skip(f"PostgreSQL unreachable at {postgres_url()}: {reason}")


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"es_test_{uuid.uuid4().hex[:12]}"
    try:
        asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    except (TimeoutError, OSError) as error:
        _postgres_unavailable(str(error))
    except Exception as error:  # asyncpg's own errors: auth, missing database
        _postgres_unavailable(f"{type(error).__name__}: {error}")
    yield make_url(postgres_url()).set(database=name).render_as_string(hide_password=False)
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'empathy.db'}"
    url: str = request.getfixturevalue("postgres_database")
    return url


@pytest.fixture(scope="session")
def test_model_folder() -> Path:
    """The ONNX test model test.sh prepares (EMPATHY_TEST_MODEL); skips, or fails under
    EMPATHY_REQUIRE_MODEL=1, when it is missing."""
    folder = Path(os.environ.get("EMPATHY_TEST_MODEL", ".cache/models/all-MiniLM-L6-v2"))
    if not (folder / "model.onnx").is_file() or not (folder / "tokenizer.json").is_file():
        message = f"test model missing at {folder}: run ./test.sh, or source scripts/setup.sh and run setup_test_model"
        if os.environ.get("EMPATHY_REQUIRE_MODEL") == "1":
            pytest.fail(f"The test model is required (EMPATHY_REQUIRE_MODEL=1) but {message}")
        pytest.skip(message)
    return folder.resolve()


@pytest.fixture(scope="session")
def model_cache_dir(test_model_folder: Path) -> Path:
    """Where tests keep what the sorter learns from the model, shared by every test and process, so it
    is learned once per machine as in a real installation (learning itself is tested on its own)."""
    return test_model_folder.parent.parent / "model-cache"  # .cache/model-cache, as scripts/setup.sh fills it
