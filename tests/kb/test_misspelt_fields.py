"""A misspelt field fails `ctcoop data check` with its file, line and a suggestion, for every kind
of record the knowledge base holds (tested on a copy of the shipped data)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ctcoop.cli.main import main
from ctcoop.kb.paths import shipped_data_dir

SECTIONS = (
    "sources",
    "organizations",
    "bodies",
    "agencies",
    "memberships",
    "instruments",
    "participations",
    "status_records",
    "mechanisms",
    "events",
    "sets",
    "states",
)
FIRST_KEY = re.compile(r"^  - \{?(\w+):", re.MULTILINE)


def _first_record(section: str) -> tuple[Path, int, str]:
    """(file, line, first field) of the first record of ``section`` in the shipped data."""
    for path in sorted(shipped_data_dir().rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        found = re.search(rf"^{section}:\s*$", text, re.MULTILINE)
        if not found:
            continue
        record = FIRST_KEY.search(text, found.end())
        if record:
            return path, text.count("\n", 0, record.start()) + 1, record.group(1)
    raise AssertionError(f"no {section} in the shipped data")


@pytest.mark.parametrize("section", SECTIONS)
def test_misspelt_field_is_named_with_a_suggestion(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, section: str
) -> None:
    path, line, key = _first_record(section)
    copy = tmp_path / "data"
    shutil.copytree(shipped_data_dir(), copy)
    target = copy / path.relative_to(shipped_data_dir())
    lines = target.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = lines[line - 1].replace(f"{key}:", f"{key}x:", 1)
    target.write_text("\n".join(lines), encoding="utf-8")
    code = main(["data", "check", "--kb", str(copy), "--data-dir", str(tmp_path / "store")])
    err = capsys.readouterr().err
    assert code == 3, err
    assert f"unknown field '{key}x'" in err and f"did you mean '{key}'" in err, err
    assert f"{target.name}:{line}" in err, err
