"""Running the CLI in-process from the tests, and reading what it printed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ctcoop.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    data = json.loads(captured.out) if "--json" in argv and captured.out else captured.out
    return code, data, captured.err
