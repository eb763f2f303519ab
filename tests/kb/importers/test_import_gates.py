"""Nothing wrongly accepted: an empty, header-only or much smaller file never replaces an import.

Each importer is fed a good file, then a bad one; the bad one is refused (exit 3, one clear line),
the stored import is byte-for-byte unchanged and the answers stay as they were.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ctcoop.cli.main import main
from ctcoop.kb import load_kb
from ctcoop.kb.store import DataStore
from ctcoop.law import status

FIX = Path(__file__).parent.parent.parent / "fixtures" / "imports"
UNODA = {
    "Pakistan": {
        "International Convention for the Suppression of Acts of Nuclear Terrorism": {
            "actions": ["Signature", "Ratification"],
            "dates": ["2005-09-14", "2016-06-21"],
        }
    },
    "France": {
        "International Convention for the Suppression of Acts of Nuclear Terrorism": {
            "actions": ["Signature", "Ratification"],
            "dates": ["2005-09-14", "2013-09-11"],
        }
    },
}


def _header_only(source: Path, target: Path) -> None:
    first = source.read_text().splitlines()[0]
    target.write_text(first + "\n")


def _cow_header_only(source: Path, target: Path) -> None:
    with gzip.open(source, "rt") as handle:
        first = handle.readline()
    with gzip.open(target, "wt") as handle:
        handle.write(first)


CASES: list[tuple[str, list[str], Path | None, Callable[[Path, Path], None] | None]] = [
    ("untc", ["--instrument", "un-1999-terrorist-financing"], FIX / "untc-good.csv", _header_only),
    ("csv", ["--name", "test-list"], FIX / "generic-good.csv", _header_only),
    ("cow", [], FIX / "cow-small.csv.gz", _cow_header_only),
    ("unoda", [], None, lambda _s, t: t.write_text("{}")),
]


def _snapshot(store: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((store / "imports").glob("*.json"))
    }


@pytest.mark.parametrize(("kind", "extra", "good", "make_empty"), CASES)
def test_empty_or_header_only_never_replaces(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    kind: str,
    extra: list[str],
    good: Path | None,
    make_empty: Callable[[Path, Path], None],
) -> None:
    store = tmp_path / "store"
    if good is None:  # UNODA: a small harvest in its published shape
        good = tmp_path / "treatydata.json"
        good.write_text(json.dumps(UNODA))
    base = ["data", "import", kind, *extra, "--data-dir", str(store)]
    assert main([*base, str(good)]) == 0
    before = _snapshot(store)
    empty = tmp_path / ("empty" + "".join(good.suffixes))
    make_empty(good, empty)
    capsys.readouterr()
    assert main([*base, str(empty)]) == 3
    err = capsys.readouterr().err
    assert "holds no facts" in err and "is kept" in err and "Traceback" not in err
    assert _snapshot(store) == before


def test_a_much_smaller_file_needs_a_reason(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, reference_data: Path
) -> None:
    """The reproduction: a UN status table cut to a third would turn PAK from bound to unknown."""
    full = reference_data / "treaties" / "untc-chapter18-2014" / "18-11.csv"
    cut = tmp_path / "18-11-cut.csv"
    cut.write_text("\n".join(full.read_text(encoding="utf-8-sig").splitlines()[:60]) + "\n")
    store = tmp_path / "store"
    base = ["data", "import", "untc", "--instrument", "un-1999-terrorist-financing"]
    assert main([*base, str(full), "--data-dir", str(store)]) == 0
    before = _snapshot(store)
    capsys.readouterr()
    assert main([*base, str(cut), "--data-dir", str(store)]) == 3
    assert "more than 20% fewer" in capsys.readouterr().err
    assert _snapshot(store) == before
    day = dt.date(2012, 1, 1)
    kb = load_kb(store=DataStore(store))
    assert status(kb, "PAK", "un-1999-terrorist-financing", day).status.value == "bound"
    # the operator can accept it, with a reason that is kept
    reason = "the depositary withdrew entries"
    args = [*base, str(cut), "--data-dir", str(store), "--accept-shrink", reason]
    assert main(args) == 0
    saved = json.loads((store / "imports" / "untc-un-1999-terrorist-financing.json").read_text())
    assert saved["accepted_shrink"]["reason"] == reason


def test_unoda_wrong_types_and_deep_nesting_are_clear_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"France": {"Nuclear Terrorism Convention": {"actions": 5}}}))
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    for path, message in ((wrong, "must be lists"), (deep, "nested too deeply")):
        code = main(["data", "import", "unoda", str(path), "--data-dir", str(tmp_path / "s")])
        err = capsys.readouterr().err
        assert code == 3 and message in err and "Traceback" not in err


def test_names_become_file_names_only_when_simple(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    args = ["data", "import", "csv", str(FIX / "generic-good.csv"), "--data-dir", str(tmp_path)]
    assert main([*args, "--name", "../../etc/passwd"]) == 2
    assert "not a simple name" in capsys.readouterr().err
    assert not list(tmp_path.rglob("*.json"))
