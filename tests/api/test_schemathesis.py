"""schemathesis against the OpenAPI schema: no server error on any generated input."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from ctcoop.api.app import create_app
from ctcoop.api.settings import Settings

APP = create_app(Settings(data_dir=Path(tempfile.mkdtemp(prefix="ctcoop-schemathesis-"))))
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_server_error(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, (case.path, case.query, response.text[:300])
