"""Importers against the real files in ../shared/data (skipped with a reason where absent)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from ctcoop.kb import KnowledgeBase, load_kb
from ctcoop.kb.conflicts import all_conflicts
from ctcoop.kb.importers import run_import
from ctcoop.kb.store import DataStore
from ctcoop.law import Status, status
from ctcoop.model import Truth

UNTC = {
    "18-5.csv": "un-1979-hostages",
    "18-7.csv": "un-1973-protected-persons",
    "18-9.csv": "un-1997-terrorist-bombings",
    "18-11.csv": "un-1999-terrorist-financing",
    "18-15.csv": "un-2005-nuclear-terrorism",
    "18-12.csv": "un-2000-untoc",
    "18-14.csv": "un-2003-uncac",
}


@pytest.fixture(scope="module")
def imported(
    reference_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[KnowledgeBase, DataStore, dict[str, object]]:
    store = DataStore(tmp_path_factory.mktemp("real-store"))
    kb = load_kb()
    reports: dict[str, object] = {}
    folder = reference_data / "treaties" / "untc-chapter18-2014"
    for name, instrument in UNTC.items():
        reports[name] = run_import(kb, store, "untc", folder / name, instrument=instrument)
    reports["unoda"] = run_import(
        kb, store, "unoda", reference_data / "treaties" / "unoda-2018" / "treatydata.json"
    )
    reports["cow"] = run_import(
        kb, store, "cow", reference_data / "igo" / "cow-igo-v3-igo-year.csv.gz"
    )
    return load_kb(store=store), store, reports


@pytest.mark.parametrize("name", sorted(UNTC))
def test_untc_files_import_with_every_name_resolved(imported: tuple, name: str) -> None:
    _, _, reports = imported
    assert reports[name].unresolved == []  # type: ignore[attr-defined]


def test_parties_of_financing_convention_match_the_file(
    imported: tuple, reference_data: Path
) -> None:
    kb, _, _ = imported
    path = reference_data / "treaties" / "untc-chapter18-2014" / "18-11.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[1:]
    non_states = {"European Union"}
    expected = sum(1 for r in rows if r[2].strip() and r[0] not in non_states)
    on = dt.date(2014, 7, 1)
    bound = [
        p.state
        for p in kb.participants("un-1999-terrorist-financing")
        if status(kb, p.state, "un-1999-terrorist-financing", on).status is Status.BOUND
    ]
    assert len(bound) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2009-07-01", Status.NOT_BOUND),
        ("2009-07-16", Status.NOT_BOUND),
        ("2009-07-17", Status.BOUND),
        ("2009-07-20", Status.BOUND),
    ],
)
def test_pakistan_financing_convention(imported: tuple, day: str, expected: Status) -> None:
    kb, _, _ = imported
    result = status(kb, "PAK", "un-1999-terrorist-financing", dt.date.fromisoformat(day))
    assert result.status is expected
    text = " ".join(s.text for s in result.explanation)
    assert "2009-06-17" in text and "30th day after its deposit" in text
    assert any(s.startswith("src:import-untc") for step in result.explanation for s in step.sources)


def test_absent_state_not_bound_up_to_record_date(imported: tuple) -> None:
    kb, _, _ = imported
    absent = "TUV"  # Tuvalu: not in the 2014 Nuclear Terrorism list
    assert kb.participation(absent, "un-2005-nuclear-terrorism") is None
    assert (
        status(kb, absent, "un-2005-nuclear-terrorism", dt.date(2013, 1, 1)).status
        is Status.NOT_BOUND
    )
    assert (
        status(kb, absent, "un-2005-nuclear-terrorism", dt.date(2020, 1, 1)).status
        is Status.UNKNOWN
    )


def test_unoda_resolves_every_country(imported: tuple) -> None:
    kb, _, reports = imported
    assert reports["unoda"].unresolved == []  # type: ignore[attr-defined]
    assert kb.imports[-1].kind in {"unoda", "untc", "cow"}
    unoda = next(i for i in kb.imports if i.kind == "unoda")
    assert "un-2005-nuclear-terrorism" in unoda.scope["instruments"]
    participants = kb.participants("un-2005-nuclear-terrorism")
    assert len(participants) >= 140


def test_cow_reproduces_asean_ten_in_2014(imported: tuple) -> None:
    kb, _, _ = imported
    day = dt.date(2014, 12, 31)
    asean = {
        m.member
        for m in kb.evidence
        if m.organization == "org:asean"
        and m.role.value == "member"
        and m.interval.holds_on(day) is Truth.TRUE
    }
    assert asean == {"BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM"}


def test_cow_fills_organisations_without_curated_members(imported: tuple) -> None:
    kb, _, _ = imported
    icao = kb.members("org:icao", dt.date(2010, 6, 1))
    assert len([m for m in icao if m.holds is Truth.TRUE]) > 180


def test_conflicts_are_reported_with_both_sources(imported: tuple) -> None:
    kb, _, _ = imported
    found = all_conflicts(kb)
    assert found
    assert all(c.used_sources and c.other_sources for c in found)


def test_crime_conventions_give_a_global_basis_for_mutual_legal_assistance(imported: tuple) -> None:
    from ctcoop.law.bases import bases
    from ctcoop.model import Measure

    kb, _, _ = imported
    result = bases(kb, "USA", "PAK", Measure.MUTUAL_LEGAL_ASSISTANCE, dt.date(2012, 1, 1))
    in_force = {b.instrument.id for b in result.bases if b.in_force is Truth.TRUE}
    assert {"un-2000-untoc", "un-2003-uncac"} <= in_force
