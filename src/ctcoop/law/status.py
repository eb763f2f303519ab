"""Is a state bound by an instrument on a date? Three-valued, and explained."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from ctcoop.kb import KnowledgeBase
from ctcoop.law.explain import Step
from ctcoop.model import (
    Action,
    ActionType,
    BindingRule,
    Instrument,
    Interval,
    LegalForce,
    Level,
    PartialDate,
    Participation,
    Truth,
    entry_into_force_for_state,
)

UN = "org:un"


class Status(StrEnum):
    BOUND = "bound"
    NOT_BOUND = "not_bound"
    UNKNOWN = "unknown"


_FROM_TRUTH = {
    Truth.TRUE: Status.BOUND,
    Truth.FALSE: Status.NOT_BOUND,
    Truth.UNKNOWN: Status.UNKNOWN,
}


@dataclass(frozen=True, slots=True)
class StatusResult:
    state: str
    instrument: str
    on: dt.date
    status: Status
    explanation: tuple[Step, ...]
    in_force_from: PartialDate | None = None
    via: str | None = None  # the organisation through which an agreement reaches the state
    caveats: tuple[str, ...] = field(default=())
    # why: bound | unknown | not_bound | not_in_force | pending (consented, not yet in force)
    # | not_party | not_member | not_eligible | opted_out
    reason: str = "bound"


class _Chain:
    def __init__(self) -> None:
        self.steps: list[Step] = []

    def add(self, text: str, sources: tuple[str, ...] = ()) -> None:
        self.steps.append(Step(text, sources))


def status(kb: KnowledgeBase, state: str, instrument: str, on: dt.date) -> StatusResult:
    """Whether ``state`` is bound by ``instrument`` on ``on``, with the facts that say so."""
    inst = kb.instrument(instrument)
    chain = _Chain()
    key = ("describe", inst.id)
    description = kb.memo.get(key)
    if description is None:
        description = kb.memo[key] = _describe(kb, inst)
    chain.add(str(description), inst.sources)
    match inst.binds:
        case BindingRule.RATIFICATION:
            return _by_consent(kb, state, inst, on, chain)
        case BindingRule.UN_MEMBERS:
            return _by_membership(kb, state, inst, on, chain, UN)
        case BindingRule.ORG_MEMBERS:
            org = inst.binding_organization or ""
            return _by_membership(kb, state, inst, on, chain, org)
        case BindingRule.PARTIES:
            return _by_party(kb, state, inst, on, chain)
    raise AssertionError(inst.binds)


def _describe(kb: KnowledgeBase, inst: Instrument) -> str:
    rule = {
        BindingRule.RATIFICATION: "binds the states whose consent (ratification, accession, "
        "acceptance, approval or succession) is in force for them",
        BindingRule.UN_MEMBERS: "binds every member of the United Nations",
        BindingRule.ORG_MEMBERS: "binds the members of "
        f"{kb.name_of(inst.binding_organization or '')} on the date",
        BindingRule.PARTIES: "binds its parties, "
        + " and ".join(kb.name_of(p) for p in inst.parties)
        + ", once in force",
    }[inst.binds]
    force = (
        " It is a political commitment, not a legal obligation."
        if (inst.legal_force is LegalForce.POLITICAL)
        else ""
    )
    return f"{inst.title} ({inst.id}) {rule}.{force}"


def _result(
    state: str,
    inst: Instrument,
    on: dt.date,
    st: Status,
    chain: _Chain,
    since: PartialDate | None = None,
    via: str | None = None,
    reason: str | None = None,
) -> StatusResult:
    caveats = ("political commitment",) if inst.legal_force is LegalForce.POLITICAL else ()
    why = reason or st.value
    return StatusResult(state, inst.id, on, st, tuple(chain.steps), since, via, caveats, why)


# --- ratification ---------------------------------------------------------------------------


def _by_consent(
    kb: KnowledgeBase, state: str, inst: Instrument, on: dt.date, chain: _Chain
) -> StatusResult:
    part = kb.participation(state, inst.id)
    if part is None:
        if (out := _not_eligible(kb, state, inst, on, chain)) is not None:
            return out
        return _absent(kb, state, inst, on, chain)
    for action in part.of_type(ActionType.SIGNATURE):
        chain.add(f"{kb.name_of(state)} signed it on {action.date}.", action.sources)
    consents = part.consents()
    if not consents:
        return _no_consent(kb, state, inst, on, chain)
    dated = sorted((a for a in consents if a.date or a.effective), key=_when)
    if not dated:
        chain.add(
            f"A {consents[0].type.value} by {kb.name_of(state)} is recorded without a date: "
            "status unknown.",
            consents[0].sources,
        )
        return _result(state, inst, on, Status.UNKNOWN, chain)
    consent = dated[0]
    if consent.date is None:
        assert consent.effective is not None
        chain.add(
            f"The {consent.type.value} of {kb.name_of(state)} took effect on "
            f"{consent.effective} (the date of deposit is not recorded).",
            consent.sources,
        )
        _reservations(kb, state, part, chain)
        return _within(kb, state, inst, on, chain, consent.effective, part)
    if consent.date.earliest > on:
        chain.add(
            f"{kb.name_of(state)} deposited its instrument of {consent.type.value} only on "
            f"{consent.date}, after {on}.",
            consent.sources,
        )
        return _result(state, inst, on, Status.NOT_BOUND, chain)
    chain.add(
        f"{kb.name_of(state)} deposited its instrument of {consent.type.value} on {consent.date}.",
        consent.sources,
    )
    effective = consent.effective or entry_into_force_for_state(inst, consent.date)
    if effective is None:
        chain.add(_why_no_effect(inst))
        return _result(state, inst, on, Status.UNKNOWN, chain)
    chain.add(_effect_text(kb, state, inst, consent, effective), inst.sources)
    _reservations(kb, state, part, chain)
    return _within(kb, state, inst, on, chain, effective, part)


def _when(action: Action) -> dt.date:
    day = action.date or action.effective
    assert day is not None
    return day.earliest


def _not_eligible(
    kb: KnowledgeBase, state: str, inst: Instrument, on: dt.date, chain: _Chain
) -> StatusResult | None:
    """A regional convention is open to the members of its organisation (unless it says not)."""
    org = inst.forum
    if inst.level is not Level.REGIONAL or inst.open_to_non_members or org is None:
        return None
    if org not in kb.organizations or not _membership_known(kb, state, org):
        return None
    history = [m for m in kb.membership_history(org) if m.member == state]
    if any(m.interval.start is None or m.interval.start.earliest <= on for m in history):
        return None
    chain.add(
        f"It is open to the members of {kb.name_of(org)}; {kb.name_of(state)} had not been "
        f"a member by {on}.",
        _membership_sources(kb, org),
    )
    return _result(state, inst, on, Status.NOT_BOUND, chain, reason="not_eligible")


def _absent(
    kb: KnowledgeBase, state: str, inst: Instrument, on: dt.date, chain: _Chain
) -> StatusResult:
    record = kb.status_record(inst.id, on)
    if record is not None:
        chain.add(
            f"{kb.name_of(state)} is not among its participants in the record complete "
            f"as of {record.as_of}.",
            record.sources,
        )
        return _result(state, inst, on, Status.NOT_BOUND, chain)
    chain.add(
        f"No participation data for {kb.name_of(state)} is loaded, and no complete "
        "participant list covers this date: status unknown. Import the depositary's "
        "record (ctcoop data import) to decide it."
    )
    return _result(state, inst, on, Status.UNKNOWN, chain)


def _no_consent(
    kb: KnowledgeBase, state: str, inst: Instrument, on: dt.date, chain: _Chain
) -> StatusResult:
    record = kb.status_record(inst.id, on)
    if record is not None:
        chain.add(
            f"No ratification or accession by {kb.name_of(state)} is recorded in the record "
            f"complete as of {record.as_of}: a signature alone does not bind.",
            record.sources,
        )
        return _result(state, inst, on, Status.NOT_BOUND, chain)
    chain.add(
        f"No ratification or accession by {kb.name_of(state)} is recorded, but no complete "
        "participant list covers this date: status unknown."
    )
    return _result(state, inst, on, Status.UNKNOWN, chain)


def _why_no_effect(inst: Instrument) -> str:
    if inst.entry_into_force is None:
        return "No entry into force of the instrument is recorded: status unknown."
    return (
        "The date the instrument took effect for the state cannot be worked out "
        f"({inst.eif_for_state.describe()}): status unknown."
    )


def _effect_text(
    kb: KnowledgeBase, state: str, inst: Instrument, consent: Action, effective: PartialDate
) -> str:
    if consent.effective is not None:
        return f"It took effect for {kb.name_of(state)} on {effective}, as the record states."
    eif = inst.entry_into_force
    later = eif is not None and str(eif) == str(effective) and consent.date != effective
    if later:
        return (
            f"The instrument entered into force on {eif}, later than the deposit; "
            f"it took effect for {kb.name_of(state)} on {effective}."
        )
    return (
        f"It is {inst.eif_for_state.describe()}: in force for {kb.name_of(state)} from {effective}."
    )


def _reservations(kb: KnowledgeBase, state: str, part: Participation, chain: _Chain) -> None:
    for a in part.of_type(ActionType.RESERVATION, ActionType.DECLARATION):
        text = f": {a.text}" if a.text else ""
        chain.add(
            f"{kb.name_of(state)} made a {a.type.value} ({a.date or 'date not recorded'}){text}.",
            a.sources,
        )


def _within(
    kb: KnowledgeBase,
    state: str,
    inst: Instrument,
    on: dt.date,
    chain: _Chain,
    effective: PartialDate,
    part: Participation,
) -> StatusResult:
    exits = sorted((a for a in part.exits() if a.date), key=lambda a: a.date.earliest)  # type: ignore[union-attr]
    end: PartialDate | None = None
    for e in exits:
        if e.effective is None and e.date is not None and e.date.earliest <= on:
            chain.add(
                f"{kb.name_of(state)} gave notice of {e.type.value} on {e.date}; the date it "
                "took effect is not recorded: status unknown.",
                e.sources,
            )
            return _result(state, inst, on, Status.UNKNOWN, chain, effective)
        if e.effective is not None:
            end = e.effective
            chain.add(f"Its {e.type.value} of {e.date} took effect on {end}.", e.sources)
            break
    holds = Interval(effective, end).holds_on(on)
    if holds is Truth.FALSE and effective.earliest > on:
        chain.add(f"On {on} it was not yet in force for {kb.name_of(state)}.")
        return _result(state, inst, on, Status.NOT_BOUND, chain, effective, reason="pending")
    return _result(state, inst, on, _FROM_TRUTH[holds], chain, effective)


# --- membership rules -----------------------------------------------------------------------


def _start_of(inst: Instrument) -> PartialDate | None:
    if inst.entry_into_force is not None:
        return inst.entry_into_force
    if inst.binds is BindingRule.UN_MEMBERS or inst.legal_force is LegalForce.POLITICAL:
        return inst.adopted  # resolutions and declarations take effect on adoption
    return None


def _by_membership(
    kb: KnowledgeBase, state: str, inst: Instrument, on: dt.date, chain: _Chain, org: str
) -> StatusResult:
    holds, _ = kb.is_member(state, org, on)
    if holds is Truth.FALSE and _membership_known(kb, state, org):
        chain.add(
            f"{kb.name_of(state)} was not a member of {kb.name_of(org)} on {on}.",
            _membership_sources(kb, org),
        )
        return _result(state, inst, on, Status.NOT_BOUND, chain, reason="not_member")
    start = _start_of(inst)
    if start is None:
        chain.add("No date of adoption or entry into force is recorded: status unknown.")
        return _result(state, inst, on, Status.UNKNOWN, chain)
    in_force = Interval(start, None).holds_on(on)
    if in_force is not Truth.TRUE:
        verb = "was not yet" if in_force is Truth.FALSE else "may not yet have been"
        chain.add(f"It took effect on {start}; on {on} it {verb} in effect.")
        return _result(state, inst, on, _FROM_TRUTH[in_force], chain, reason="not_in_force")
    chain.add(f"It took effect on {start}.", inst.sources)
    if inst.chapter_vii:
        chain.add(
            "It was adopted under Chapter VII of the Charter; under Article 25 the members "
            "of the United Nations agree to accept and carry out the Council's decisions.",
            inst.sources,
        )
    if (out := _opted_out(kb, state, inst, on, chain)) is not None:
        return out
    return _member_of(kb, state, inst, on, chain, org, start)


def _membership_known(kb: KnowledgeBase, state: str, org: str) -> bool:
    """Whether absence from the membership record of ``org`` means "not a member"."""
    state_obj = kb.states.get(state)
    return kb.has_membership_data(org) and not (state_obj is not None and state_obj.historical)


def _opted_out(
    kb: KnowledgeBase, state: str, inst: Instrument, on: dt.date, chain: _Chain
) -> StatusResult | None:
    for opt in inst.opt_outs:
        if opt.state == state:
            note = f": {opt.note}" if opt.note else ""
            chain.add(f"{kb.name_of(state)} does not take part in it{note}.", opt.sources)
            return _result(state, inst, on, Status.NOT_BOUND, chain, reason="opted_out")
    return None


def _member_of(
    kb: KnowledgeBase,
    state: str,
    inst: Instrument,
    on: dt.date,
    chain: _Chain,
    org: str,
    start: PartialDate,
) -> StatusResult:
    holds, membership = kb.is_member(state, org, on)
    if membership is not None:
        since = membership.interval.start
        doubt = "" if holds is Truth.TRUE else " (whether on this date is unknown)"
        chain.add(
            f"{kb.name_of(state)} has been a member of {kb.name_of(org)} "
            f"since {since or 'its founding'}{doubt}.",
            membership.sources,
        )
        begin = _later(start, since)
        return _result(state, inst, on, _FROM_TRUTH[holds], chain, begin)
    state_obj = kb.states.get(state)
    if not kb.has_membership_data(org) or (state_obj is not None and state_obj.historical):
        chain.add(
            f"The membership of {kb.name_of(state)} in {kb.name_of(org)} on {on} is not "
            "recorded: status unknown."
        )
        return _result(state, inst, on, Status.UNKNOWN, chain)
    chain.add(
        f"{kb.name_of(state)} was not a member of {kb.name_of(org)} on {on}.",
        _membership_sources(kb, org),
    )
    return _result(state, inst, on, Status.NOT_BOUND, chain, reason="not_member")


def _membership_sources(kb: KnowledgeBase, org: str) -> tuple[str, ...]:
    key = ("membership-sources", org)
    found = kb.memo.get(key)
    if found is None:
        found = kb.memo[key] = _first_membership_sources(kb, org)
    assert isinstance(found, tuple)
    return found


def _first_membership_sources(kb: KnowledgeBase, org: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for m in kb.membership_history(org):
        for s in m.sources:
            seen.setdefault(s)
    return tuple(list(seen)[:3])


def _later(a: PartialDate | None, b: PartialDate | None) -> PartialDate | None:
    if a is None or b is None:
        return a or b
    return a if a.earliest >= b.earliest else b


# --- bilateral ------------------------------------------------------------------------------


def _by_party(
    kb: KnowledgeBase, state: str, inst: Instrument, on: dt.date, chain: _Chain
) -> StatusResult:
    """A bilateral agreement: its parties, or the members of a party organisation on the date."""
    if state in inst.parties:
        chain.add(f"{kb.name_of(state)} is a party.", inst.sources)
        return _in_force(kb, state, inst, on, chain, None)
    if (out := _opted_out(kb, state, inst, on, chain)) is not None:
        return out
    orgs = [p for p in inst.parties if p.startswith(("org:", "body:"))]
    unknown: StatusResult | None = None
    for org in orgs:
        holds, membership = kb.is_member(state, org, on)
        if membership is None:
            continue
        sub = _Chain()
        sub.steps = list(chain.steps)
        sub.add(
            f"It reaches {kb.name_of(state)} only through its membership of {kb.name_of(org)} "
            f"(since {membership.interval.start}).",
            membership.sources,
        )
        if holds is Truth.TRUE:
            return _in_force(kb, state, inst, on, sub, org, membership.interval.start)
        unknown = unknown or _result(state, inst, on, Status.UNKNOWN, sub, via=org)
    if unknown is not None:
        return unknown
    if any(not kb.has_membership_data(o) for o in orgs):
        chain.add(
            f"Membership of {kb.name_of(state)} in "
            f"{', '.join(kb.name_of(o) for o in orgs)} is not recorded: status unknown."
        )
        return _result(state, inst, on, Status.UNKNOWN, chain)
    names = " or ".join(kb.name_of(o) for o in orgs)
    chain.add(
        f"{kb.name_of(state)} is not a party"
        + (f", nor a member of {names} on {on}." if orgs else ".")
    )
    return _result(state, inst, on, Status.NOT_BOUND, chain, reason="not_party")


def _in_force(
    kb: KnowledgeBase,
    state: str,
    inst: Instrument,
    on: dt.date,
    chain: _Chain,
    via: str | None,
    member_since: PartialDate | None = None,
) -> StatusResult:
    eif = inst.entry_into_force
    if eif is None:
        signed = f" It was signed on {inst.adopted}." if inst.adopted else ""
        chain.add(f"No entry into force is recorded.{signed} Status unknown.")
        return _result(state, inst, on, Status.UNKNOWN, chain, via=via, reason="not_in_force")
    in_force = Interval(eif, None).holds_on(on)
    if in_force is not Truth.TRUE:
        signed = f"signed on {inst.adopted}, " if inst.adopted else ""
        chain.add(f"It was {signed}in force only from {eif}: not in force on {on}.", inst.sources)
        return _result(
            state, inst, on, _FROM_TRUTH[in_force], chain, via=via, reason="not_in_force"
        )
    chain.add(f"It entered into force on {eif}.", inst.sources)
    return _result(state, inst, on, Status.BOUND, chain, _later(eif, member_since), via=via)
