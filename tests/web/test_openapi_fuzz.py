"""The OpenAPI schema fuzzed with schemathesis: no input makes the API fail with a server error.

Runs against the real application on a SQLite database, signed in with an admin's API token (the
widest permissions), so every operation is reached, not just refused at the door.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from awas.app import App
from awas.web.application import create_app
from awas.web.tokens import TokenService


@pytest.fixture
def api_schema(sqlite_web: App) -> Iterator[schemathesis.schemas.BaseSchema]:
    api = create_app(sqlite_web)
    secret = TokenService(sqlite_web).create("admin.bawaslu", "fuzz", actor="test").secret
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", api)
    schema.config.headers = {"authorization": f"Bearer {secret}"}  # type: ignore[attr-defined]
    yield schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_causes_a_server_error(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path} → {response.status_code}"
    case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])
