"""The shape of a status answer: its value (named by force), its reason, its explanation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from ctcoop.kb import KnowledgeBase
from ctcoop.law.explain import Step
from ctcoop.model import Instrument, LegalForce, PartialDate, Truth


class Status(StrEnum):
    """What a state's position under an instrument is: by a treaty, or by a promise."""

    BOUND = "bound"  # a binding instrument applies to the state
    NOT_BOUND = "not_bound"
    COMMITTED = "committed"  # a political commitment applies to the state: never "bound"
    NOT_COMMITTED = "not_committed"
    UNKNOWN = "unknown"

    @property
    def truth(self) -> Truth:
        """Whether the instrument applies to the state, whatever its force."""
        return _TRUTH[self]

    @classmethod
    def of(cls, applies: Truth, force: LegalForce) -> Status:
        if applies is Truth.UNKNOWN:
            return cls.UNKNOWN
        political = force is LegalForce.POLITICAL
        if applies is Truth.TRUE:
            return cls.COMMITTED if political else cls.BOUND
        return cls.NOT_COMMITTED if political else cls.NOT_BOUND


_TRUTH = {
    Status.BOUND: Truth.TRUE,
    Status.COMMITTED: Truth.TRUE,
    Status.NOT_BOUND: Truth.FALSE,
    Status.NOT_COMMITTED: Truth.FALSE,
    Status.UNKNOWN: Truth.UNKNOWN,
}


class Reason(StrEnum):
    """Why a status is what it is, for callers that act on the kind of answer."""

    APPLIES = "applies"
    UNKNOWN = "unknown"
    NOT_CONSENTED = "not_consented"  # no consent in force (absent from a complete list, ...)
    NOT_IN_FORCE = "not_in_force"  # the instrument itself was not in force
    PENDING = "pending"  # consented, not yet in force for the state
    WITHDRAWN = "withdrawn"
    NOT_PARTY = "not_party"
    NOT_MEMBER = "not_member"
    NOT_ELIGIBLE = "not_eligible"  # could not have become bound by the date (final clauses)
    OPTED_OUT = "opted_out"
    NO_STATE = "no_state"  # the state did not exist on the date


NEVER_REACHES = frozenset({Reason.NOT_PARTY, Reason.NOT_MEMBER, Reason.NOT_ELIGIBLE})
NOT_YET = frozenset({Reason.NOT_IN_FORCE, Reason.PENDING})  # would reach it, not yet in force


@dataclass(frozen=True, slots=True)
class StatusResult:
    state: str
    instrument: str
    on: dt.date
    status: Status
    explanation: tuple[Step, ...]
    force: LegalForce = LegalForce.BINDING
    in_force_from: PartialDate | None = None
    via: str | None = None  # the organisation through which an agreement reaches the state
    caveats: tuple[str, ...] = field(default=())
    reason: Reason = Reason.APPLIES

    @property
    def applies(self) -> Truth:
        """Whether the instrument applies to the state on the date (bound or committed)."""
        return self.status.truth


class Chain:
    """The steps of an explanation, as they are found."""

    def __init__(self, steps: list[Step] | None = None) -> None:
        self.steps: list[Step] = list(steps or [])

    def add(self, text: str, sources: tuple[str, ...] = ()) -> None:
        self.steps.append(Step(text, sources))

    def fork(self) -> Chain:
        return Chain(self.steps)


def result(
    state: str,
    inst: Instrument,
    on: dt.date,
    applies: Truth,
    chain: Chain,
    since: PartialDate | None = None,
    via: str | None = None,
    reason: Reason | None = None,
) -> StatusResult:
    """The answer, its value named by the instrument's force (bound or committed)."""
    caveats = () if inst.binding else ("political commitment",)
    why = (
        reason
        or {
            Truth.TRUE: Reason.APPLIES,
            Truth.FALSE: Reason.NOT_CONSENTED,
            Truth.UNKNOWN: Reason.UNKNOWN,
        }[applies]
    )
    value = Status.of(applies, inst.legal_force)
    return StatusResult(
        state, inst.id, on, value, tuple(chain.steps), inst.legal_force, since, via, caveats, why
    )


def membership_known(kb: KnowledgeBase, state: str, org: str) -> bool:
    """Whether absence from the membership record of ``org`` means "not a member"."""
    state_obj = kb.states.get(state)
    return kb.has_membership_data(org) and not (state_obj is not None and state_obj.historical)


def membership_sources(kb: KnowledgeBase, org: str) -> tuple[str, ...]:
    key = ("membership-sources", org)
    found = kb.memo.get(key)
    if found is None:
        seen: dict[str, None] = {}
        for m in kb.membership_history(org):
            for s in m.sources:
                seen.setdefault(s)
        found = kb.memo[key] = tuple(list(seen)[:3])
    assert isinstance(found, tuple)
    return found


def later(a: PartialDate | None, b: PartialDate | None) -> PartialDate | None:
    if a is None or b is None:
        return a or b
    return a if a.earliest >= b.earliest else b


def not_yet_made(inst: Instrument, on: dt.date) -> str | None:
    """Why ``inst`` could reach no state on ``on`` (it entered into force, or without a recorded
    entry into force was made, only after the date), or None: said where the record of who
    joined cannot decide, since an instrument not yet in force binds nobody."""
    eif = inst.entry_into_force
    if eif is not None:
        if eif.earliest > on:
            return f"It entered into force only on {eif}, after {on}: on that date it bound no one."
        return None
    made = inst.made
    if made is not None and made.earliest > on:
        return f"It was made only on {made}, after {on}: on that date it bound no one."
    return None
