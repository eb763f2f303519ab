"""No empty or truncated sanctions list ever becomes the active one (the reproductions of issue 12).

An empty UN list, a header-only EU file, an empty or truncated OFAC list: each load is refused
with a clear error, the earlier version stays active, and screening still finds who it found.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ctcoop.cli.main import main

FIXTURES = Path(__file__).parent / "fixtures"
EMPTY_UN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<CONSOLIDATED_LIST dateGenerated="2026-03-01T10:00:00.000Z">'
    "<INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>\n"
)


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, object, str]:
    capsys.readouterr()  # what earlier commands printed
    code = main([*argv, "--json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out.strip() else None, captured.err


def test_empty_un_list_is_never_active(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, reference_data: Path
) -> None:
    store = ["--data-dir", str(tmp_path)]
    good = reference_data / "sanctions" / "un" / "consolidated-2018-10-29.xml"
    assert main(["lists", "load", str(good), *store]) == 0
    empty = tmp_path / "empty.xml"
    empty.write_text(EMPTY_UN)
    capsys.readouterr()
    code = main(["lists", "load", str(empty), *store])
    err = capsys.readouterr().err
    assert code == 3 and "lists no one" in err and "version 1 stays active" in err
    _, listed, _ = _json(capsys, "lists", "list", *store)
    versions = {v["id"]: v for v in listed["versions"]}  # type: ignore[index]
    assert versions[1]["active"] and not versions[2]["active"] and versions[2]["rejected"]
    # an empty list is never accepted, even with a reason
    assert main(["lists", "load", str(empty), *store, "--accept-shrink", "test"]) == 3
    capsys.readouterr()
    code, found, _ = _json(capsys, "screen", "Aiman al-Zawahiri", *store)
    assert code == 0
    assert any("ZAWAHIRI" in h["name"].upper() for h in found["results"])  # type: ignore[index]
    assert found["list"]["version"] == 1  # type: ignore[index]


def test_a_much_shorter_list_needs_a_reason(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store = ["--data-dir", str(tmp_path)]
    assert main(["lists", "load", str(FIXTURES / "un-v1.xml"), *store]) == 0
    text = (FIXTURES / "un-v1.xml").read_text()
    start, end = text.index("<INDIVIDUAL>"), text.index("</INDIVIDUALS>")
    shorter = tmp_path / "shorter.xml"
    shorter.write_text(text[:start] + text[end:])  # the same list without its individuals
    capsys.readouterr()
    code = main(["lists", "load", str(shorter), *store])
    assert code == 3 and "fewer" in capsys.readouterr().err
    assert main(["lists", "load", str(shorter), *store, "--accept-shrink", "delistings"]) == 0
    _, listed, _ = _json(capsys, "lists", "list", *store)
    active = [v for v in listed["versions"] if v["active"]]  # type: ignore[index]
    assert len(active) == 1 and active[0]["accepted"] == "delistings"


def _ofac(tmp_path: Path, reference_data: Path) -> Path:
    folder = tmp_path / "ofac"
    shutil.copytree(reference_data / "sanctions" / "ofac" / "consolidated-2025", folder)
    for f in folder.iterdir():
        f.chmod(0o644)
    return folder


def test_truncated_or_empty_ofac_list_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, reference_data: Path
) -> None:
    store = ["--data-dir", str(tmp_path / "store")]
    good = _ofac(tmp_path / "good", reference_data)
    assert main(["lists", "load", str(good / "cons_prim.csv"), *store]) == 0
    cut = _ofac(tmp_path / "cut", reference_data)
    prim = cut / "cons_prim.csv"
    data = prim.read_bytes()
    prim.write_bytes(data[: int(len(data) * 0.6)].rsplit(b"\n", 1)[0] + b"\n")  # cut at 60 %
    capsys.readouterr()
    assert main(["lists", "load", str(prim), *store]) == 3
    assert "looks truncated" in capsys.readouterr().err
    empty = _ofac(tmp_path / "empty", reference_data)
    for f in empty.iterdir():
        f.write_bytes(b"")
    assert main(["lists", "load", str(empty / "cons_prim.csv"), *store]) == 3
    assert "lists no one" in capsys.readouterr().err
    _, listed, _ = _json(capsys, "lists", "list", *store)
    assert [v["id"] for v in listed["versions"] if v["active"]] == [1]  # type: ignore[index]


def test_header_only_eu_file_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, reference_data: Path
) -> None:
    store = ["--data-dir", str(tmp_path / "store")]
    good = reference_data / "sanctions" / "eu" / "fsf-csv-excerpt-2018.csv"
    assert main(["lists", "load", str(good), *store]) == 0
    header = tmp_path / "eu-header.csv"
    header.write_bytes(good.read_bytes().splitlines(keepends=True)[0])
    capsys.readouterr()
    assert main(["lists", "load", str(header), *store, "--list", "eu"]) == 3
    assert "Traceback" not in capsys.readouterr().err


def test_four_simultaneous_loads_of_one_list(tmp_path: Path) -> None:
    """Four processes load the same file at once: all succeed, one version is stored."""
    import subprocess
    import sys

    args = [sys.executable, "-m", "ctcoop", "lists", "load", str(FIXTURES / "un-v1.xml")]
    runs = [
        subprocess.Popen(
            [*args, "--data-dir", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(4)
    ]
    results = [(p.wait(timeout=120), p.stderr.read().decode() if p.stderr else "") for p in runs]
    for run in runs:
        for stream in (run.stdout, run.stderr):
            if stream:
                stream.close()
    assert all(code == 0 for code, _ in results), results
    assert not any("Traceback" in err for _, err in results)
    listed = subprocess.run(
        [sys.executable, "-m", "ctcoop", "lists", "list", "--json", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(json.loads(listed.stdout)["versions"]) == 1


@pytest.mark.parametrize("columns", [False, True], ids=["before-the-gates", "after-the-gates"])
def test_a_database_from_an_earlier_release_is_adopted(tmp_path: Path, columns: bool) -> None:
    """A database an earlier release made without migrations (no version table; before the
    gates also without 'rejected' and 'accepted') opens, keeps its data and is migrated."""
    import sqlite3

    from ctcoop.kb.store import DataStore
    from ctcoop.screening.store import VERSION_TABLE, ScreeningStore

    store = ScreeningStore.open(DataStore(tmp_path))
    store.load(FIXTURES / "un-v1.xml")
    store.close()
    database = sqlite3.connect(tmp_path / "screening.sqlite")
    database.execute(f"DROP TABLE {VERSION_TABLE}")
    if not columns:
        database.execute("ALTER TABLE list_versions DROP COLUMN rejected")
        database.execute("ALTER TABLE list_versions DROP COLUMN accepted")
    database.commit()
    database.close()
    reopened = ScreeningStore.open(DataStore(tmp_path))
    try:
        versions = reopened.versions()
        assert len(versions) == 1 and versions[0].active and versions[0].rejected is None
    finally:
        reopened.close()
    database = sqlite3.connect(tmp_path / "screening.sqlite")
    try:
        assert database.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall() == [
            ("0002",)
        ]
    finally:
        database.close()
