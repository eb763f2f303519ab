"""Instruments that bind by consent: who could join (the final clauses), when a deposit, a
succession or a denunciation took effect."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ctcoop.kb import KnowledgeBase
from ctcoop.law.answer import Chain, Reason, StatusResult, not_yet_made, result
from ctcoop.law.eligibility import not_eligible
from ctcoop.model import (
    Action,
    ActionType,
    Instrument,
    Interval,
    PartialDate,
    Participation,
    Truth,
    entry_into_force_for_state,
)


def by_consent(
    kb: KnowledgeBase, state: str, inst: Instrument, on: dt.date, chain: Chain
) -> StatusResult:
    part = kb.participation(state, inst.id)
    unconsented = part is None or not part.consents()
    if unconsented and (out := not_eligible(kb, state, inst, on, chain)) is not None:
        return out
    if part is None:
        return _absent(kb, state, inst, on, chain)
    for action in part.of_type(ActionType.SIGNATURE):
        what = f" ({action.text})" if action.text else ""
        when = f"on {action.date}" if action.date else "(the date is not recorded)"
        chain.add(f"{kb.name_of(state)} signed it {when}{what}.", action.sources)
    consents = part.consents()
    if not consents:
        return _no_consent(kb, state, inst, on, chain)
    dated = sorted((a for a in consents if a.date or a.effective), key=_when)
    known_by = sorted((a for a in consents if a.party_by), key=_party_by)
    if not dated and known_by:
        return _party_by_date(kb, state, inst, on, chain, known_by[0], part)
    if not dated:
        chain.add(
            f"A {consents[0].type.value} by {kb.name_of(state)} is recorded without a date: "
            "status unknown.",
            consents[0].sources,
        )
        return result(state, inst, on, Truth.UNKNOWN, chain)
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
    if consent.type is ActionType.SUCCESSION and consent.effective is None:
        return _succession(kb, state, inst, on, chain, consent, part)
    if consent.date.earliest > on:
        chain.add(
            f"{kb.name_of(state)} deposited its instrument of {consent.type.value} only on "
            f"{consent.date}, after {on}.",
            consent.sources,
        )
        return result(state, inst, on, Truth.FALSE, chain)
    chain.add(
        f"{kb.name_of(state)} deposited its instrument of {consent.type.value} on {consent.date}.",
        consent.sources,
    )
    effective = consent.effective or entry_into_force_for_state(inst, consent.date)
    if effective is None:
        chain.add(_why_no_effect(inst))
        return result(state, inst, on, Truth.UNKNOWN, chain)
    chain.add(_effect_text(kb, state, inst, consent, effective), inst.sources)
    _reservations(kb, state, part, chain)
    return _within(kb, state, inst, on, chain, effective, part)


def _party_by(action: Action) -> dt.date:
    assert action.party_by is not None
    return action.party_by.latest


def _party_by_date(
    kb: KnowledgeBase,
    state: str,
    inst: Instrument,
    on: dt.date,
    chain: Chain,
    consent: Action,
    part: Participation,
) -> StatusResult:
    """A consent known only to be in force by a date: bound from then on, unknown before."""
    assert consent.party_by is not None
    name = kb.name_of(state)
    eif = inst.entry_into_force
    if eif is not None and eif.earliest > on:
        chain.add(
            f"{name} is recorded as a party by {consent.party_by}; the instrument itself entered "
            f"into force only on {eif}, after {on}.",
            (*consent.sources, *inst.sources),
        )
        return result(state, inst, on, Truth.FALSE, chain, reason=Reason.NOT_IN_FORCE)
    if consent.party_by.latest > on:
        chain.add(
            f"{name} is recorded as a party by {consent.party_by} (its {consent.type.value}; the "
            f"date of consent is not recorded), so whether it was bound on {on} is not known.",
            consent.sources,
        )
        return result(state, inst, on, Truth.UNKNOWN, chain)
    chain.add(
        f"{name} was a party by {consent.party_by} (its {consent.type.value}; the date of "
        "consent is not recorded).",
        consent.sources,
    )
    _reservations(kb, state, part, chain)
    found = _within(kb, state, inst, on, chain, consent.party_by, part)
    return dataclasses.replace(found, in_force_from=None)  # only "by then" is known


def _when(action: Action) -> dt.date:
    day = action.date or action.effective
    assert day is not None
    return day.earliest


def succession_date(kb: KnowledgeBase, state: str) -> tuple[PartialDate, tuple[str, ...]] | None:
    """The date of the succession of states for ``state``: the day it came into being, or the
    day the state it succeeded ceased to exist; None where neither is recorded."""
    found = kb.states.get(state)
    if found is not None and found.existed.start is not None:
        return found.existed.start, found.sources
    for other in kb.states.values():
        end = other.existed.end
        heirs = {s.state for s in other.successors if s.kind == "successor"}
        if end is not None and state in heirs:
            return end, other.sources
    return None


def _succession(
    kb: KnowledgeBase,
    state: str,
    inst: Instrument,
    on: dt.date,
    chain: Chain,
    consent: Action,
    part: Participation,
) -> StatusResult:
    """A notification of succession takes effect from the date of the succession of states."""
    assert consent.date is not None
    name = kb.name_of(state)
    chain.add(f"{name} notified its succession on {consent.date}.", consent.sources)
    known = succession_date(kb, state)
    eif = inst.entry_into_force
    if known is None or eif is None:
        if eif is not None and eif.latest <= consent.date.earliest and consent.date.latest <= on:
            chain.add(
                f"It took effect from the date of the succession of states, which is not "
                f"recorded; at the latest on the notification, {consent.date}.",
                consent.sources,
            )
            _reservations(kb, state, part, chain)
            return _within(kb, state, inst, on, chain, consent.date, part)
        chain.add(
            "It took effect from the date of the succession of states, which is not recorded: "
            "status unknown before the notification."
        )
        return result(state, inst, on, Truth.UNKNOWN, chain)
    day, sources = known
    effective = day if day.earliest >= eif.earliest else eif
    chain.add(
        f"A succession takes effect from the date of the succession of states, {day}"
        + (f" (the instrument itself entered into force on {eif})" if effective is eif else "")
        + f": in force for {name} from {effective}.",
        sources,
    )
    _reservations(kb, state, part, chain)
    return _within(kb, state, inst, on, chain, effective, part)


def _absent(
    kb: KnowledgeBase, state: str, inst: Instrument, on: dt.date, chain: Chain
) -> StatusResult:
    name = kb.name_of(state)
    return _unconsented(
        kb,
        state,
        inst,
        on,
        chain,
        f"{name} is not among its participants in the record complete as of {{as_of}}.",
        f"No participation data for {name} is loaded, and no complete participant list covers "
        "this date: status unknown. Import the depositary's record (ctcoop data import) to "
        "decide it.",
    )


def _no_consent(
    kb: KnowledgeBase, state: str, inst: Instrument, on: dt.date, chain: Chain
) -> StatusResult:
    name = kb.name_of(state)
    return _unconsented(
        kb,
        state,
        inst,
        on,
        chain,
        f"No ratification or accession by {name} is recorded in the record complete as of "
        "{as_of}: a signature alone does not bind.",
        f"No ratification or accession by {name} is recorded, but no complete participant list "
        "covers this date: status unknown.",
    )


def _unconsented(
    kb: KnowledgeBase,
    state: str,
    inst: Instrument,
    on: dt.date,
    chain: Chain,
    decided: str,
    undecided: str,
) -> StatusResult:
    """No consent recorded: not bound if a complete participant list covers the date, or if
    the instrument was not yet in force on it (it then bound no one, whoever had joined: the
    reason is ``not_in_force``, and whether the state had consented stays open)."""
    record = kb.status_record(inst.id, on)
    if record is None:
        if (why := not_yet_made(inst, on)) is not None:
            chain.add(why, inst.sources)
            return result(state, inst, on, Truth.FALSE, chain, reason=Reason.NOT_IN_FORCE)
        chain.add(undecided)
        return result(state, inst, on, Truth.UNKNOWN, chain)
    chain.add(decided.format(as_of=record.as_of), record.sources)
    return result(state, inst, on, Truth.FALSE, chain)


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


def _reservations(kb: KnowledgeBase, state: str, part: Participation, chain: Chain) -> None:
    for a in part.of_type(ActionType.RESERVATION, ActionType.DECLARATION):
        text = f": {a.text}" if a.text else ""
        chain.add(
            f"{kb.name_of(state)} made a {a.type.value} ({a.date or 'date not recorded'}){text}.",
            a.sources,
        )


def _exit_effect(
    kb: KnowledgeBase, state: str, inst: Instrument, on: dt.date, chain: Chain, exit: Action
) -> PartialDate | Truth | None:
    """When a denunciation took effect: recorded, or by the instrument's rule; else UNKNOWN."""
    if exit.effective is not None:
        chain.add(f"Its {exit.type.value} of {exit.date} took effect on {exit.effective}.")
        return exit.effective
    assert exit.date is not None
    rule = inst.exit_rule
    if rule is not None and exit.date.exact is not None:
        day = PartialDate.parse(rule.effective(exit.date.exact))
        chain.add(
            f"{kb.name_of(state)} gave notice of {exit.type.value} on {exit.date}; "
            f"{rule.describe()}: it took effect on {day}.",
            (*exit.sources, *rule.sources),
        )
        return day
    if exit.date.earliest > on:
        return None  # notice given later: it cannot have taken effect yet
    chain.add(
        f"{kb.name_of(state)} gave notice of {exit.type.value} on {exit.date}; the date it "
        "took effect is not recorded: status unknown.",
        exit.sources,
    )
    return Truth.UNKNOWN


def _within(
    kb: KnowledgeBase,
    state: str,
    inst: Instrument,
    on: dt.date,
    chain: Chain,
    effective: PartialDate,
    part: Participation,
) -> StatusResult:
    exits = sorted((a for a in part.exits() if a.date), key=_when)
    end: PartialDate | None = None
    for e in exits:
        found = _exit_effect(kb, state, inst, on, chain, e)
        if found is Truth.UNKNOWN:
            return result(state, inst, on, Truth.UNKNOWN, chain, effective)
        if isinstance(found, PartialDate):
            end = found
            break
    holds = Interval(effective, end).holds_on(on)
    if holds is Truth.FALSE and effective.earliest > on:
        chain.add(f"On {on} it was not yet in force for {kb.name_of(state)}.")
        return result(state, inst, on, Truth.FALSE, chain, effective, reason=Reason.PENDING)
    if holds is Truth.FALSE and end is not None:
        return result(state, inst, on, holds, chain, effective, reason=Reason.WITHDRAWN)
    return result(state, inst, on, holds, chain, effective)
