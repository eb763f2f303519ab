"""Issue 7's acceptance, through the command line, on the real 2026 UN list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ctcoop.cli.main import main


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Aiman al-Zawahri", "ZAWAHIRI"),  # a typo'd spelling
        ("Zawahiri Aiman", "ZAWAHIRI"),  # reordered
        ("أيمن الظواهري", "ZAWAHIRI"),  # Arabic script
    ],
)
def test_screen_finds_listed_person_with_regime_and_resolution(
    reference_data: Path, capsys: pytest.CaptureFixture[str], name: str, expected: str
) -> None:
    listing = reference_data / "sanctions" / "un" / "consolidated-2026-02-27.xml"
    code = main(
        [
            "screen",
            name,
            "--list-file",
            str(listing),
            "--state",
            "PAK",
            "--on",
            "2026-03-01",
            "--limit",
            "3",
            "--json",
        ]
    )
    assert code == 0
    top = json.loads(capsys.readouterr().out)["results"][0]
    assert expected in top["name"] and top["match"]
    assert top["regime"] == "Al-Qaida" and "unsc-2253" in top["resolutions"]
    assert any(o["instrument"] == "unsc-2253" for o in top["law"]["obligations"])


@pytest.mark.parametrize(
    ("name", "reference"),
    [("Al-Qaida", "QDe.004"), ("Jamaat ud Dawa", "QDe.118"), ("Zawahiri Aiman", "QDi.006")],
)
def test_a_name_alone_finds_organisations_and_persons(
    reference_data: Path, capsys: pytest.CaptureFixture[str], name: str, reference: str
) -> None:
    """Without --schema a name may be of a person or an organisation (LegalEntity): listed
    organisations are found, as persons are (as a Person query, Al-Qaida found no match)."""
    listing = reference_data / "sanctions" / "un" / "consolidated-2026-02-27.xml"
    assert main(["screen", name, "--list-file", str(listing), "--limit", "3", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert reference in {r["reference_number"] for r in results if r["match"]}, results


def test_lists_load_counts(
    reference_data: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    listing = reference_data / "sanctions" / "un" / "consolidated-2026-02-27.xml"
    assert main(["lists", "load", str(listing), "--json", "--data-dir", str(tmp_path)]) == 0
    counts = json.loads(capsys.readouterr().out)["version"]["counts"]
    assert counts["Person"] == 730 and counts["Organization"] == 273
