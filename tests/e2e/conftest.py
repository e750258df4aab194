"""Browser fixtures: the real server and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.server import CHROMIUM_ARGS, find_chromium, running_server


@pytest.fixture(scope="session")
def chromium_path() -> str:
    found = find_chromium()
    if found is None:
        if os.environ.get("EMPATHY_REQUIRE_BROWSER") == "1":
            pytest.fail("EMPATHY_REQUIRE_BROWSER=1 but no Chromium was found (apt-get install chromium).")
        pytest.skip(
            "No Chromium found: install Debian's 'chromium' or set EMPATHY_CHROMIUM to run browser tests."
        )
    return found


@pytest.fixture
def base_url(chromium_path: str) -> Iterator[str]:
    with running_server() as base:
        yield base


@pytest.fixture
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
