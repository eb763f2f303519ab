"""Every bad-input class against every importer and list parser: a clear outcome, nothing lost.

For each (reader, kind of damage): a good file is loaded first, then the damaged one. The run ends
with one of the documented exit codes (never a traceback); when it is refused, the store is
exactly as the good load left it; damage that must never pass (truncation, empty, header only,
oversize, deep nesting, impossible dates) is refused.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ctcoop.cli.main import main

ROOT = Path(__file__).parent
IMPORTS = ROOT / "fixtures" / "imports"
UN = ROOT / "screening" / "fixtures" / "un-v1.xml"
LIMIT = 400_000  # the size limit the tests set, so that "huge" stays quick


def _truncated(data: bytes) -> bytes:
    return data[: int(len(data) * 0.6)]


def _header_only(data: bytes) -> bytes:
    return data.split(b"\n", 1)[0] + b"\n"


def _dates(data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    text = re.sub(r"\b(\d{4})-\d{2}-\d{2}\b", r"\1-02-30", text)
    text = re.sub(r"\b\d{1,2} ([A-Z][a-z]{2}) (\d{4})", r"31 Feb \2", text)
    text = re.sub(r"\b\d{2}/\d{2}/(\d{2,4})\b", r"45/13/\1", text)
    return text.encode()


def _oversized(data: bytes) -> bytes:
    head, _, tail = data.partition(b"\n")
    return head + b"\n" + b"x" * 200_000 + b"," + tail


DAMAGE: dict[str, tuple[Callable[[bytes], bytes], bool]] = {
    # name: (damage, must it be refused?)
    "truncated": (_truncated, True),
    "utf16": (lambda d: d.decode("utf-8", "replace").encode("utf-16"), False),
    "bom": (lambda d: b"\xef\xbb\xbf" + d, False),
    "crlf": (lambda d: d.replace(b"\n", b"\r\n"), False),
    "ctrl-z": (lambda d: d + b"\x1a", False),
    "nul": (lambda d: d[: len(d) // 2] + b"\x00" + d[len(d) // 2 :], False),
    "empty": (lambda d: b"", True),
    "header-only": (_header_only, True),
    "oversized-field": (_oversized, False),
    "extra-columns": (lambda d: d.replace(b"\n", b",extra\n"), False),
    "impossible-dates": (_dates, False),
    "deep-nesting": (lambda d: b"[" * 100_000 + b"]" * 100_000, True),
    "huge": (lambda d: d + b" " * (LIMIT + 1), True),
}


def _unoda(tmp: Path) -> Path:
    path = tmp / "treatydata.json"
    treaty = "International Convention for the Suppression of Acts of Nuclear Terrorism"
    path.write_text(
        json.dumps(
            {
                "Pakistan": {
                    treaty: {
                        "actions": ["Signature", "Deposit of instruments of ratification"],
                        "dates": ["2005-09-14", "2016-06-21"],
                    }
                },
                "France": {
                    treaty: {
                        "actions": ["Signature", "Deposit of instruments of ratification"],
                        "dates": ["2005-09-14", "2013-09-11"],
                    }
                },
            }
        )
    )
    return path


def _icao(tmp: Path) -> Path:
    path = tmp / "hague.html"
    rows = "".join(
        f"<tr><td>{n}</td><td>{s}</td><td>{d}</td><td>{e}</td></tr>\n"
        for n, s, d, e in (
            ("Afghanistan", "16 December 1970", "29 August 1979", "28 September 1979"),
            ("Albania", "-", "21 October 1997 (a)", "20 November 1997"),
            ("Chad", "27 December 1970", "", ""),
        )
    )
    path.write_text(
        "<html><body>\n<table>\n<tr><th>State</th><th>Date of signature</th>"
        f"<th>Date of deposit</th><th>Effective date</th></tr>\n{rows}</table>\n</body></html>\n"
    )
    return path


IMPORTERS: dict[str, tuple[list[str], Callable[[Path], Path]]] = {
    "untc": (["--instrument", "un-1999-terrorist-financing"], lambda t: IMPORTS / "untc-good.csv"),
    "csv": (["--name", "matrix"], lambda t: IMPORTS / "generic-good.csv"),
    "unoda": ([], _unoda),
    "icao": (["--instrument", "icao-1970-hague"], _icao),
}


def _state(store: Path) -> dict[str, str]:
    return {
        str(p.relative_to(store)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(store.rglob("*"))
        if p.is_file() and "cache" not in p.parts and "downloads" not in p.parts
    }


@pytest.mark.parametrize("damage", list(DAMAGE))
@pytest.mark.parametrize("kind", list(IMPORTERS))
def test_importers(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    damage: str,
) -> None:
    monkeypatch.setenv("CTCOOP_IMPORT_MAX_BYTES", str(LIMIT))
    extra, make = IMPORTERS[kind]
    good = make(tmp_path)
    store = tmp_path / "store"
    base = ["data", "import", kind, *extra, "--data-dir", str(store)]
    assert main([*base, str(good)]) == 0
    before = _state(store)
    change, refuse = DAMAGE[damage]
    bad = tmp_path / f"bad{''.join(good.suffixes)}"
    bad.write_bytes(change(good.read_bytes()))
    refuse = refuse and bad.read_bytes().strip() != good.read_bytes().strip()  # one-line JSON
    capsys.readouterr()
    code = main([*base, str(bad)])
    err = capsys.readouterr().err
    assert code in (0, 2, 3), err
    assert "Traceback" not in err
    if code != 0:
        assert _state(store) == before
        assert str(bad) in err or "--" in err  # the file (or the argument) is named
    if refuse:
        assert code != 0, f"{kind} accepted {damage}"


def _lists(tmp: Path, reference: Path | None) -> dict[str, tuple[Path, Path]]:
    """(file to load, file to damage) per list kind."""
    found = {"un": (UN, UN)}
    if reference is not None:
        ofac = tmp / "ofac"
        shutil.copytree(reference / "sanctions" / "ofac" / "consolidated-2025", ofac)
        for f in ofac.iterdir():
            f.chmod(0o644)
        found["ofac"] = (ofac / "cons_prim.csv", ofac / "cons_prim.csv")
        eu = reference / "sanctions" / "eu" / "fsf-csv-excerpt-2018.csv"
        found["eu"] = (eu, eu)
    return found


@pytest.mark.parametrize("damage", list(DAMAGE))
@pytest.mark.parametrize("kind", ["un", "ofac", "eu"])
def test_list_parsers(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    reference_data: Path,
    kind: str,
    damage: str,
) -> None:
    good, target = _lists(tmp_path, reference_data)[kind]
    monkeypatch.setenv("CTCOOP_LIST_MAX_BYTES", str(max(LIMIT, good.stat().st_size * 2)))
    store = ["--data-dir", str(tmp_path / "store")]
    assert main(["lists", "load", str(good), *store]) == 0
    capsys.readouterr()
    main(["lists", "list", "--json", *store])
    before = [v for v in json.loads(capsys.readouterr().out)["versions"] if v["active"]]
    change, refuse = DAMAGE[damage]
    if kind == "ofac":  # the damaged primary file sits with its (intact) related files
        bad = target
        bad.write_bytes(change(target.read_bytes()))
    else:
        bad = tmp_path / f"bad{good.suffix}"
        bad.write_bytes(change(good.read_bytes()))
    if damage == "huge":
        bad.write_bytes(bad.read_bytes() + b" " * good.stat().st_size * 2)
    code = main(["lists", "load", str(bad), "--list", kind, *store])
    err = capsys.readouterr().err
    assert code in (0, 2, 3), err
    assert "Traceback" not in err
    main(["lists", "list", "--json", *store])
    after = [v for v in json.loads(capsys.readouterr().out)["versions"] if v["active"]]
    if code != 0:
        assert [v["id"] for v in after] == [v["id"] for v in before]
    if refuse:
        assert code != 0, f"{kind} accepted {damage}"
