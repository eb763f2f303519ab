"""The Matcher: evidence from dates, countries and identifiers; threshold; candidates; regimes."""

from __future__ import annotations

from typing import Any

import pytest
from followthemoney import EntityProxy, model

from ctcoop.errors import InputError
from ctcoop.screening.matching import DEFAULT_THRESHOLD, Matcher
from ctcoop.screening.matching.record import query_entity


def person(ident: str, name: str, **props: Any) -> EntityProxy:
    entity = model.make_entity("Person")
    entity.id = ident
    entity.add("name", name)
    for prop, value in props.items():
        entity.add(prop, value)
    return entity


def sanction(target: str, program: str, ref: str) -> EntityProxy:
    entity = model.make_entity("Sanction")
    entity.id = f"{target}-sanction"
    entity.add("entity", target)
    entity.add("program", program)
    entity.add("unscId", ref)
    return entity


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    company = model.make_entity("Company")
    company.id = "c1"
    company.add("name", "Northern Star Trading Company")
    entities = [
        person("p1", "Karim Hassan al-Fulani", birthDate="1971-03-02", nationality="iq",
               passportNumber="X1234567", weakAlias="Abu Karim"),
        person("p2", "Ivan Petrovich Sidorov", birthDate=["1980", "1981", "1982"],
               nationality="ru"),
        person("p3", "Karim Hassan", birthDate="1990", nationality="eg"),
        company,
        sanction("p1", "Al-Qaida", "QDi.901"),
    ]  # fmt: skip
    return Matcher(entities)


def top(matcher: Matcher, query: dict[str, Any]) -> tuple[str, float, list[str]]:
    entity, score, why = matcher.match(query)[0]
    return str(entity.id), score, why


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"name": "Karim Hassan al-Fulani"}, "p1"),
        ({"name": "Kareem Hasan al Fulani"}, "p1"),
        ({"name": "كريم حسن الفلاني"}, "p1"),
        ({"name": "Иван Петрович Сидоров"}, "p2"),
        ({"name": "SIDOROV, Ivan"}, "p2"),
        ({"name": "Northern Star Trading Co", "schema": "Company"}, "c1"),
        ({"schema": "Person", "properties": {"name": ["Ivan Sidorov"]}}, "p2"),
        ({"first_name": "Ivan", "last_name": "Sidorov"}, "p2"),
    ],
)
def test_finds_the_listed_entry(matcher: Matcher, query: dict[str, Any], expected: str) -> None:
    ident, score, why = top(matcher, query)
    assert ident == expected
    assert score >= DEFAULT_THRESHOLD
    assert any(w.startswith("name_match") for w in why)


@pytest.mark.parametrize(
    ("extra", "direction", "feature"),
    [
        ({"dob": "1971-03-02"}, 1, "dob_match"),
        ({"dob": "1971"}, 1, "dob_match"),
        ({"dob": "1950"}, -1, "dob_mismatch"),
        ({"country": "Iraq"}, 1, "country_match"),
        ({"country": "FR"}, -1, "country_mismatch"),
    ],
)
def test_evidence_moves_the_score(
    matcher: Matcher, extra: dict[str, str], direction: int, feature: str
) -> None:
    base = {"name": "Karim Hasan al-Fulany"}
    _, plain, _ = top(matcher, base)
    hits = matcher.match({**base, **extra})
    p1 = next(h for h in hits if h[0].id == "p1")
    assert (p1[1] - plain) * direction > 0
    assert any(w.startswith(feature) for w in p1[2])


def test_birth_year_within_a_range(matcher: Matcher) -> None:
    hit = next(h for h in matcher.match({"name": "Ivan Sidorov", "dob": "1981"}) if h[0].id == "p2")
    assert not any(w.startswith("dob_mismatch") for w in hit[2])
    assert any(w.startswith("dob_match") for w in hit[2])


def test_identifier_alone_finds_the_entry(matcher: Matcher) -> None:
    hits = matcher.match({"name": "Someone Else Entirely", "id": "x 123-4567"}, min_score=0.0)
    assert hits[0][0].id == "p1" and hits[0][1] >= 0.9
    assert any("identifier in common: X1234567" in w for w in hits[0][2])


