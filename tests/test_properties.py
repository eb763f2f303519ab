"""Property-based tests (Hypothesis) for the parsers every input goes through: dates, names, CSV.

Each property holds for any input, not only the examples someone thought of: parsers either
return a value or raise the project's own error, never anything else; what they return
round-trips.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctcoop.errors import InputError
from ctcoop.kb.importers.depositary import parse_day
from ctcoop.model import PartialDate
from ctcoop.screening.matching import compare
from ctcoop.screening.matching.names import analyze
from ctcoop.screening.matching.record import query_entity
from ctcoop.screening.matching.rows import read_records

PROPERTIES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTIES
@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_partial_dates_round_trip(day: dt.date) -> None:
    for text in (f"{day.year:04d}", f"{day.year:04d}-{day.month:02d}", day.isoformat()):
        parsed = PartialDate.parse(text)
        assert str(parsed) == text
        assert parsed.earliest <= day <= parsed.latest  # the span covers every day it may mean
    assert (
        PartialDate.parse(day.isoformat()).earliest
        == day
        == PartialDate.parse(day.isoformat()).latest
    )


@PROPERTIES
@given(st.text(max_size=30))
def test_partial_dates_refuse_cleanly(text: str) -> None:
    try:
        parsed = PartialDate.parse(text)
    except ValueError as exc:  # the only error it may raise, saying how to write a date
        assert str(exc)
    else:
        assert parsed.earliest <= parsed.latest


@PROPERTIES
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_depositary_dates_round_trip(day: dt.date) -> None:
    assert parse_day(day.strftime("%d %B %Y")) == day
    assert parse_day(day.strftime("%d %b %Y")) == day
    assert parse_day(day.strftime("%d/%m/%Y")) == day
    assert parse_day(day.strftime("%m/%d/%Y"), "mdy") == day


@PROPERTIES
@given(st.text(max_size=60))
def test_depositary_dates_refuse_cleanly(text: str) -> None:
    try:
        found = parse_day(text)
    except ValueError as exc:  # not a month, or no such day in the month
        assert str(exc)
    else:
        assert found is None or isinstance(found, dt.date)


@PROPERTIES
@given(st.text(max_size=80))
def test_names_analyse_any_text(text: str) -> None:
    form = analyze(text)
    assert form is not None


@PROPERTIES
@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40))
def test_comparison_is_bounded_and_symmetric_in_range(a: str, b: str) -> None:
    try:
        score, _ = compare(a, b, "Person")
    except InputError:
        return  # a name with nothing to compare (only punctuation, say) is refused clearly
    assert 0.0 <= score <= 1.0


@PROPERTIES
@given(
    st.dictionaries(
        st.sampled_from(["name", "birthDate", "nationality", "country", "idNumber"]),
        st.lists(st.text(max_size=40), max_size=3),
        max_size=4,
    )
)
def test_any_query_is_an_entity_or_an_input_error(properties: dict[str, list[str]]) -> None:
    try:
        entity = query_entity({"schema": "Person", "properties": properties})
    except InputError as exc:
        assert exc.argument  # the error names the field
        return
    assert entity.get("name") or entity.get("firstName") or entity.get("lastName")


CELL = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=8
)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(CELL, CELL), min_size=1, max_size=15))
def test_csv_rows_read_back_exactly(tmp_path_factory: object, rows: list[tuple[str, str]]) -> None:
    """Whatever a CSV writer writes (quotes, commas, line breaks), the reader gives back."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "dob"])
    writer.writerows(rows)
    path = Path(str(tmp_path_factory.mktemp("csv"))) / "in.csv"  # type: ignore[attr-defined]
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    _, records = read_records(path, ("name",))
    got = list(records)
    assert [r.error for r in got] == [None] * len(rows)
    assert [(r.cells or {}).get("name") for r in got] == [a.strip() for a, _ in rows]
    assert [(r.cells or {}).get("dob") for r in got] == [b.strip() for _, b in rows]
