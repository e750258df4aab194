"""Generated requests against every route in /openapi.json (schemathesis): whatever a client sends, the
server answers without a 5xx and every answer matches the documented response schema."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.e2e.server import running_server
from tests.integration.instances import owner_with_map

EXAMPLES = int(os.environ.get("EMPATHY_FUZZ_EXAMPLES", "200"))  # per route; CI keeps the default


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, dict[str, str]]]:
    with running_server() as base:
        auth, map_id = owner_with_map(base)  # a map with content, so ids 1.. exist
        for text in ("one", "two"):
            httpx.post(f"{base}/api/maps/{map_id}/notes", json={"segment": "see", "text": text}, headers=auth)
        yield base, auth


def test_no_server_error_and_no_schema_violation(server: tuple[str, dict[str, str]]) -> None:
    base, auth = server
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 50  # every route is exercised
    for operation in operations:
        # Never sign the fuzzing account out from under the cases that follow.
        signs_out = operation.path == "/api/auth/logout" or operation.path.startswith("/api/me/tokens/")
        try:
            exercise(operation, base, {} if signs_out else auth)()
        except Exception as error:  # collected: one report covering every route
            failures.append(f"{operation.method.upper()} {operation.path}: {str(error)[:600]}")
    assert not failures, "\n\n".join(failures)


def exercise(operation: Any, base: str, headers: dict[str, str]) -> Any:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    def run(case: Any) -> None:
        case.call_and_validate(
            base_url=base, headers=headers, checks=[not_a_server_error, response_schema_conformance]
        )

    return run
