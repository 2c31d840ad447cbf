"""The OpenAPI schema fuzzed with schemathesis: no input makes the API fail with a server error.

Runs against the real application on a SQLite database with the demo data of every capability,
signed in with an admin's API token (the widest permissions), so every operation is reached, not
just refused at the door. (Schemathesis's own pytest plugin does not load under pytest 9, so the
operations are driven with Hypothesis directly.)
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from awas.app import App
from awas.web.application import create_app
from awas.web.tokens import TokenService


def test_no_input_causes_a_server_error(sqlite_dash: App) -> None:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_app(sqlite_dash))
    secret = TokenService(sqlite_dash).create("admin.bawaslu", "fuzz", actor="t").secret
    headers = {"authorization": f"Bearer {secret}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    statuses: list[int] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case: schemathesis.Case) -> None:
            response = case.call(headers=headers)
            statuses.append(response.status_code)
            assert response.status_code < 500, f"{case.method} {case.formatted_path} → {response.status_code}"

        call()
    assert 200 in statuses and 422 in statuses  # the fuzzer reached the operations, with good and bad input
