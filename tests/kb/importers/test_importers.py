"""Importers against small fixtures of our own: every failure mode, and nothing lost."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from ctcoop.errors import DataError
from ctcoop.kb import KnowledgeBase, load_kb
from ctcoop.kb.importers import run_import
from ctcoop.kb.store import DataStore
from ctcoop.law import Status, status
from ctcoop.model import Truth

FIX = Path(__file__).parent.parent.parent / "fixtures" / "imports"
FINANCING = "un-1999-terrorist-financing"
BEIJING = "icao-2010-beijing-convention"


@pytest.fixture
def store(tmp_path: Path) -> DataStore:
    return DataStore(tmp_path / "store")


def test_untc_html_page(kb: KnowledgeBase, store: DataStore) -> None:
    report = run_import(kb, store, "untc", FIX / "untc-page.html", instrument=FINANCING)
    assert [u["name"] for u in report.unresolved] == ["Ruritania"]  # reported, never dropped
    merged = load_kb(store=store)
    kinds = {(p.state, a.type.value) for p in merged.participants(FINANCING) for a in p.actions}
    assert {
        ("AFG", "accession"),
        ("FRA", "ratification"),
        ("DEU", "ratification"),
        ("BIH", "succession"),
        ("CIV", "acceptance"),
        ("NLD", "approval"),
        ("ITA", "signature"),
    } <= kinds
    # the footnote marks (<sup>) are not part of the names
    assert merged.participation("DEU", FINANCING) is not None
    assert report.status_records == [{"instrument": FINANCING, "as_of": "2009-06-17"}]


def test_untc_csv_with_footnotes_and_duplicates(kb: KnowledgeBase, store: DataStore) -> None:
    report = run_import(kb, store, "untc", FIX / "untc-good.csv", instrument=FINANCING)
    assert [u["name"] for u in report.unresolved] == ["Ruritania"]
    assert any("duplicate accession of PAK" in s["reason"] for s in report.skipped)
    assert report.participations == 3


@pytest.mark.parametrize(
    ("fixture", "line", "message"),
    [
        ("untc-truncated.csv", None, "truncated"),
        ("untc-bad-date.csv", 3, "day is out of range"),
        ("untc-short-row.csv", 3, "2 fields where the header has 3"),
        ("untc-page-truncated.html", None, "truncated"),
    ],
)
def test_untc_refuses_bad_files(
    kb: KnowledgeBase, store: DataStore, fixture: str, line: int | None, message: str
) -> None:
    with pytest.raises(DataError) as caught:
        run_import(kb, store, "untc", FIX / fixture, instrument=FINANCING)
    problem = caught.value.problems[0]
    assert problem.file.endswith(fixture) and problem.line == line
    assert message in problem.message
    assert not store.imports.exists() or not list(store.imports.iterdir())


def test_failed_import_leaves_previous_state_intact(kb: KnowledgeBase, store: DataStore) -> None:
    run_import(kb, store, "untc", FIX / "untc-good.csv", instrument=FINANCING)
    saved = store.imports / f"untc-{FINANCING}.json"
    before = hashlib.sha256(saved.read_bytes()).hexdigest()
    with pytest.raises(DataError, match="truncated"):
        run_import(kb, store, "untc", FIX / "untc-truncated.csv", instrument=FINANCING)
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == before
    assert [p.name for p in store.imports.iterdir()] == [saved.name]  # no temporary left behind
    merged = load_kb(store=store)
    assert status(merged, "PAK", FINANCING, dt.date(2010, 1, 1)).status is Status.BOUND


def test_generic_csv(kb: KnowledgeBase, store: DataStore) -> None:
    report = run_import(kb, store, "csv", FIX / "generic-good.csv", name="test", body="Test body")
    assert report.participations == 3 and len(report.skipped) == 1  # the duplicate row
    merged = load_kb(store=store)
    fra = merged.participation("FRA", BEIJING)
    assert fra is not None
    cited = merged.sources[fra.actions[0].sources[0]]
    assert cited.title == "Test list A" and cited.file_hash
    # Beijing: first day of the second month after deposit
    result = status(merged, "FRA", BEIJING, dt.date(2018, 7, 1))
    assert result.status is Status.BOUND and str(result.in_force_from) == "2018-07-01"
    assert status(merged, "PAK", BEIJING, dt.date(2019, 5, 1)).status is Status.BOUND
    assert status(merged, "PAK", BEIJING, dt.date(2019, 4, 30)).status is Status.NOT_BOUND


@pytest.mark.parametrize(
    ("fixture", "line", "field", "message"),
    [
        ("generic-after-withdrawal.csv", 4, "action", "comes after its withdrawal"),
        ("generic-bad-instrument.csv", 2, "instrument", "unknown instrument"),
        ("generic-truncated.csv", 3, None, "truncated"),
    ],
)
def test_generic_csv_refuses(
    kb: KnowledgeBase, store: DataStore, fixture: str, line: int, field: str | None, message: str
) -> None:
    with pytest.raises(DataError) as caught:
        run_import(kb, store, "csv", FIX / fixture)
    problem = next(p for p in caught.value.problems if message in p.message)
    assert problem.line == line and problem.field == field


def test_a_row_with_several_bad_fields_names_each(kb: KnowledgeBase, store: DataStore) -> None:
    """Instrument, action, date and source are all wrong on line 2: four problems, one each,
    not only the first found."""
    with pytest.raises(DataError) as caught:
        run_import(kb, store, "csv", FIX / "generic-every-field-bad.csv")
    found = {(p.line, p.field) for p in caught.value.problems}
    assert found == {(2, "instrument"), (2, "action"), (2, "date"), (2, "source")}


def test_unknown_name_is_reported_not_dropped(kb: KnowledgeBase, store: DataStore) -> None:
    report = run_import(kb, store, "csv", FIX / "generic-unknown-name.csv")
    assert report.unresolved == [
        {"name": "Atlantis", "line": 2, "reason": "no state or organisation of this name is known"}
    ]
    imported = load_kb(store=store).imports
    assert imported[0].unresolved[0]["name"] == "Atlantis"


def test_cow_small_file(kb: KnowledgeBase, store: DataStore) -> None:
    report = run_import(kb, store, "cow", FIX / "cow-small.csv.gz")
    assert any(u["name"] == "baden" for u in report.unresolved)
    merged = load_kb(store=store)
    # ASEAN has curated members: the COW rows are kept as evidence, not used
    evidence = {(m.member, str(m.interval)) for m in merged.evidence}
    assert ("KHM", "[1999, …)") in evidence and ("IDN", "[1997, …)") in evidence


def test_cow_truncated(kb: KnowledgeBase, store: DataStore) -> None:
    with pytest.raises(DataError, match="truncated"):
        run_import(kb, store, "cow", FIX / "cow-truncated.csv.gz")


def test_missing_file(kb: KnowledgeBase, store: DataStore) -> None:
    with pytest.raises(DataError, match="no such file"):
        run_import(kb, store, "csv", FIX / "nope.csv")


def test_reimport_replaces(kb: KnowledgeBase, store: DataStore) -> None:
    run_import(kb, store, "untc", FIX / "untc-good.csv", instrument=FINANCING)
    run_import(kb, store, "untc", FIX / "untc-page.html", instrument=FINANCING)
    assert len(list(store.imports.iterdir())) == 1
    merged = load_kb(store=store)
    assert merged.participation("DEU", FINANCING) is not None


def test_membership_evidence_truth(kb: KnowledgeBase, store: DataStore) -> None:
    run_import(kb, store, "cow", FIX / "cow-small.csv.gz")
    merged = load_kb(store=store)
    khm = next(m for m in merged.evidence if m.member == "KHM")
    assert khm.interval.holds_on(dt.date(1998, 12, 31)) is Truth.FALSE
    assert khm.interval.holds_on(dt.date(1999, 12, 31)) is Truth.TRUE
