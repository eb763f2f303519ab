"""Statistics over time: parties on a date, consents per year, membership counts."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ctcoop.kb import KnowledgeBase
from ctcoop.law.bases import cached_status
from ctcoop.law.status import Status
from ctcoop.model import CONSENTS, Truth


@dataclass(frozen=True, slots=True)
class PartiesResult:
    on: dt.date
    instruments: tuple[str, ...]
    per_instrument: dict[str, int]
    all: int  # states bound by every instrument
    any: int  # states bound by at least one
    states_all: tuple[str, ...]
    unknown: dict[str, int]  # per instrument: states of unknown status (UN members)


def _universe(kb: KnowledgeBase, instruments: tuple[str, ...], on: dt.date) -> list[str]:
    """States that could be parties: those with a participation record, and the UN members."""
    found = {p.state for i in instruments for p in kb.participants(i) if p.state in kb.states}
    found |= {m.membership.member for m in kb.members("org:un", on) if m.holds is Truth.TRUE}
    return sorted(found)


def parties(kb: KnowledgeBase, instruments: list[str], on: dt.date) -> PartiesResult:
    ids = tuple(kb.instrument(i).id for i in instruments)
    states = _universe(kb, ids, on)
    bound: dict[str, set[str]] = {}
    unknown: dict[str, int] = {}
    for i in ids:
        results = [cached_status(kb, s, i, on) for s in states]
        bound[i] = {r.state for r in results if r.status is Status.BOUND}
        unknown[i] = sum(1 for r in results if r.status is Status.UNKNOWN)
    every = set.intersection(*bound.values()) if bound else set()
    some = set.union(*bound.values()) if bound else set()
    return PartiesResult(
        on,
        ids,
        {i: len(v) for i, v in bound.items()},
        len(every),
        len(some),
        tuple(sorted(every)),
        unknown,
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
