"""Runs the legal-basis scenarios in tests/law/scenarios/*.yaml: one test per scenario."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any

import pytest
import yaml

from ctcoop.kb import KnowledgeBase, load_kb
from ctcoop.kb.importers import run_import
from ctcoop.kb.reference import UNTC
from ctcoop.kb.store import DataStore
from ctcoop.law.bases import bases
from ctcoop.model import Level, Truth, parse_measure

KEYS = frozenset(
    {
        "name",
        "sources",
        "parties",
        "measure",
        "date",
        "needs",
        "expect",
        "exact",
        "not_in_force",
        "unknown",
        "absent",
        "caveats",
        "binding",
        "not_binding",
        "none_at",
    }
)
REQUIRED = ("name", "sources", "parties", "measure", "date")


def problems(case: dict[str, Any], kb: KnowledgeBase) -> list[str]:
    """What is wrong with one scenario: unknown or missing keys, sources the KB does not know."""
    found = []
    for key in case:
        if key not in KEYS:
            close = difflib.get_close_matches(str(key), sorted(KEYS), n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            found.append(f"unknown key '{key}'{hint}")
    found += [f"missing key '{key}'" for key in REQUIRED if key not in case]
    found += [f"unknown source '{s}'" for s in case.get("sources") or [] if s not in kb.sources]
    return found


SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))
CASES = [(path.stem, case) for path in SCENARIOS for case in yaml.safe_load(path.read_text())]


@pytest.fixture(scope="module")
def untc_kb(reference_data: Path, tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    store = DataStore(tmp_path_factory.mktemp("scenario-store"))
    base = load_kb()
    folder = reference_data / "treaties" / "untc-chapter18-2014"
    for name, instrument in UNTC.items():
        run_import(base, store, "untc", folder / name, instrument=instrument)
    return load_kb(store=store)


@pytest.mark.parametrize(("file", "case"), CASES, ids=[c["name"] for _, c in CASES])
def test_scenario(
    file: str, case: dict[str, Any], kb: KnowledgeBase, request: pytest.FixtureRequest
) -> None:
    assert problems(case, kb) == [], case["name"]
    world = request.getfixturevalue("untc_kb") if case.get("needs") == "untc" else kb
    a, b = case["parties"]
    result = bases(
        world, a, b, parse_measure(case["measure"]), dt.date.fromisoformat(str(case["date"]))
    )
    listed = {x.instrument.id: x for x in result.bases}
    for level_name, expected in (case.get("expect") or {}).items():
        level = Level(level_name)
        in_force = {
            x.instrument.id for x in result.bases if x.level is level and x.in_force is Truth.TRUE
        }
        if level_name in case.get("exact", []):
            assert in_force == set(expected), f"{level_name}: {sorted(in_force)}"
        else:
            assert set(expected) <= in_force, f"{level_name}: {sorted(in_force)}"
    for ident in case.get("not_in_force", []):
        assert ident in listed and listed[ident].in_force is Truth.FALSE, ident
    for ident in case.get("unknown", []):
        assert ident in listed and listed[ident].in_force is Truth.UNKNOWN, ident
    for ident in case.get("absent", []):
        assert ident not in listed, ident
    for ident in case.get("binding", []):
        assert ident in listed and listed[ident].binding, ident
    for ident in case.get("not_binding", []):
        assert ident in listed and not listed[ident].binding, ident
    for level_name in case.get("none_at", []):
        assert not result.by_level()[Level(level_name)], level_name
    for ident, texts in (case.get("caveats") or {}).items():
        caveats = " | ".join(listed[ident].caveats())
        for text in texts:
            assert text in caveats, f"{ident}: {caveats}"


def test_a_misspelt_scenario_fails(kb: KnowledgeBase) -> None:
    """The fixture's scenario has a misspelt key, no sources and an unknown source id."""
    bad = yaml.safe_load((Path(__file__).parent / "fixtures" / "bad-scenario.yaml").read_text())
    found = problems(bad[0], kb)
    assert "unknown key 'not_in_forse'; did you mean 'not_in_force'?" in found
    assert "missing key 'sources'" in found
    found = problems(bad[1], kb)
    assert found == ["unknown source 'src:no-such-source'"]
