"""Legal bases: on what basis can A and B cooperate on a measure on a date, at each level?"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ctcoop.errors import QuestionError
from ctcoop.kb import KnowledgeBase
from ctcoop.law.explain import Step
from ctcoop.law.status import NOT_YET, Reason, StatusResult, status
from ctcoop.model import (
    ActionType,
    BindingRule,
    Instrument,
    LegalForce,
    Level,
    Measure,
    Provision,
    Strength,
    Truth,
)

LEVEL_ORDER = (Level.BILATERAL, Level.REGIONAL, Level.GLOBAL)  # the most specific first
RANK = {Level.GLOBAL: 1, Level.REGIONAL: 2, Level.BILATERAL: 3}
STRENGTH_ORDER = (Strength.SHALL, Strength.SHOULD, Strength.MAY)


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
    def in_force(self) -> Truth:
        """Whether it applies to both on the date (each bound, or committed to a political
        instrument): false if it does not apply to one, else unknown if a status is unknown."""
        a, b = self.statuses[0].applies, self.statuses[1].applies  # Kleene "and", inlined
        if a is Truth.TRUE and b is Truth.TRUE:
            return Truth.TRUE
        return Truth.FALSE if Truth.FALSE in (a, b) else Truth.UNKNOWN

    @property
    def force(self) -> LegalForce:
        return self.instrument.legal_force

    @property
    def strength(self) -> Strength | None:
        """The strongest word of its provisions for the measure (shall, should, may)."""
        return strongest(self.provisions)

    @property
    def binding(self) -> bool:
        """In force for both, legally binding, and with a mandatory ("shall") provision."""
        return self.in_force is Truth.TRUE and obliges(self.instrument, self.measure)

    @property
    def kind(self) -> str:
        """What the basis is worth: a binding obligation, a binding instrument's recommendation
        or permission, or a political commitment."""
        return kind_of(self.instrument, self.provisions)

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
        if {a.reason, b.reason} & NOT_YET and Truth.TRUE not in {a.applies, b.applies}:
            inst = self.instrument
            verb = (
                "signed"
                if inst.kind.value
                in {"agreement", "treaty", "convention", "protocol", "memorandum"}
                else "adopted"
            )
            out.append(f"{verb} ({inst.adopted}) but not in force on the date")
        for mine, other in ((a, b), (b, a)):
            if mine.applies is Truth.TRUE and other.applies is Truth.FALSE:
                out.append(
                    f"in force for {kb.name_of(mine.state)} only; "
                    f"{kb.name_of(other.state)} is {other.status.value.replace('_', ' ')}"
                )
            if mine.applies is Truth.UNKNOWN:
                out.append(f"status unknown for {kb.name_of(mine.state)}")
            if mine.via and mine.applies is not Truth.FALSE:
                out.append(
                    f"reaches {kb.name_of(mine.state)} only through its membership of "
                    f"{kb.name_of(mine.via)} on the date"
                )
        if self.instrument.legal_force is LegalForce.POLITICAL:
            out.append("a political commitment, not a binding obligation")
        elif self.strength is not Strength.SHALL and self.strength is not None:
            out.append(f"its provisions say '{self.strength.value}', not 'shall'")
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


def strongest(provisions: tuple[Provision, ...]) -> Strength | None:
    """The strongest word among provisions (shall, should, may)."""
    found = {p.strength for p in provisions}
    return next((s for s in STRENGTH_ORDER if s in found), None)


def kind_of(inst: Instrument, provisions: tuple[Provision, ...]) -> str:
    """What provisions are worth: "obligation" (a binding "shall"), "recommendation" (a binding
    instrument's "should" or "may") or "commitment" (a political instrument)."""
    if not inst.binding:
        return "commitment"
    return "obligation" if strongest(provisions) is Strength.SHALL else "recommendation"


def obliges(inst: Instrument, measure: Measure) -> bool:
    """A binding instrument with a mandatory provision for the measure (not a mere call)."""
    return inst.legal_force is LegalForce.BINDING and any(
        p.strength is Strength.SHALL for p in inst.provisions_for(measure)
    )


def candidates(kb: KnowledgeBase, measure: Measure, on: dt.date) -> tuple[Instrument, ...]:
    """Instruments with a provision for ``measure`` that had been adopted by ``on``."""
    key = ("candidates", measure)
    found = kb.memo.get(key)
    if found is None:
        found = kb.memo[key] = tuple(kb.find_instruments(measure=measure))
    assert isinstance(found, tuple)
    return tuple(i for i in found if i.made_by(on))


def side(inst: Instrument, result: StatusResult) -> str | None:
    """Which party of a bilateral agreement a state stands on: itself, or the organisation."""
    return result.state if result.state in inst.parties else result.via


def _relevant(inst: Instrument, a: StatusResult, b: StatusResult) -> bool:
    if inst.binds is BindingRule.PARTIES and side(inst, a) == side(inst, b):
        return False  # both on the same side of a bilateral agreement: not a basis between them
    kinds = (a.applies, b.applies)
    if Truth.FALSE not in kinds:
        return True  # in force for both, or unknown for one or both: listed, never dropped
    if all(r.reason in NOT_YET for r in (a, b)):
        # both would be reached, but it is not (yet) in force: listed once it has been signed
        return inst.adopted is not None and inst.adopted.earliest <= a.on
    # open to both, in force for one only
    other = b if a.applies is Truth.TRUE else a
    return (
        inst.binds is BindingRule.RATIFICATION
        and Truth.TRUE in kinds
        and other.reason not in (Reason.NOT_ELIGIBLE, Reason.NO_STATE)
    )


def bases(
    kb: KnowledgeBase,
    a: str,
    b: str,
    measure: Measure,
    on: dt.date,
    *,
    binding_only: bool = False,
) -> BasesResult:
    """Every instrument that binds both parties on ``on`` with a provision for ``measure``, plus
    those that nearly do (signed, one party only, unknown, a political commitment), most specific
    level first; with ``binding_only`` only the binding bases in force for both."""
    if a == b:
        raise QuestionError(
            f"{kb.name_of(a)} cannot cooperate with itself: give two different parties",
            argument="b",
        )
    found = []
    for inst in candidates(kb, measure, on):
        sa = cached_status(kb, a, inst.id, on)
        sb = cached_status(kb, b, inst.id, on)
        if _relevant(inst, sa, sb):
            basis = Basis(kb, inst, measure, (a, b), (sa, sb))
            if basis.binding or not binding_only:
                found.append(basis)
    order = {level: n for n, level in enumerate(LEVEL_ORDER)}
    found.sort(key=lambda x: (order[x.level], x.in_force is not Truth.TRUE, x.instrument.id))
    return BasesResult((a, b), measure, on, tuple(found))
