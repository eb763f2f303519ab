"""Where imported evidence and the curated record disagree."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from ctcoop.kb.knowledge import KnowledgeBase
from ctcoop.kb.merge import Conflict
from ctcoop.model import Membership, Role, Truth


def all_conflicts(kb: KnowledgeBase) -> list[Conflict]:
    """Participation conflicts found while merging, and membership conflicts year by year."""
    return [*kb.conflicts, *membership_conflicts(kb)]


def membership_conflicts(kb: KnowledgeBase) -> list[Conflict]:
    """Years (at 31 December) in which imported membership evidence contradicts the curated data."""
    by_org: dict[str, list[Membership]] = defaultdict(list)
    for m in kb.evidence:
        if m.role is Role.MEMBER:
            by_org[m.organization].append(m)
    found: list[Conflict] = []
    for org, evidence in sorted(by_org.items()):
        first = min(m.interval.start.year for m in evidence if m.interval.start)
        last = max((m.interval.end.year - 1 if m.interval.end else 2014) for m in evidence)
        members = {m.member for m in evidence} | {m.member for m in kb.membership_history(org)}
        for member in sorted(members):
            found += _compare(
                kb, org, member, [m for m in evidence if m.member == member], range(first, last + 1)
            )
    return found


def _compare(
    kb: KnowledgeBase, org: str, member: str, evidence: list[Membership], years: range
) -> list[Conflict]:
    differing: list[int] = []
    for year in years:
        day = dt.date(year, 12, 31)
        says = any(m.interval.holds_on(day) is Truth.TRUE for m in evidence)
        curated, _ = kb.is_member(member, org, day)
        if curated is Truth.UNKNOWN:
            continue
        if says != (curated is Truth.TRUE):
            differing.append(year)
    out = []
    for start, end in _ranges(differing):
        span = str(start) if start == end else f"{start}-{end}"
        own = [s for m in kb.membership_history(org) if m.member == member for s in m.sources]
        listed = [s for m in kb.membership_history(org) for s in m.sources]  # the list as a whole
        curated_sources = tuple(dict.fromkeys(own or listed))
        says = any(m.interval.holds_on(dt.date(start, 12, 31)) is Truth.TRUE for m in evidence)
        out.append(
            Conflict(
                subject=f"{member} in {org}, {span}",
                field="membership",
                used="not a member" if says else "member",
                used_sources=curated_sources[:2],
                other="member" if says else "not a member",
                other_sources=tuple(dict.fromkeys(s for m in evidence for s in m.sources))
                or tuple(s.id for s in kb.sources.values() if s.id.startswith("src:import-cow"))[
                    :1
                ],
            )
        )
    return out


def _ranges(years: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for y in years:
        if out and out[-1][1] == y - 1:
            out[-1] = (out[-1][0], y)
        else:
            out.append((y, y))
    return out
