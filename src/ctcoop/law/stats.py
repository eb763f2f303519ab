"""Statistics over time: parties on a date, consents per year, membership counts."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ctcoop.kb import KnowledgeBase
from ctcoop.law.bases import cached_status
from ctcoop.law.datastatus import un_members
from ctcoop.law.status import Status
from ctcoop.model import CONSENTS, Truth


@dataclass(frozen=True, slots=True)
class Counts:
    """How many of the UN members on the date are bound, not bound, or of unknown status."""

    bound: int
    not_bound: int
    unknown: int

    @property
    def lower_bound(self) -> bool:
        """True when unknowns could raise ``bound``: the figure is "at least", not "exactly"."""
        return self.unknown > 0


@dataclass(frozen=True, slots=True)
class PartiesResult:
    """Parties among the UN members on a date (the one denominator every command shares).

    ``all`` counts states bound by every instrument (not bound: known to lack at least one;
    unknown: the rest); ``any`` counts states bound by at least one (not bound: known to be
    bound by none). States outside the UN that are bound are listed in ``others``, not counted.
    """

    on: dt.date
    instruments: tuple[str, ...]
    un_members: int
    per_instrument: dict[str, Counts]
    all: Counts
    any: Counts
    states_all: tuple[str, ...]
    states_any: tuple[str, ...]
    others: tuple[str, ...]


def _counts(truths: list[Truth]) -> Counts:
    return Counts(truths.count(Truth.TRUE), truths.count(Truth.FALSE), truths.count(Truth.UNKNOWN))


def parties(kb: KnowledgeBase, instruments: list[str], on: dt.date) -> PartiesResult:
    ids = tuple(kb.instrument(i).id for i in instruments)
    states = un_members(kb, on)
    table = {s: [cached_status(kb, s, i, on).applies for i in ids] for s in states}
    every = [Truth.all(row) for row in table.values()]
    some = [Truth.any(row) for row in table.values()]
    per = {i: _counts([row[n] for row in table.values()]) for n, i in enumerate(ids)}
    members = set(states)
    outside = {
        p.state
        for i in ids
        for p in kb.participants(i)
        if p.state in kb.states
        and p.state not in members
        and cached_status(kb, p.state, i, on).status is Status.BOUND
    }
    return PartiesResult(
        on,
        ids,
        len(states),
        per,
        _counts(every),
        _counts(some),
        tuple(s for s, t in zip(table, every, strict=True) if t is Truth.TRUE),
        tuple(s for s, t in zip(table, some, strict=True) if t is Truth.TRUE),
        tuple(sorted(outside)),
    )


@dataclass(frozen=True, slots=True)
class ConsentsResult:
    instruments: tuple[str, ...]
    by_year: dict[int, int]
    mean_per_year: float
    states_by_year: dict[int, int]  # distinct states consenting to at least one, per year


def consents(kb: KnowledgeBase, instruments: list[str], start: int, end: int) -> ConsentsResult:
    """Consents (ratification, accession, acceptance, approval, succession) deposited per year."""
    ids = tuple(kb.instrument(i).id for i in instruments)
    by_year: Counter[int] = Counter()
    states: dict[int, set[str]] = {y: set() for y in range(start, end + 1)}
    for i in ids:
        for p in kb.participants(i):
            for a in p.actions:
                if a.type in CONSENTS and a.date is not None and start <= a.date.year <= end:
                    by_year[a.date.year] += 1
                    states[a.date.year].add(p.state)
    years = {y: by_year.get(y, 0) for y in range(start, end + 1)}
    mean = sum(years.values()) / len(years) if years else 0.0
    return ConsentsResult(ids, years, round(mean, 2), {y: len(s) for y, s in states.items()})


def membership_counts(kb: KnowledgeBase, org: str, start: int, end: int) -> dict[int, int]:
    """Members of ``org`` on 31 December of each year (known members only)."""
    return {
        y: sum(1 for m in kb.members(org, dt.date(y, 12, 31)) if m.holds is Truth.TRUE)
        for y in range(start, end + 1)
    }


def parties_over_time(kb: KnowledgeBase, instrument: str, on: dt.date) -> dict[int, Counts]:
    """An instrument's participants bound, not bound and of unknown status on 31 December of
    each year from its first recorded action to the year before ``on``, and on ``on`` itself
    (keyed by ``on.year``). Only states with a record are counted: a state with none is not a
    party the data can show."""
    inst = kb.instrument(instrument)
    records = kb.participants(inst.id)
    years = [a.date.year for p in records for a in p.actions if a.date is not None]
    if not years or min(years) > on.year:
        return {}
    states = sorted({p.state for p in records})
    out: dict[int, Counts] = {}
    for year in range(min(years), on.year + 1):
        day = on if year == on.year else dt.date(year, 12, 31)
        out[year] = _counts([cached_status(kb, s, inst.id, day).applies for s in states])
    return out
