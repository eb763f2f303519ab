"""Who could have become bound by a date: the final clauses of an instrument, as data.

Only full membership counts for a clause open to "the members" of an organisation: observers,
dialogue partners, associates and former members are not members, and each is named as what it is.
"""

from __future__ import annotations

import datetime as dt

from ctcoop.kb import KnowledgeBase
from ctcoop.law.answer import Chain, Reason, StatusResult, membership_known, result
from ctcoop.model import Instrument, JoinRule, Membership, OpenTo, Role, Truth


def not_eligible(
    kb: KnowledgeBase, state: str, inst: Instrument, on: dt.date, chain: Chain
) -> StatusResult | None:
    """``not_bound`` when no final clause let ``state`` join ``inst`` by ``on``; else None."""
    if not inst.open_to:
        return None  # the final clauses are not recorded: nothing can be ruled out
    why: list[tuple[str, tuple[str, ...]]] = []
    for clause in inst.open_to:
        could, text, sources = _could_join(kb, state, inst, clause, on)
        if could is not Truth.FALSE:
            return None
        why.append((text, sources))
    name = kb.name_of(state)
    if any(c.others_by_consent for c in inst.open_to):
        chain.add(
            f"{name} could join it only with the consent of the parties or by invitation; "
            f"{'; '.join(t for t, _ in why)}.",
            tuple(s for _, ss in why for s in ss),
        )
        return None
    clauses = "; ".join(c.describe(kb.name_of) for c in inst.open_to)
    chain.add(
        f"It is {clauses}; {'; '.join(t for t, _ in why)}: {name} could not have become bound "
        f"by {on}.",
        tuple(s for c in inst.open_to for s in c.sources) + tuple(s for _, ss in why for s in ss),
    )
    return result(state, inst, on, Truth.FALSE, chain, reason=Reason.NOT_ELIGIBLE)


def _could_join(
    kb: KnowledgeBase, state: str, inst: Instrument, clause: OpenTo, on: dt.date
) -> tuple[Truth, str, tuple[str, ...]]:
    match clause.rule:
        case JoinRule.ANY_STATE:
            return Truth.TRUE, "", ()
        case JoinRule.MEMBERS:
            return _member_between(kb, state, inst, clause.organization or "", on)
        case JoinRule.PARTIES:
            return _party_to(kb, state, clause.instrument or "", on)
    raise AssertionError(clause.rule)


def _party_to(
    kb: KnowledgeBase, state: str, other: str, on: dt.date
) -> tuple[Truth, str, tuple[str, ...]]:
    from ctcoop.law.status import status  # the rule of the other instrument

    found = status(kb, state, other, on)
    if found.applies is Truth.FALSE:
        steps = found.explanation[1:] or found.explanation
        return (
            Truth.FALSE,
            f"{kb.name_of(state)} was not a party to {kb.name_of(other)} on {on}",
            tuple(s for step in steps for s in step.sources),
        )
    return found.applies, "", ()


def _member_between(
    kb: KnowledgeBase, state: str, inst: Instrument, org: str, on: dt.date
) -> tuple[Truth, str, tuple[str, ...]]:
    """Whether ``state`` was a full member of ``org`` at some time the instrument was open."""
    if org not in kb.organizations or not membership_known(kb, state, org):
        return Truth.UNKNOWN, "", ()
    opened = inst.opened
    roles = [m for m in kb.membership_history(org) if m.member == state]
    full = [m for m in roles if m.role is Role.MEMBER]
    for m in full:
        start, end = m.interval.start, m.interval.end
        if start is not None and start.earliest > on:
            continue  # joined the organisation only later
        if end is not None and opened is not None and end.latest <= opened.earliest:
            continue  # left before the instrument was opened
        return Truth.TRUE, "", ()
    return (
        Truth.FALSE,
        _not_a_member(kb, state, org, on, roles),
        tuple(s for m in roles for s in m.sources),
    )


def _not_a_member(
    kb: KnowledgeBase, state: str, org: str, on: dt.date, roles: list[Membership]
) -> str:
    name, where = kb.name_of(state), kb.name_of(org)
    said = []
    for m in sorted(roles, key=lambda m: str(m.interval.start or "")):
        since = f" since {m.interval.start}" if m.interval.start else ""
        until = f" until {m.interval.end}" if m.interval.end else ""
        if m.role is Role.MEMBER:
            said.append(f"{name} was a member of {where}{since}{until}, not while it was open")
        else:
            role = m.role.value.replace("_", " ")
            said.append(
                f"{name} has been {_article(role)} {role} of {where}{since}{until}, "
                "which is not membership"
            )
    return "; ".join(said) or f"{name} had not been a member of {where} by {on}"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
