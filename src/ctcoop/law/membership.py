"""Instruments that reach a state through membership: Security Council decisions, the acts and
constitutive instruments of organisations, and agreements that an organisation concluded."""

from __future__ import annotations

import datetime as dt

from ctcoop.kb import KnowledgeBase
from ctcoop.law.answer import (
    Chain,
    Reason,
    StatusResult,
    later,
    membership_known,
    membership_sources,
    not_yet_made,
    result,
)
from ctcoop.model import (
    LEGAL_EFFECT_ROLES,
    BindingRule,
    Instrument,
    Interval,
    Membership,
    PartialDate,
    Role,
    Truth,
)


def _start_of(inst: Instrument) -> PartialDate | None:
    if inst.entry_into_force is not None:
        return inst.entry_into_force
    if inst.binds is BindingRule.UN_MEMBERS or not inst.binding:
        return inst.adopted  # resolutions and declarations take effect on adoption
    return None


def by_membership(
    kb: KnowledgeBase, state: str, inst: Instrument, on: dt.date, chain: Chain, org: str
) -> StatusResult:
    holds, _ = kb.is_member(state, org, on, LEGAL_EFFECT_ROLES)
    if holds is Truth.FALSE and membership_known(kb, state, org):
        chain.add(
            f"{kb.name_of(state)} was not a member of {kb.name_of(org)} on {on}.",
            membership_sources(kb, org),
        )
        return result(state, inst, on, Truth.FALSE, chain, reason=Reason.NOT_MEMBER)
    start = _start_of(inst)
    if start is None:
        chain.add("No date of adoption or entry into force is recorded: status unknown.")
        return result(state, inst, on, Truth.UNKNOWN, chain)
    in_force = Interval(start, None).holds_on(on)
    if in_force is not Truth.TRUE:
        verb = "was not yet" if in_force is Truth.FALSE else "may not yet have been"
        chain.add(f"It took effect on {start}; on {on} it {verb} in effect.")
        return result(state, inst, on, in_force, chain, reason=Reason.NOT_IN_FORCE)
    chain.add(f"It took effect on {start}.", inst.sources)
    if inst.chapter_vii:
        chain.add(
            "It was adopted under Chapter VII of the Charter; under Article 25 the members "
            "of the United Nations agree to accept and carry out the Council's decisions.",
            inst.sources,
        )
    if (out := opted_out(kb, state, inst, on, chain)) is not None:
        return out
    return _member_of(kb, state, inst, on, chain, org, start)


def opted_out(
    kb: KnowledgeBase, state: str, inst: Instrument, on: dt.date, chain: Chain
) -> StatusResult | None:
    for opt in inst.opt_outs:
        if opt.state == state:
            note = f": {opt.note.rstrip('.')}" if opt.note else ""
            chain.add(f"{kb.name_of(state)} does not take part in it{note}.", opt.sources)
            return result(state, inst, on, Truth.FALSE, chain, reason=Reason.OPTED_OUT)
    return None


def describe_membership(kb: KnowledgeBase, m: Membership, holds: Truth) -> str:
    """One step: since when the state has been a member (or why it is treated as one)."""
    state, org = kb.name_of(m.member), kb.name_of(m.organization)
    doubt = "" if holds is Truth.TRUE else " (whether on this date is unknown)"
    if m.role is Role.TRANSITION:
        note = f": {m.note}" if m.note else ""
        return (
            f"{state} was no longer a member of {org}, but its acts and agreements still "
            f"applied to {state} from {m.interval.start} until {m.interval.end}{note}{doubt}."
        )
    return f"{state} has been a member of {org} since {m.interval.start or 'its founding'}{doubt}."


