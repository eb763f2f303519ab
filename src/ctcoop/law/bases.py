"""Legal bases: on what basis can A and B cooperate on a measure on a date, at each level?"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ctcoop.kb import KnowledgeBase
from ctcoop.law.explain import Step
from ctcoop.law.status import Status, StatusResult, status
from ctcoop.model import (
    ActionType,
    BindingRule,
    Instrument,
    LegalForce,
    Level,
    Measure,
    Provision,
    Strength,
)

LEVEL_ORDER = (Level.BILATERAL, Level.REGIONAL, Level.GLOBAL)  # the most specific first
RANK = {Level.GLOBAL: 1, Level.REGIONAL: 2, Level.BILATERAL: 3}
NOT_YET = {"not_in_force", "pending"}  # would bind the party, but is not yet in force for it


def cached_status(kb: KnowledgeBase, state: str, instrument: str, on: dt.date) -> StatusResult:
    """:func:`status`, remembered: the knowledge base is immutable, so an answer never changes."""
    key = ("status", state, instrument, on)
    found = kb.memo.get(key)
    if found is None:
        found = kb.memo[key] = status(kb, state, instrument, on)
    assert isinstance(found, StatusResult)
    return found


class Basis:
    """One instrument that may carry cooperation between two parties; explains itself on demand."""

    __slots__ = ("_kb", "instrument", "measure", "parties", "statuses")

    def __init__(
        self,
        kb: KnowledgeBase,
        instrument: Instrument,
        measure: Measure,
        parties: tuple[str, str],
        statuses: tuple[StatusResult, StatusResult],
    ) -> None:
        self._kb = kb
        self.instrument = instrument
        self.measure = measure
        self.parties = parties
        self.statuses = statuses

    @property
    def level(self) -> Level:
        return self.instrument.level

    @property
    def in_force(self) -> bool | None:
        """True when it binds both on the date; None when a status is unknown; else False."""
        kinds = {s.status for s in self.statuses}
        if kinds == {Status.BOUND}:
            return True
        return None if Status.UNKNOWN in kinds and Status.NOT_BOUND not in kinds else False

    @property
    def binding(self) -> bool:
        """In force for both, legally binding, and with a mandatory ("shall") provision."""
        return self.in_force is True and obliges(self.instrument, self.measure)

    @property
    def provisions(self) -> tuple[Provision, ...]:
        return self.instrument.provisions_for(self.measure)

    def explanation(self) -> tuple[Step, ...]:
        steps: list[Step] = []
        for n, result in enumerate(self.statuses):
            steps += result.explanation[1:] if n else result.explanation
        return (*steps, *self.provision_steps())

    def provision_steps(self) -> tuple[Step, ...]:
        """What each applicable article provides (the last links of the explanation)."""
        out = []
        for p in self.provisions:
            flags = f" [{', '.join(f.value for f in p.flags)}]" if p.flags else ""
            out.append(
                Step(f"Article {p.article} ({p.strength.value}): {p.summary}{flags}", p.sources)
            )
        return tuple(out)

    def caveats(self) -> tuple[str, ...]:
        kb, out = self._kb, []
        a, b = self.statuses
        if {a.reason, b.reason} & NOT_YET and Status.BOUND not in {a.status, b.status}:
            inst = self.instrument
            verb = (
                "signed"
                if inst.kind.value
                in {"agreement", "treaty", "convention", "protocol", "memorandum"}
                else "adopted"
            )
            out.append(f"{verb} ({inst.adopted}) but not in force on the date")
        for mine, other in ((a, b), (b, a)):
            if mine.status is Status.BOUND and other.status is Status.NOT_BOUND:
                out.append(
                    f"in force for {kb.name_of(mine.state)} only; "
                    f"{kb.name_of(other.state)} is not bound"
                )
            if mine.status is Status.UNKNOWN:
                out.append(f"status unknown for {kb.name_of(mine.state)}")
            if mine.via and mine.status is not Status.NOT_BOUND:
                out.append(
                    f"reaches {kb.name_of(mine.state)} only through its membership of "
                    f"{kb.name_of(mine.via)} on the date"
                )
        if self.instrument.legal_force is LegalForce.POLITICAL:
            out.append("a political commitment, not a binding obligation")
        out += self._reservations()
        return tuple(out)

    def _reservations(self) -> list[str]:
        out = []
        for state in self.parties:
            part = self._kb.participation(state, self.instrument.id)
            if part is None:
                continue
            for act in part.of_type(ActionType.RESERVATION, ActionType.DECLARATION):
                text = f": {act.text}" if act.text else ""
                out.append(f"{act.type.value} by {self._kb.name_of(state)}{text}")
        return out


@dataclass(frozen=True, slots=True)
class BasesResult:
    parties: tuple[str, str]
    measure: Measure
    on: dt.date
    bases: tuple[Basis, ...]

    def by_level(self) -> dict[Level, list[Basis]]:
        grouped: dict[Level, list[Basis]] = {level: [] for level in LEVEL_ORDER}
        for basis in self.bases:
            grouped[basis.level].append(basis)
        return grouped

    def best_level(self) -> Level | None:
        levels = [b.level for b in self.bases if b.binding]
        return max(levels, key=RANK.__getitem__) if levels else None


def obliges(inst: Instrument, measure: Measure) -> bool:
    """A binding instrument with a mandatory provision for the measure (not a mere call)."""
    return inst.legal_force is LegalForce.BINDING and any(
        p.strength is Strength.SHALL for p in inst.provisions_for(measure)
    )


def candidates(kb: KnowledgeBase, measure: Measure) -> tuple[Instrument, ...]:
    key = ("candidates", measure)
    found = kb.memo.get(key)
    if found is None:
        found = kb.memo[key] = tuple(kb.find_instruments(measure=measure))
    assert isinstance(found, tuple)
    return found


def side(inst: Instrument, result: StatusResult) -> str | None:
    """Which party of a bilateral agreement a state stands on: itself, or the organisation."""
    return result.state if result.state in inst.parties else result.via


def _relevant(inst: Instrument, a: StatusResult, b: StatusResult) -> bool:
    if inst.binds is BindingRule.PARTIES and side(inst, a) == side(inst, b):
        return False  # both on the same side of a bilateral agreement: not a basis between them
    kinds = (a.status, b.status)
    if Status.NOT_BOUND not in kinds:
        return True  # in force for both, or unknown for one or both: listed, never dropped
    if all(r.reason in NOT_YET for r in (a, b)):
        # both would be reached, but it is not (yet) in force: listed once it has been signed
        return inst.adopted is not None and inst.adopted.earliest <= a.on
    # open to both, in force for one only
    other = b if a.status is Status.BOUND else a
    return (
        inst.binds is BindingRule.RATIFICATION
        and Status.BOUND in kinds
        and other.reason != "not_eligible"
    )


def bases(kb: KnowledgeBase, a: str, b: str, measure: Measure, on: dt.date) -> BasesResult:
    """Every instrument that binds both parties on ``on`` with a provision for ``measure``, plus
    those that nearly do (signed, one party only, unknown), most specific level first."""
    found = []
    for inst in candidates(kb, measure):
        sa = cached_status(kb, a, inst.id, on)
        sb = cached_status(kb, b, inst.id, on)
        if _relevant(inst, sa, sb):
            found.append(Basis(kb, inst, measure, (a, b), (sa, sb)))
    order = {level: n for n, level in enumerate(LEVEL_ORDER)}
    found.sort(key=lambda x: (order[x.level], x.in_force is not True, x.instrument.id))
    return BasesResult((a, b), measure, on, tuple(found))
