"""OFAC's legacy CSV layout: invented files with OFAC's quirks (CRLF, 0x1A, ``-0-``), then the
real SDN and consolidated samples."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from followthemoney import EntityProxy

from ctcoop.errors import DataError
from ctcoop.screening.lists import ListSnapshot, load_list
from ctcoop.screening.lists.ofac import parse_ofac
from ctcoop.screening.lists.ofac_remarks import ofac_date


def entity(snapshot: ListSnapshot, ident: str) -> EntityProxy:
    return next(e for e in snapshot.entities if e.id == ident)


@pytest.fixture
def sdn(ofac_dir: Path) -> ListSnapshot:
    return parse_ofac(ofac_dir / "sdn.csv")


def test_types_and_counts(sdn: ListSnapshot) -> None:
    assert sdn.list_name == "ofac-sdn"
    assert sdn.published is None
    assert sdn.counts == {
        "Airplane": 1,
        "Organization": 1,
        "Person": 1,
        "Sanction": 4,
        "Vessel": 1,
    }


@pytest.mark.parametrize(
    ("ident", "prop", "expected"),
    [
        ("ofac-901", "name", ["EXAMPLE, John Quincy"]),
        ("ofac-901", "lastName", ["EXAMPLE"]),
        ("ofac-901", "firstName", ["John Quincy"]),
        ("ofac-901", "birthDate", ["1970-01-02", "1971"]),
        ("ofac-901", "birthPlace", ["Lahore, Pakistan"]),
        ("ofac-901", "nationality", ["pk"]),
        ("ofac-901", "gender", ["male"]),
        ("ofac-901", "passportNumber", ["A1234567"]),
        ("ofac-901", "idNumber", ["12345-6789012-3"]),
        ("ofac-901", "alias", ["Johnny Example", "ABU TEST"]),
        ("ofac-901", "address", ["Karachi, Pakistan"]),
        ("ofac-902", "previousName", ["OLD EXAMPLE CO"]),
        ("ofac-902", "alias", ["ETC"]),
        ("ofac-902", "email", ["info@example.invalid"]),  # only in the comments file
        ("ofac-902", "country", ["kp"]),
        ("ofac-903", "imoNumber", ["IMO9074729"]),  # checked, normalised
        ("ofac-903", "flag", ["pa"]),
        ("ofac-903", "callSign", ["9XYZ1"]),
        ("ofac-903", "type", ["Crude Oil Tanker"]),
        ("ofac-904", "name", ["EP-EXA"]),
    ],
)
def test_fields(sdn: ListSnapshot, ident: str, prop: str, expected: list[str]) -> None:
    assert entity(sdn, ident).get(prop) == expected


def test_programs_and_remarks(sdn: ListSnapshot) -> None:
    sanction = entity(sdn, "ofac-901-sanction")
    assert sanction.get("program") == ["SDGT", "IRGC"]
    assert sanction.get("authorityId") == ["901"]
    notes = entity(sdn, "ofac-902").get("notes")
    assert any("comments file; Email Address" in n for n in notes)  # remarks joined, not cut


def test_the_folder_works_too(ofac_dir: Path) -> None:
    assert load_list(ofac_dir).counts == parse_ofac(ofac_dir / "sdn.csv").counts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31 Aug 1960", ["1960-08-31"]),
        ("Aug 1960", ["1960-08"]),
        ("1960", ["1960"]),
        ("circa 1958", ["1958"]),
        ("1962 to 1964", ["1962", "1963", "1964"]),
        ("31 Feb 1960", []),
        ("unknown", []),
    ],
)
def test_dates_in_remarks(text: str, expected: list[str]) -> None:
    assert ofac_date(text) == expected


def test_wrong_column_count_is_refused(ofac_dir: Path) -> None:
    path = ofac_dir / "sdn.csv"
    path.write_bytes(path.read_bytes().replace(b'"EP-EXA","aircraft",', b'"EP-EXA",'))
    with pytest.raises(DataError) as caught:
        parse_ofac(path)
    problem = caught.value.problems[0]
    assert (problem.line, problem.message) == (4, "expected 12 columns, found 11")


def test_not_an_ofac_file(tmp_path: Path) -> None:
    other = tmp_path / "names.csv"
    other.write_text("a,b\n")
    with pytest.raises(DataError, match="not an OFAC legacy CSV list"):
        parse_ofac(other)


def _rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8").rstrip("\x1a")
    return [r for r in csv.reader(text.splitlines()) if r]


@pytest.mark.parametrize(
    ("folder", "name"), [("sdn-2021", "ofac-sdn"), ("consolidated-2025", "ofac-cons")]
)
def test_real_samples(reference_data: Path, folder: str, name: str) -> None:
    path = reference_data / "sanctions" / "ofac" / folder
    snapshot = load_list(path)
    primary = path / ("sdn.csv" if name == "ofac-sdn" else "cons_prim.csv")
    rows = _rows(primary)
    assert snapshot.list_name == name
    assert snapshot.counts["Sanction"] == len(rows)
    kinds = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
    for row in rows[:200]:
        target = entity(snapshot, f"ofac-{row[0]}")
        assert target.schema.name == kinds.get(row[2].strip('" '), "Organization")
