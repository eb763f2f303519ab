"""The UN Consolidated List parser: invented fixtures for each rule and failure, real snapshots."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from followthemoney import EntityProxy

from ctcoop.errors import DataError
from ctcoop.screening.lists import (
    ListSnapshot,
    load_list,
    original_script_names,
    without_original_script,
)
from ctcoop.screening.lists.un import parse_un

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture(scope="module")
def v1() -> ListSnapshot:
    return parse_un(FIXTURES / "un-v1.xml")


def entity(snapshot: ListSnapshot, ident: str) -> EntityProxy:
    return next(e for e in snapshot.entities if e.id == ident)


def test_snapshot_metadata(v1: ListSnapshot) -> None:
    assert v1.list_name == "un"
    assert str(v1.published) == "2019-03-01"
    assert v1.published_at == "2019-03-01T10:00:00.000Z"
    assert len(v1.sha256) == 64
    assert v1.counts == {
        "Identification": 1,
        "Organization": 1,
        "Passport": 1,
        "Person": 2,
        "Sanction": 3,
    }


@pytest.mark.parametrize(
    ("ident", "prop", "expected"),
    [
        ("un-9000001", "name", ["JOHN QUINCY EXAMPLE"]),
        ("un-9000001", "firstName", ["JOHN"]),
        ("un-9000001", "secondName", ["QUINCY"]),
        ("un-9000001", "middleName", ["EXAMPLE"]),
        ("un-9000001", "lastName", []),
        ("un-9000001", "alias", ["جون كوينسي", "Johnny Example"]),
        ("un-9000001", "weakAlias", ["Abu Test"]),
        ("un-9000001", "birthDate", ["1970-01-02", "1971"]),
        ("un-9000001", "birthPlace", ["Lahore, Punjab, Pakistan"]),
        ("un-9000001", "birthCountry", ["pk"]),
        ("un-9000001", "nationality", ["pk"]),
        ("un-9000001", "country", ["pk"]),
        ("un-9000001", "address", ["Karachi, Pakistan"]),
        ("un-9000001", "passportNumber", ["A1234567"]),
        ("un-9000001", "idNumber", ["12345-6789012-3"]),
        ("un-9000001", "gender", ["male"]),
        ("un-9000001", "title", ["Haji"]),
        ("un-9000001", "position", ["Treasurer"]),
        ("un-9000002", "birthDate", ["1960", "1961", "1962", "1963"]),  # BETWEEN 1960 and 1963
        ("un-9000002", "nationality", []),  # "na" is no nationality, not Namibia
        ("un-9000003", "name", ["EXAMPLE TRADING COMPANY"]),
        ("un-9000003", "alias", ["ETC"]),
        ("un-9000003", "previousName", ["OLD EXAMPLE CO"]),
        ("un-9000003", "country", ["kp"]),
        (
            "un-9000003",
            "address",
            ["1 Example Street, Pyongyang, Democratic People's Republic of Korea"],
        ),
    ],
)
def test_entry_fields(v1: ListSnapshot, ident: str, prop: str, expected: list[str]) -> None:
    assert entity(v1, ident).get(prop) == expected


@pytest.mark.parametrize(
    ("ident", "schema", "program", "reference", "listed", "modified"),
    [
        ("un-9000001", "Person", "Al-Qaida", "QDi.901", "2010-05-04", ["2015-07-01"]),
        ("un-9000002", "Person", "Taliban", "TAi.902", "2011-01-01", []),  # date with time zone
        ("un-9000003", "Organization", "DPRK", "KPe.903", "2016-11-30", []),
    ],
)
def test_sanction_per_designation(
    v1: ListSnapshot,
    ident: str,
    schema: str,
    program: str,
    reference: str,
    listed: str,
    modified: list[str],
) -> None:
    assert entity(v1, ident).schema.name == schema
    sanction = entity(v1, f"{ident}-sanction")
    assert sanction.get("entity") == [ident]
    assert sanction.get("authority") == ["United Nations Security Council"]
    assert sanction.get("program") == [program]
    assert sanction.get("unscId") == [reference]
    assert sanction.get("listingDate") == [listed]
    assert sanction.get("modifiedAt") == modified


def test_documents_become_entities(v1: ListSnapshot) -> None:
    docs = {
        e.schema.name: e for e in v1.entities if e.schema.name in {"Passport", "Identification"}
    }
    assert docs["Passport"].get("number") == ["A1234567"]
    assert docs["Passport"].get("holder") == ["un-9000001"]
    assert docs["Passport"].get("country") == ["pk"]
    assert docs["Passport"].get("startDate") == ["2005-03-04"]
    assert docs["Identification"].get("number") == ["12345-6789012-3"]


def test_original_script_is_marked_and_removable(v1: ListSnapshot) -> None:
    person = entity(v1, "un-9000002")
    assert original_script_names(person) == ["Мария Тестова"]
    assert "Мария Тестова" in person.get("alias")
    stripped = without_original_script(person)
    assert "Мария Тестова" not in stripped.get("alias")
    assert stripped.get("alias") == ["Mariya Testova"]
    assert original_script_names(stripped) == []
    assert "Мария Тестова" in person.get("alias")  # the original is untouched
    round_trip = EntityProxy.from_dict(person.to_dict())
    assert original_script_names(round_trip) == ["Мария Тестова"]


def test_ids_are_deterministic() -> None:
    first = parse_un(FIXTURES / "un-v1.xml")
    second = parse_un(FIXTURES / "un-v1.xml")
    assert [e.id for e in first.entities] == [e.id for e in second.entities]
    assert first.sha256 == second.sha256


@pytest.mark.parametrize(
    ("fixture", "line", "field", "words"),
    [
        ("un-truncated.xml", 79, None, "malformed or cut off"),
        ("un-external-entity.xml", 2, None, "document type (DTD)"),
        ("un-entity-expansion.xml", 2, None, "document type (DTD)"),
        ("un-external-dtd.xml", 2, None, "document type (DTD)"),
        ("un-wrong-root.xml", 2, None, "not <CONSOLIDATED_LIST>"),
        ("un-bad-date.xml", 116, "LISTED_ON", "not a valid date: '2016-11-31'"),
        ("un-missing-reference.xml", 75, "REFERENCE_NUMBER", "has no REFERENCE_NUMBER"),
    ],
)
def test_bad_files_are_refused(fixture: str, line: int, field: str | None, words: str) -> None:
    with pytest.raises(DataError) as caught:
        parse_un(FIXTURES / fixture)
    problem = caught.value.problems[0]
    assert problem.file.endswith(fixture)
    assert problem.line == line
    assert problem.field == field
    assert words in problem.message
    assert problem.fix  # always says what to do


def test_external_entity_is_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    text = (FIXTURES / "un-external-entity.xml").read_text(encoding="utf-8")
    bad = tmp_path / "list.xml"
    bad.write_text(text.replace("file:///etc/passwd", secret.as_uri()), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        parse_un(bad)
    assert "TOP-SECRET-VALUE" not in str(caught.value)


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_size_limit(how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = FIXTURES / "un-v1.xml"
    size = path.stat().st_size
    if how == "environment":
        monkeypatch.setenv("CTCOOP_LIST_MAX_BYTES", str(size - 1))
        call = lambda: parse_un(path)  # noqa: E731
    else:
        call = lambda: parse_un(path, max_bytes=size - 1)  # noqa: E731
    with pytest.raises(DataError) as caught:
        call()
    problem = caught.value.problems[0]
    assert f"{size:,} bytes" in problem.message
    assert "CTCOOP_LIST_MAX_BYTES" in problem.fix
    assert parse_un(path, max_bytes=size).counts["Person"] == 2  # exactly at the limit: fine


def test_oversized_file_is_not_read_whole(tmp_path: Path) -> None:
    big = tmp_path / "big.xml"
    with big.open("wb") as handle:
        handle.write(b"<CONSOLIDATED_LIST>")
        handle.seek(60 * 1024 * 1024)
        handle.write(b"</CONSOLIDATED_LIST>")
    with pytest.raises(DataError, match="more than the limit of 52,428,800"):
        parse_un(big)


def test_load_list_detects_the_format() -> None:
    assert load_list(FIXTURES / "un-v1.xml").list_name == "un"


def test_fixture_follows_the_published_schema(reference_data: Path) -> None:
    etree = pytest.importorskip("lxml.etree")
    schema = etree.XMLSchema(etree.parse(str(reference_data / "sanctions/un/sc-sanctions.xsd")))
    for name in ("un-v1.xml", "un-v2.xml"):
        document = etree.parse(str(FIXTURES / name))
        assert schema.validate(document), schema.error_log


# --------------------------------------------------------------------- the real snapshots


def _reference_counts(path: Path) -> tuple[int, int, set[str]]:
    root = ET.parse(path).getroot()
    individuals = root.findall("INDIVIDUALS/INDIVIDUAL")
    entities = root.findall("ENTITIES/ENTITY")
    refs = {str(e.findtext("REFERENCE_NUMBER")).strip() for e in individuals + entities}
    return len(individuals), len(entities), refs


def test_real_2026_snapshot(un_2026: Path) -> None:
    snapshot = parse_un(un_2026)
    assert str(snapshot.published) == "2026-02-27"
    assert snapshot.counts["Person"] == 730
    assert snapshot.counts["Organization"] == 273
    assert snapshot.counts["Sanction"] == 1003
    individuals, entities, refs = _reference_counts(un_2026)
    assert (individuals, entities) == (730, 273)
    assert {s.first("unscId") for s in snapshot.sanctions()} == refs
    marked = [e for e in snapshot.targets() if original_script_names(e)]
    assert len(marked) > 300  # the Arabic- (and other-) script names of most entries
    assert all(set(original_script_names(e)) <= set(e.get("alias")) for e in marked)
    assert sum(len(e.get("weakAlias")) for e in snapshot.targets()) > 500


def test_real_2018_snapshot(un_2018: Path) -> None:
    snapshot = parse_un(un_2018)
    individuals, entities, refs = _reference_counts(un_2018)
    assert str(snapshot.published) == "2018-10-29"
    assert (snapshot.counts["Person"], snapshot.counts["Organization"]) == (
        individuals,
        entities,
    )
    assert {s.first("unscId") for s in snapshot.sanctions()} == refs


def test_without_original_script_leaves_sanctions_alone() -> None:
    from followthemoney import model

    from ctcoop.screening.lists.common import without_original_script

    sanction = model.make_entity("Sanction")
    sanction.id = "un-sanction-1"
    sanction.add("program", "Al-Qaida")
    assert without_original_script(sanction).get("program") == ["Al-Qaida"]
