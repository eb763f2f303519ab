import datetime as dt

import pytest

from ctcoop.model import Interval, PartialDate, Truth

D = dt.date


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2001-09-28", D(2001, 9, 28), D(2001, 9, 28)),
        ("2007-04", D(2007, 4, 1), D(2007, 4, 30)),
        ("2008-02", D(2008, 2, 1), D(2008, 2, 29)),
        ("1967", D(1967, 1, 1), D(1967, 12, 31)),
        (2004, D(2004, 1, 1), D(2004, 12, 31)),
        (D(2010, 2, 1), D(2010, 2, 1), D(2010, 2, 1)),
    ],
)
def test_partial_date_span(text: object, earliest: dt.date, latest: dt.date) -> None:
    p = PartialDate.parse(text)  # type: ignore[arg-type]
    assert (p.earliest, p.latest) == (earliest, latest)


@pytest.mark.parametrize("bad", ["2001-13-01", "2001-02-30", "29 Sep 2001", "01/02/2003", ""])
def test_partial_date_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(bad)


@pytest.mark.parametrize(
    ("start", "end", "day", "expected"),
    [
        # half-open: holds on the first day, not on the end day
        ("2017-06-09", None, D(2017, 6, 8), Truth.FALSE),
        ("2017-06-09", None, D(2017, 6, 9), Truth.TRUE),
        ("1973-01-01", "2020-02-01", D(2020, 1, 31), Truth.TRUE),
        ("1973-01-01", "2020-02-01", D(2020, 2, 1), Truth.FALSE),
        # a start known only to the year: unknown inside that year
        ("2007", None, D(2006, 12, 31), Truth.FALSE),
        ("2007", None, D(2007, 6, 1), Truth.UNKNOWN),
        ("2007", None, D(2007, 12, 31), Truth.TRUE),
        # an end known only to the month
        (None, "1984-11", D(1984, 10, 31), Truth.TRUE),
        (None, "1984-11", D(1984, 11, 15), Truth.UNKNOWN),
        (None, "1984-11", D(1984, 11, 30), Truth.FALSE),
        (None, None, D(1900, 1, 1), Truth.TRUE),
    ],
)
def test_interval_holds_on(
    start: str | None, end: str | None, day: dt.date, expected: Truth
) -> None:
    interval = Interval(start and PartialDate.parse(start), end and PartialDate.parse(end))
    assert interval.holds_on(day) is expected


def test_interval_rejects_end_before_start() -> None:
    with pytest.raises(ValueError):
        Interval(PartialDate.parse("2010"), PartialDate.parse("2009"))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (Truth.TRUE, Truth.TRUE, Truth.TRUE),
        (Truth.TRUE, Truth.UNKNOWN, Truth.UNKNOWN),
        (Truth.UNKNOWN, Truth.FALSE, Truth.FALSE),
        (Truth.FALSE, Truth.TRUE, Truth.FALSE),
    ],
)
def test_three_valued_and(a: Truth, b: Truth, expected: Truth) -> None:
    assert (a & b) is expected