def _member_of(
    kb: KnowledgeBase,
    state: str,
    inst: Instrument,
    on: dt.date,
    chain: Chain,
    org: str,
    start: PartialDate,
) -> StatusResult:
    holds, membership = kb.is_member(state, org, on, LEGAL_EFFECT_ROLES)
    if membership is not None:
        chain.add(describe_membership(kb, membership, holds), membership.sources)
        begin = later(start, membership.interval.start)
        return result(state, inst, on, holds, chain, begin)
    if not membership_known(kb, state, org):
        chain.add(
            f"The membership of {kb.name_of(state)} in {kb.name_of(org)} on {on} is not "
            "recorded: status unknown."
        )
        return result(state, inst, on, Truth.UNKNOWN, chain)
    chain.add(
        f"{kb.name_of(state)} was not a member of {kb.name_of(org)} on {on}.",
        membership_sources(kb, org),
    )
    return result(state, inst, on, Truth.FALSE, chain, reason=Reason.NOT_MEMBER)


# --- bilateral ------------------------------------------------------------------------------


def by_party(
    kb: KnowledgeBase, state: str, inst: Instrument, on: dt.date, chain: Chain
) -> StatusResult:
    """A bilateral agreement: its parties, or the members of a party organisation on the date."""
    if state in inst.parties:
        chain.add(f"{kb.name_of(state)} is a party.", inst.sources)
        return _in_force(kb, state, inst, on, chain, None)
    if (out := opted_out(kb, state, inst, on, chain)) is not None:
        return out
    orgs = [p for p in inst.parties if p.startswith(("org:", "body:"))]
    unknown: StatusResult | None = None
    for org in orgs:
        holds, membership = kb.is_member(state, org, on, LEGAL_EFFECT_ROLES)
        if membership is None:
            continue
        sub = chain.fork()
        sub.add(
            f"It reaches {kb.name_of(state)} only through its membership of {kb.name_of(org)}: "
            + describe_membership(kb, membership, holds),
            membership.sources,
        )
        if holds is Truth.TRUE:
            return _in_force(kb, state, inst, on, sub, org, membership.interval.start)
        unknown = unknown or result(state, inst, on, Truth.UNKNOWN, sub, via=org)
    unrecorded = any(not kb.has_membership_data(o) for o in orgs)
    if (unknown or unrecorded) and (why := not_yet_made(inst, on)) is not None:
        chain.add(why, inst.sources)  # whoever it reaches, it reached no one yet
        return result(state, inst, on, Truth.FALSE, chain, reason=Reason.NOT_IN_FORCE)
    if unknown is not None:
        return unknown
    if unrecorded:
        chain.add(
            f"Membership of {kb.name_of(state)} in "
            f"{', '.join(kb.name_of(o) for o in orgs)} is not recorded: status unknown."
        )
        return result(state, inst, on, Truth.UNKNOWN, chain)
    names = " or ".join(kb.name_of(o) for o in orgs)
    chain.add(
        f"{kb.name_of(state)} is not a party"
        + (f", nor a member of {names} on {on}." if orgs else ".")
    )
    return result(state, inst, on, Truth.FALSE, chain, reason=Reason.NOT_PARTY)


def _in_force(
    kb: KnowledgeBase,
    state: str,
    inst: Instrument,
    on: dt.date,
    chain: Chain,
    via: str | None,
    member_since: PartialDate | None = None,
) -> StatusResult:
    eif = inst.entry_into_force
    if eif is None:
        signed = f" It was signed on {inst.adopted}." if inst.adopted else ""
        chain.add(f"No entry into force is recorded.{signed} Status unknown.")
        return result(state, inst, on, Truth.UNKNOWN, chain, via=via, reason=Reason.NOT_IN_FORCE)
    in_force = Interval(eif, None).holds_on(on)
    if in_force is not Truth.TRUE:
        signed = f"signed on {inst.adopted}, " if inst.adopted else ""
        chain.add(f"It was {signed}in force only from {eif}: not in force on {on}.", inst.sources)
        return result(state, inst, on, in_force, chain, via=via, reason=Reason.NOT_IN_FORCE)
    chain.add(f"It entered into force on {eif}.", inst.sources)
    return result(state, inst, on, Truth.TRUE, chain, later(eif, member_since), via=via)
