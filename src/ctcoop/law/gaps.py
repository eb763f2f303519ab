"""Gaps: what a state is not bound by, which members of an organisation miss its instruments, and
which measures have no legal basis at all between two states."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ctcoop.kb import KnowledgeBase
from ctcoop.law.bases import bases, cached_status
from ctcoop.law.status import StatusResult
from ctcoop.model import BindingRule, Level, Measure, Truth

UNIVERSAL = "set:universal-19"


@dataclass(frozen=True, slots=True)
class StateGaps:
    state: str
    on: dt.date
    universal_missing: tuple[StatusResult, ...]
    universal_unknown: tuple[StatusResult, ...]
    regional_missing: tuple[StatusResult, ...]
    regional_unknown: tuple[StatusResult, ...]


@dataclass(frozen=True, slots=True)
class OrgGaps:
    organization: str
    on: dt.date
    members: int
    missing: dict[str, tuple[str, ...]]  # instrument -> members not bound
    unknown: dict[str, tuple[str, ...]]  # instrument -> members whose status is unknown


@dataclass(frozen=True, slots=True)
class PairGaps:
    parties: tuple[str, str]
    on: dt.date
    no_basis: tuple[Measure, ...]  # no binding basis in force, nor one of unknown status
    only_unknown: tuple[Measure, ...]  # no basis known in force, but some of unknown status
    covered: dict[Measure, Level]  # best level of a binding basis in force


def _split(
    results: list[StatusResult],
) -> tuple[tuple[StatusResult, ...], tuple[StatusResult, ...]]:
    """Not bound, and unknown. Not bound includes an instrument not yet in force on the date
    (its ``reason`` says so): a gap in the law that applies, not a failure to join."""
    missing = tuple(r for r in results if r.applies is Truth.FALSE)
    unknown = tuple(r for r in results if r.applies is Truth.UNKNOWN)
    return missing, unknown


def state_gaps(kb: KnowledgeBase, state: str, on: dt.date) -> StateGaps:
    universal = [
        i for i in kb.instrument_set(UNIVERSAL).instruments if kb.instrument(i).made_by(on)
    ]
    u_missing, u_unknown = _split([cached_status(kb, state, i, on) for i in universal])
    orgs = {
        m.membership.organization
        for m in kb.memberships_of(state, on)
        if m.holds is Truth.TRUE and m.membership.role.value == "member"
    }
    regional = [
        i.id
        for i in kb.instruments.values()
        if i.level is Level.REGIONAL
        and i.forum in orgs
        and i.binds is BindingRule.RATIFICATION
        and i.made_by(on)
    ]
    r_missing, r_unknown = _split([cached_status(kb, state, i, on) for i in sorted(regional)])
    return StateGaps(state, on, u_missing, u_unknown, r_missing, r_unknown)


def org_gaps(kb: KnowledgeBase, org: str, on: dt.date) -> OrgGaps:
    members = [m.membership.member for m in kb.members(org, on) if m.holds is Truth.TRUE]
    own = sorted(
        i.id
        for i in kb.instruments.values()
        if i.forum == org and i.binds is BindingRule.RATIFICATION and i.made_by(on)
    )
    missing: dict[str, tuple[str, ...]] = {}
    unknown: dict[str, tuple[str, ...]] = {}
    for inst in own:
        results = [cached_status(kb, s, inst, on) for s in members]
        missing[inst] = tuple(r.state for r in results if r.applies is Truth.FALSE)
        unknown[inst] = tuple(r.state for r in results if r.applies is Truth.UNKNOWN)
    return OrgGaps(org, on, len(members), missing, unknown)


def pair_gaps(kb: KnowledgeBase, a: str, b: str, on: dt.date) -> PairGaps:
    no_basis: list[Measure] = []
    only_unknown: list[Measure] = []
    covered: dict[Measure, Level] = {}
    for measure in Measure:
        result = bases(kb, a, b, measure, on)
        best = result.best_level()
        if best is not None:
            covered[measure] = best
        elif any(x.in_force is Truth.UNKNOWN for x in result.bases):
            only_unknown.append(measure)
        else:
            no_basis.append(measure)
    return PairGaps((a, b), on, tuple(no_basis), tuple(only_unknown), covered)
