"""A small STIX 2.1 bundle of our own (one report, fresh ids), for the exchange's tests and its
benchmark; importable from every test folder (pytest puts ``tests/`` on the path for its
conftest)."""

from __future__ import annotations

import uuid
from typing import Any


def report(name: str = "test report", **extra: Any) -> dict[str, Any]:
    """A STIX 2.1 report object with a fresh id; ``extra`` adds or replaces properties."""
    return {
        "type": "report",
        "spec_version": "2.1",
        "id": f"report--{uuid.uuid4()}",
        "created": "2026-01-01T00:00:00.000Z",
        "modified": "2026-01-01T00:00:00.000Z",
        "name": name,
        "published": "2026-01-01T00:00:00Z",
        "report_types": ["threat-report"],
        "object_refs": [f"identity--{uuid.uuid4()}"],
        **extra,
    }


def bundle(name: str = "test report", **extra: Any) -> dict[str, Any]:
    """A bundle of one :func:`report`."""
    return {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": [report(name, **extra)]}
