"""Partial dates, half-open intervals and the one "holds on date" rule.

A date in a treaty record may be known to the day, the month or only the year. A ``PartialDate``
covers the span of days it could mean; an ``Interval`` is half-open, ``[start, end)``, either end
open. Whether an interval holds on a day is three-valued: where a partial end point leaves the day
undecided, the answer is ``Truth.UNKNOWN``, never a guess.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Truth(Enum):
    """Three-valued truth."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"

    def __and__(self, other: Truth) -> Truth:
        if Truth.FALSE in (self, other):
            return Truth.FALSE
        if Truth.UNKNOWN in (self, other):
            return Truth.UNKNOWN
        return Truth.TRUE

    def __or__(self, other: Truth) -> Truth:
        if Truth.TRUE in (self, other):
            return Truth.TRUE
        if Truth.UNKNOWN in (self, other):
            return Truth.UNKNOWN
        return Truth.FALSE

    def __bool__(self) -> bool:
        raise TypeError("a Truth is three-valued: compare it with Truth.TRUE, not as a bool")

    def as_json(self) -> bool | None:
        """true / false / null, as answers write it."""
        return None if self is Truth.UNKNOWN else self is Truth.TRUE

    @staticmethod
    def all(values: Iterable[Truth]) -> Truth:
        """Kleene conjunction: false if any is false, else unknown if any is unknown."""
        return functools.reduce(operator.and_, values, Truth.TRUE)

    @staticmethod
    def any(values: Iterable[Truth]) -> Truth:
        """Kleene disjunction: true if any is true, else unknown if any is unknown."""
        return functools.reduce(operator.or_, values, Truth.FALSE)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # Validates the calendar (month range, day in month).
        dt.date(self.year, self.month or 1, self.day or 1)

    @classmethod
    def parse(cls, text: str | int | dt.date | PartialDate) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or take a date)."""
        if isinstance(text, PartialDate):
            return text
        if isinstance(text, dt.datetime):
            text = text.date()
        if isinstance(text, dt.date):
            return cls(text.year, text.month, text.day)
        match = _PATTERN.match(str(text).strip())
        if not match:
            raise ValueError(f"{text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def earliest(self) -> dt.date:
        """The first day this date could mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """The last day this date could mean."""
        if self.day is not None and self.month is not None:
            return dt.date(self.year, self.month, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def exact(self) -> dt.date | None:
        return self.earliest if self.day is not None else None

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def parse_day(text: str | dt.date) -> dt.date:
    """Parse a full ISO date (a query date must name a day)."""
    if isinstance(text, dt.date):
        return text
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a day; write YYYY-MM-DD, e.g. 2010-01-01") from None


@dataclass(frozen=True)
class Interval:
    """A half-open interval of days ``[start, end)``; ``None`` leaves that end open."""

    start: PartialDate | None = None
    end: PartialDate | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.end.latest < self.start.earliest:
            raise ValueError(f"interval ends ({self.end}) before it starts ({self.start})")

    def holds_on(self, day: dt.date) -> Truth:
        """The one rule: does this interval hold on ``day``?"""
        return _after_start(self.start, day) & _before_end(self.end, day)

    def __str__(self) -> str:
        return f"[{self.start or '…'}, {self.end or '…'})"


def _after_start(start: PartialDate | None, day: dt.date) -> Truth:
    if start is None or day >= start.latest:
        return Truth.TRUE
    if day < start.earliest:
        return Truth.FALSE
    return Truth.UNKNOWN


def _before_end(end: PartialDate | None, day: dt.date) -> Truth:
    if end is None or day < end.earliest:
        return Truth.TRUE
    if day >= end.latest:
        return Truth.FALSE
    return Truth.UNKNOWN


def holds_on(interval: Interval, day: dt.date) -> Truth:
    """Module-level spelling of :meth:`Interval.holds_on`."""
    return interval.holds_on(day)
