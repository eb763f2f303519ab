"""Running the CLI in-process from the tests, and reading what it printed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ctcoop.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    data = json.loads(captured.out) if "--json" in argv and captured.out else captured.out
    return code, data, captured.err


def import_untc(capsys: pytest.CaptureFixture[str], reference_data: Path, *store: str) -> None:
    """Import the UN Treaty Collection's status files of the reference data (``--data-dir``
    given in ``store``)."""
    from ctcoop.kb.reference import UNTC

    folder = reference_data / "treaties" / "untc-chapter18-2014"
    for name, instrument in UNTC.items():
        code, _, err = run(
            capsys, "data", "import", "untc", str(folder / name), "--instrument", instrument, *store
        )
        assert code == 0, err
