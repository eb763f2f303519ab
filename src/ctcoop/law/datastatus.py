"""What is known and what is not: party-status coverage of instruments over UN members."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ctcoop.kb import KnowledgeBase
from ctcoop.law.status import Status, status
from ctcoop.model import BindingRule, Truth


@dataclass(frozen=True, slots=True)
class InstrumentCoverage:
    instrument: str
    un_members: int
    known: int
    bound: int
    not_bound: int
    unknown: int
    sources: tuple[str, ...]
    as_of: str | None


def un_members(kb: KnowledgeBase, on: dt.date) -> list[str]:
    return [m.membership.member for m in kb.members("org:un", on) if m.holds is Truth.TRUE]


def coverage_of(
    kb: KnowledgeBase, instrument: str, on: dt.date, states: list[str]
) -> InstrumentCoverage:
    counts = Counter(status(kb, s, instrument, on).applies for s in states)
    origins = Counter(a.origin for p in kb.participants(instrument) for a in p.actions)
    records = kb.status_records(instrument)
    sources = tuple(f"{o} ({n} actions)" for o, n in origins.most_common())
    return InstrumentCoverage(
        instrument,
        len(states),
        counts[Truth.TRUE] + counts[Truth.FALSE],
        counts[Truth.TRUE],
        counts[Truth.FALSE],
        counts[Truth.UNKNOWN],
        sources,
        str(records[-1].as_of) if records else None,
    )


def data_status(kb: KnowledgeBase, on: dt.date) -> list[InstrumentCoverage]:
    """Per instrument bound by ratification: how many UN members have a known status on ``on``."""
    states = un_members(kb, on)
    ids = sorted(i.id for i in kb.instruments.values() if i.binds is BindingRule.RATIFICATION)
    return [coverage_of(kb, i, on, states) for i in ids]


def coverage_table(
    kb: KnowledgeBase, instruments: list[str], on: dt.date, states: list[str] | None = None
) -> dict[str, dict[str, Status]]:
    """state -> instrument -> status, for the UN members on ``on`` (or the states given)."""
    for i in instruments:
        kb.instrument(i)
    chosen = states or un_members(kb, on)
    return {s: {i: status(kb, s, i, on).status for i in instruments} for s in chosen}
