"""Is a state bound by an instrument on a date? Three-valued, explained, and named by force:
a binding instrument leaves a state ``bound`` or ``not_bound``, a political commitment
``committed`` or ``not_committed``; ``unknown`` where the data cannot decide.
"""

from __future__ import annotations

import datetime as dt

from ctcoop.kb import KnowledgeBase
from ctcoop.law.answer import (
    NEVER_REACHES,
    NOT_YET,
    Chain,
    Reason,
    Status,
    StatusResult,
    result,
)
from ctcoop.law.consent import by_consent
from ctcoop.law.membership import by_membership, by_party
from ctcoop.model import BindingRule, Instrument, Truth

__all__ = [
    "NEVER_REACHES",
    "NOT_YET",
    "Reason",
    "Status",
    "StatusResult",
    "status",
]

UN = "org:un"


def status(kb: KnowledgeBase, state: str, instrument: str, on: dt.date) -> StatusResult:
    """Whether ``state`` is bound by (or committed to) ``instrument`` on ``on``, explained."""
    inst = kb.instrument(instrument)
    chain = Chain()
    key = ("describe", inst.id)
    description = kb.memo.get(key)
    if description is None:
        description = kb.memo[key] = _describe(kb, inst)
    chain.add(str(description), inst.sources)
    if (gone := _no_state(kb, state, inst, on, chain)) is not None:
        return gone
    match inst.binds:
        case BindingRule.RATIFICATION:
            return by_consent(kb, state, inst, on, chain)
        case BindingRule.UN_MEMBERS:
            return by_membership(kb, state, inst, on, chain, UN)
        case BindingRule.ORG_MEMBERS:
            org = inst.binding_organization or ""
            return by_membership(kb, state, inst, on, chain, org)
        case BindingRule.PARTIES:
            return by_party(kb, state, inst, on, chain)
    raise AssertionError(inst.binds)


def _describe(kb: KnowledgeBase, inst: Instrument) -> str:
    verb = "binds" if inst.binding else "commits"
    rule = {
        BindingRule.RATIFICATION: f"{verb} the states whose consent (ratification, accession, "
        "acceptance, approval or succession) is in force for them",
        BindingRule.UN_MEMBERS: f"{verb} every member of the United Nations",
        BindingRule.ORG_MEMBERS: f"{verb} the members of "
        f"{kb.name_of(inst.binding_organization or '')} on the date",
        BindingRule.PARTIES: f"{verb} its parties, "
        + " and ".join(kb.name_of(p) for p in inst.parties)
        + ", once in force",
    }[inst.binds]
    force = (
        " It is a political commitment, not a legal obligation: those it reaches are "
        "committed, not bound."
        if not inst.binding
        else ""
    )
    clauses = "".join(f" It is {c.describe(kb.name_of)}." for c in inst.open_to)
    return f"{inst.title} ({inst.id}) {rule}.{force}{clauses}"


def _no_state(
    kb: KnowledgeBase, state: str, inst: Instrument, on: dt.date, chain: Chain
) -> StatusResult | None:
    """A state that did not (yet, or any more) exist on the date is reached by nothing."""
    found = kb.states.get(state)
    if found is None:
        return None
    start, end = found.existed.start, found.existed.end
    if start is not None and start.earliest > on:
        chain.add(
            f"{found.name} did not exist on {on}: it came into being on {start}.", found.sources
        )
    elif end is not None and end.latest <= on:
        chain.add(f"{found.name} no longer existed on {on}: it ended on {end}.", found.sources)
    else:
        return None
    return result(state, inst, on, Truth.FALSE, chain, reason=Reason.NO_STATE)