def test_dob_separates_two_namesakes(matcher: Matcher) -> None:
    hits = matcher.match({"name": "Karim Hassan", "dob": "1990"})
    assert hits[0][0].id == "p3"


def test_weak_alias_counts_less(matcher: Matcher) -> None:
    hit = next(h for h in matcher.match({"name": "Abu Karim"}, min_score=0) if h[0].id == "p1")
    assert hit[1] == pytest.approx(0.85, abs=0.01)
    assert "(weak alias)" in hit[2][0]


def test_threshold_decides_match() -> None:
    entities = [person("p1", "Vladimir Putin")]
    query = {"name": "Vladimir Pulin"}
    score = Matcher(entities).screen(query)[0].score
    assert Matcher(entities, threshold=score).screen(query)[0].match
    assert not Matcher(entities, threshold=min(1.0, score + 0.01)).screen(query)[0].match


@pytest.mark.parametrize("threshold", [0.0, -0.1, 1.5])
def test_bad_threshold(threshold: float) -> None:
    with pytest.raises(ValueError, match="threshold"):
        Matcher([], threshold=threshold)


def test_hits_carry_regime_and_reference(matcher: Matcher) -> None:
    hit = matcher.screen({"name": "Karim Hassan al-Fulani"})[0]
    assert (hit.regime, hit.reference_number) == ("Al-Qaida", "QDi.901")
    assert hit.as_json()["reference_number"] == "QDi.901"


def test_explicit_candidates(matcher: Matcher) -> None:
    hits = matcher.match({"name": "Karim Hassan"}, candidates=["p1"], min_score=0)
    assert [h[0].id for h in hits] == ["p1"]


def test_people_are_not_matched_to_companies(matcher: Matcher) -> None:
    hits = matcher.match({"name": "Northern Star Trading Company", "schema": "Person"})
    assert all(h[0].schema.name == "Person" for h in hits)


@pytest.mark.parametrize(
    ("query", "schema"),
    [
        ({"name": "Northern Star Trading"}, "LegalEntity"),
        ({"name": "Karim Hassan", "country": "iq"}, "LegalEntity"),
        ({"name": "Karim Hassan", "dob": "1971"}, "Person"),
        ({"first_name": "Ivan", "last_name": "Sidorov"}, "Person"),
        ({"name": "Karim Hassan", "passport": "X1234567"}, "Person"),
        ({"properties": {"name": ["Karim Hassan"], "birthDate": ["1971"]}}, "Person"),
        ({"properties": {"name": ["Karim Hassan"], "birthDate": []}}, "LegalEntity"),
        ({"name": "Karim Hassan", "schema": "Organization", "dob": "1971"}, "Organization"),
    ],
)
def test_a_query_without_a_schema(query: dict[str, Any], schema: str) -> None:
    """Person where the query gives what only a person has, else LegalEntity; a schema given
    is kept."""
    assert query_entity(query).schema.name == schema


def test_a_name_alone_finds_a_company_and_a_person(matcher: Matcher) -> None:
    assert top(matcher, {"name": "Northern Star Trading Company"})[0] == "c1"
    assert top(matcher, {"name": "Ivan Petrovich Sidorov"})[0] == "p2"


def test_index_does_not_score_everything() -> None:
    entities = [person(f"p{n}", f"Person Number{n} Example{n}") for n in range(300)]
    entities.append(person("target", "Vladimir Putin"))
    matcher = Matcher(entities)
    numbers = matcher.index.candidates(matcher.records[-1].names)
    assert len(numbers) < 10
    assert matcher.entities[numbers[0]].id == "target"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "X Y", "dob": "next tuesday"}, "birthDate"),
        ({"name": "X Y", "country": "Atlantis"}, "country"),
        ({"name": "X Y", "schema": "Pizza"}, "schema"),
    ],
)
def test_bad_queries_name_the_field(matcher: Matcher, query: dict[str, str], field: str) -> None:
    with pytest.raises(InputError) as info:
        matcher.match(query)
    assert info.value.argument == field
