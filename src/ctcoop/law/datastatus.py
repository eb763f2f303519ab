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
    records = kb.status_records(instrument)
    sources = _sources(kb, instrument)
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


def _sources(kb: KnowledgeBase, instrument: str) -> tuple[str, ...]:
    """Where the instrument's participation facts come from: each import, and for the curated
    data each source cited, with the number of actions it gives."""
    found: Counter[str] = Counter()
    for p in kb.participants(instrument):
        for a in p.actions:
            if a.origin != "shipped":
                found[f"import {a.origin}"] += 1
                continue
            cited = kb.cite(a.sources)
            for name in [c.symbol or c.title for c in cited] or ["curated, no source"]:
                found[name] += 1
    return tuple(f"{name} ({n} actions)" for name, n in found.most_common())


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
