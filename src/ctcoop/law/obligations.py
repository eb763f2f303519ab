"""Obligations: what binds a state on a date, by level and measure, with the provisions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ctcoop.kb import KnowledgeBase
from ctcoop.law.bases import LEVEL_ORDER, cached_status, kind_of
from ctcoop.law.explain import Step
from ctcoop.law.status import StatusResult
from ctcoop.model import Instrument, LegalForce, Measure, Provision, Truth


@dataclass(frozen=True, slots=True)
class Obligation:
    instrument: Instrument
    measure: Measure
    provisions: tuple[Provision, ...]
    status: StatusResult

    @property
    def binding(self) -> bool:
        return self.instrument.legal_force is LegalForce.BINDING

    @property
    def kind(self) -> str:
        """obligation, recommendation or commitment (see ``law.bases.kind_of``)."""
        return kind_of(self.instrument, self.provisions)

    def explanation(self) -> tuple[Step, ...]:
        steps = list(self.status.explanation)
        steps += [
            Step(f"Article {p.article} ({p.strength.value}): {p.summary}", p.sources)
            for p in self.provisions
        ]
        return tuple(steps)


@dataclass(frozen=True, slots=True)
class ObligationsResult:
    state: str
    on: dt.date
    obligations: tuple[Obligation, ...]
    unknown: tuple[StatusResult, ...]  # instruments whose status for the state is unknown


def obligations(
    kb: KnowledgeBase, state: str, on: dt.date, measure: Measure | None = None
) -> ObligationsResult:
    """Every instrument binding ``state`` on ``on`` (for ``measure``, or all), by level."""
    found: list[Obligation] = []
    unknown: list[StatusResult] = []
    insts = kb.find_instruments(measure=measure) if measure else list(kb.instruments.values())
    for inst in insts:
        result = cached_status(kb, state, inst.id, on)
        if result.applies is Truth.UNKNOWN:
            unknown.append(result)
            continue
        if result.applies is not Truth.TRUE:
            continue
        measures = [measure] if measure else sorted(inst.measures(), key=lambda m: m.value)
        for m in measures:
            found.append(Obligation(inst, m, inst.provisions_for(m), result))
    order = {level: n for n, level in enumerate(LEVEL_ORDER)}
    found.sort(key=lambda o: (order[o.instrument.level], o.measure.value, o.instrument.id))
    return ObligationsResult(state, on, tuple(found), tuple(unknown))
