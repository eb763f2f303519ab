"""Answers the knowledge base decides, explained like every other answer of ctcoop.

- ``party_to``: the state's status for the instrument on the date: bound → full; consent given
  but not yet in force for it → substantial; not bound (no consent, withdrawn, not eligible) →
  none; unknown, not yet adopted, not in force, or the state did not exist → left unanswered.
- ``bound_by``: full when a binding instrument of the levels asked, in force for the state on
  the date, has a "shall" provision on one of the measures; otherwise left unanswered (the
  knowledge base may lack the arrangement), never "none".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ctcoop.kb import KnowledgeBase
from ctcoop.law.answer import Reason
from ctcoop.law.bases import cached_status
from ctcoop.law.explain import Step
from ctcoop.law.obligations import obligations
from ctcoop.model import Strength, Truth
from ctcoop.monitoring.bank import Bank, BoundBy, Question, Score

__all__ = ["Derived", "derive", "derive_one"]

NONE_REASONS = frozenset({Reason.NOT_CONSENTED, Reason.WITHDRAWN, Reason.NOT_ELIGIBLE})


@dataclass(frozen=True, slots=True)
class Derived:
    """What the knowledge base says on a question: a step of the scale, or None (undecided),
    and why."""

    question: str
    score: Score | None
    explanation: tuple[Step, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "score": self.score.value if self.score else None,
            "points": self.score.points if self.score else None,
            "derived": True,
            "explanation": [{"text": s.text, "sources": list(s.sources)} for s in self.explanation],
        }


def derive(kb: KnowledgeBase, bank: Bank, state: str, on: dt.date) -> list[Derived]:
    """Every derivable question of the bank for ``state`` on ``on``."""
    return [derive_one(kb, q, state, on) for q in bank.questions if q.derivable]


def derive_one(kb: KnowledgeBase, question: Question, state: str, on: dt.date) -> Derived:
    if question.party_to is not None:
        return _party(kb, question, state, on, question.party_to)
    assert question.bound_by is not None
    return _bound_by(kb, question, state, on, question.bound_by)


def _party(kb: KnowledgeBase, question: Question, state: str, on: dt.date, ident: str) -> Derived:
    inst = kb.instrument(ident)
    adopted = inst.adopted.earliest if inst.adopted is not None else None
    if adopted is not None and adopted > on:
        step = Step(f"{inst.name} was adopted on {inst.adopted}, after {on}: not asked yet.")
        return Derived(question.id, None, (step,))
    result = cached_status(kb, state, ident, on)
    steps = list(result.explanation)
    found: Score | None = None
    if result.applies is Truth.TRUE:
        found = Score.FULL
    elif result.reason is Reason.PENDING:
        found = Score.SUBSTANTIAL
        steps.append(Step("Consent given, not yet in force for the state: substantial."))
    elif result.applies is Truth.FALSE and result.reason in NONE_REASONS:
        found = Score.NONE
    else:
        steps.append(Step(f"Not decided by the knowledge base ({result.reason.value}): answer it."))
    return Derived(question.id, found, tuple(steps))


def _bound_by(
    kb: KnowledgeBase, question: Question, state: str, on: dt.date, rule: BoundBy
) -> Derived:
    levels, measures = set(rule.levels), set(rule.measures)
    seen: dict[str, Step] = {}
    for ob in obligations(kb, state, on).obligations:
        inst = ob.instrument
        if inst.level not in levels or ob.measure not in measures or not ob.binding:
            continue
        shall = [p for p in ob.provisions if p.strength is Strength.SHALL]
        if not shall or inst.id in seen:
            continue
        articles = ", ".join(p.article for p in shall[:4])
        seen[inst.id] = Step(
            f"{inst.name} ({inst.level.value}) binds {state} on {on}: "
            f"{ob.measure.value.replace('_', ' ')} (art. {articles}).",
            inst.sources,
        )
    if seen:
        steps = list(seen.values())
        shown = steps[:8]
        if len(steps) > len(shown):
            shown.append(Step(f"… and {len(steps) - len(shown)} more."))
        return Derived(question.id, Score.FULL, tuple(shown))
    wanted = ", ".join(sorted(lv.value for lv in levels))
    step = Step(
        f"The knowledge base records no binding {wanted} instrument in force for {state} on {on} "
        "on these measures; arrangements it does not hold may exist: answer it."
    )
    return Derived(question.id, None, (step,))
