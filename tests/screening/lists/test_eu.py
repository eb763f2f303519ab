"""The EU Financial Sanctions Files CSV 1.0: an invented file, its wrapped variant, failures, and
the real excerpt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from followthemoney import EntityProxy

from ctcoop.errors import DataError
from ctcoop.screening.lists import ListSnapshot, load_list
from ctcoop.screening.lists.eu import parse_eu


def entity(snapshot: ListSnapshot, ident: str) -> EntityProxy:
    return next(e for e in snapshot.entities if e.id == ident)


@pytest.fixture
def eu(eu_file: Path) -> ListSnapshot:
    return parse_eu(eu_file)


def test_grouped_by_entity(eu: ListSnapshot) -> None:
    assert eu.list_name == "eu"
    assert str(eu.published) == "2020-01-15"
    assert eu.counts == {"Organization": 1, "Person": 1, "Sanction": 2}


@pytest.mark.parametrize(
    ("ident", "prop", "expected"),
    [
        ("eu-101", "name", ["Anna Example"]),
        ("eu-101", "alias", ["Anna Exampleova"]),
        ("eu-101", "gender", ["female"]),
        ("eu-101", "position", ["Financier"]),
        ("eu-101", "birthDate", ["1975-04-03", "1976"]),
        ("eu-101", "birthPlace", ["Brno"]),
        ("eu-101", "birthCountry", ["cz"]),
        ("eu-101", "nationality", ["cz"]),
        ("eu-101", "idNumber", ["P-998877"]),
        ("eu-102", "name", ["Sample Import Office"]),
        ("eu-102", "address", ["Example Road 5, Basra, IRQ"]),
        ("eu-102", "country", ["iq"]),
    ],
)
def test_fields(eu: ListSnapshot, ident: str, prop: str, expected: list[str]) -> None:
    assert entity(eu, ident).get(prop) == expected


def test_sanction(eu: ListSnapshot) -> None:
    sanction = entity(eu, "eu-101-sanction")
    assert sanction.get("program") == ["TERR"]
    assert sanction.get("authorityId") == ["EU.101.1"]
    assert sanction.get("listingDate") == ["2016-01-01"]  # the earliest act


EuLines = Callable[[list[tuple[str, str, str, str, dict[str, str]]] | None], str]


def test_wrapped_lines_and_cp1252(tmp_path: Path, eu_lines: EuLines) -> None:
    """Some exports quote each whole line (inner quotes doubled) and pad it with tabs."""
    extra = (
        "103",
        "P",
        "TERR",
        "2018-03-22",
        {"Naal_wholename": "José Muñoz", "Naal_function": '"Head; of office"'},
    )
    lines = (eu_lines(None) + eu_lines([extra]).split("\r\n", 1)[1]).splitlines()
    wrapped = "\r\n".join('"' + line.replace('"', '""') + '"' + "\t" * 5 for line in lines)
    path = tmp_path / "wrapped.csv"
    path.write_bytes(wrapped.encode("cp1252"))
    snapshot = load_list(path)
    assert snapshot.list_name == "eu"
    person = entity(snapshot, "eu-103")
    assert person.get("name") == ["José Muñoz"]
    assert person.get("position") == ["Head; of office"]
    assert snapshot.counts["Person"] == 2


@pytest.mark.parametrize(
    ("change", "line", "field", "words"),
    [
        (lambda t: t.replace(";Brno;", ";Brno;;", 1), 4, None, "expected 59 columns, found 60"),
        (lambda t: t.replace("1975-04-03", "1975-13-03"), 4, "Birt_date", "not a date"),
        (
            lambda t: t.replace("2003-07-08", "2003-17-08", 1),
            8,
            "Leba_publication_date",
            "not a date",
        ),
        (lambda t: t.replace("102;E;", "102;X;", 1), 8, "Subject_type", "is not P or E"),
        (lambda t: t.replace("Date_file", "Datum", 1), 1, None, "does not start with Date_file"),
    ],
)
def test_bad_rows(
    tmp_path: Path,
    eu_lines: EuLines,
    change: Callable[[str], str],
    line: int,
    field: str | None,
    words: str,
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(change(eu_lines(None)), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        parse_eu(path)
    problem = caught.value.problems[0]
    assert (problem.line, problem.field) == (line, field)
    assert words in problem.message


def test_real_excerpt(reference_data: Path) -> None:
    path = reference_data / "sanctions" / "eu" / "fsf-csv-excerpt-2018.csv"
    snapshot = load_list(path)
    assert str(snapshot.published) == "2018-07-04"
    targets = snapshot.targets()
    assert len(targets) == snapshot.counts["Sanction"] > 50
    assert all(t.get("name") for t in targets)
    programmes = {s.first("program") for s in snapshot.sanctions()}
    assert {"TERR", "IRQ"} <= programmes
