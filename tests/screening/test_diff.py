"""Designations added, removed and amended: the invented versions exactly, the real UN snapshots
against an independent count of their reference numbers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ctcoop.screening.diff import ListDiff, diff_entities
from ctcoop.screening.lists.un import parse_un

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def fixture_diff() -> ListDiff:
    old = parse_un(FIXTURES / "un-v1.xml")
    new = parse_un(FIXTURES / "un-v2.xml")
    return diff_entities(old.entities, new.entities)


def test_counts(fixture_diff: ListDiff) -> None:
    assert fixture_diff.counts() == {"added": 1, "removed": 1, "amended": 1, "unchanged": 1}
    assert [d.key for d in fixture_diff.added] == ["LYi.904"]
    assert [d.key for d in fixture_diff.removed] == ["TAi.902"]
    assert fixture_diff.added[0].program == ("Libya",)
    assert fixture_diff.changed_entity_ids() == {"un-9000004", "un-9000001"}


def test_amendment_names_the_fields(fixture_diff: ListDiff) -> None:
    (amendment,) = fixture_diff.amended
    assert amendment.key == "QDi.901"
    assert amendment.fields == ("birthDate", "weakAlias")
    changes = {c.field: (c.removed, c.added) for c in amendment.changes}
    assert changes["birthDate"] == (("1971",), ())
    assert changes["weakAlias"] == ((), ("Abu Example",))


def test_same_version_has_no_changes() -> None:
    snapshot = parse_un(FIXTURES / "un-v1.xml")
    diff = diff_entities(snapshot.entities, parse_un(FIXTURES / "un-v1.xml").entities)
    assert diff.counts() == {"added": 0, "removed": 0, "amended": 0, "unchanged": 3}


def test_json_form(fixture_diff: ListDiff) -> None:
    data = fixture_diff.to_json()
    assert data["added"][0]["reference_number"] == "LYi.904"
    assert data["amended"][0]["changed"][0] == {
        "field": "birthDate",
        "removed": ["1971"],
        "added": [],
    }


def _references(path: Path) -> set[str]:
    root = ET.parse(path).getroot()
    return {
        str(e.findtext("REFERENCE_NUMBER")).strip()
        for e in root.findall("INDIVIDUALS/INDIVIDUAL") + root.findall("ENTITIES/ENTITY")
    }


def test_real_snapshots(un_2018: Path, un_2026: Path) -> None:
    old, new = parse_un(un_2018), parse_un(un_2026)
    diff = diff_entities(old.entities, new.entities)
    before, after = _references(un_2018), _references(un_2026)
    assert {d.key for d in diff.added} == after - before
    assert {d.key for d in diff.removed} == before - after
    assert len(diff.amended) + diff.unchanged == len(before & after)
    assert diff.added and diff.removed and diff.amended  # real additions, removals, amendments
    fields = {f for a in diff.amended for f in a.fields}
    assert {"name", "alias", "birthDate"} <= fields
    # the 2018 list still carried 238 Iraq designations; most were removed by 2026
    removed_iraq = [d for d in diff.removed if d.program == ("Iraq",)]
    assert len(removed_iraq) > 100
