"""The gate: may a message of this purpose, carrying these data, go from an agency of state A
to an agency of state B on this date?

Yes only when :func:`ctcoop.law.bases.bases` finds a binding basis in force for both for the
purpose, and every sending policy that applies (:mod:`ctcoop.exchange.policies`) finds what it
requires: a binding basis for its measure at one of its levels, or one of its instruments
binding for both on the date. The decision carries the basis relied on and an explanation a
lawyer can check; a refusal says what was missing. Two agencies of the same state need no
international basis: their exchange is a matter of that state's law, and the decision says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ctcoop.exchange.model import DataCategory
from ctcoop.exchange.policies import Policy
from ctcoop.kb import KnowledgeBase
from ctcoop.law.bases import Basis, bases
from ctcoop.model import Measure

__all__ = ["Decision", "decide"]


@dataclass(frozen=True)
class Decision:
    allowed: bool
    sender_state: str
    recipient_state: str
    purpose: Measure
    on: dt.date
    basis: Basis | None  # the basis for the purpose relied on
    policies: tuple[str, ...]  # the policies that applied
    steps: tuple[str, ...]  # the explanation
    also: tuple[Basis, ...] = field(default=())  # the bases the policies relied on

    def to_json(self) -> dict[str, Any]:
        def cite(b: Basis) -> dict[str, Any]:
            return {
                "instrument": b.instrument.id,
                "title": b.instrument.title,
                "level": b.level.value,
                "articles": [p.article for p in b.provisions],
                "sources": list(b.instrument.sources),
            }

        return {
            "allowed": self.allowed,
            "parties": [self.sender_state, self.recipient_state],
            "purpose": self.purpose.value,
            "on": self.on.isoformat(),
            "basis": cite(self.basis) if self.basis else None,
            "policies": list(self.policies),
            "policy_bases": [cite(b) for b in self.also],
            "explanation": list(self.steps),
        }


def _name(b: Basis) -> str:
    articles = ", ".join(p.article for p in b.provisions)
    return f"{b.instrument.title} ({b.level.value}; art. {articles})"


def decide(
    kb: KnowledgeBase,
    sender_state: str,
    recipient_state: str,
    purpose: Measure,
    on: dt.date,
    data: Sequence[DataCategory],
    policies: Sequence[Policy],
) -> Decision:
    carried = tuple(data)
    a, b = sender_state, recipient_state
    if a == b:
        return Decision(
            True,
            a,
            b,
            purpose,
            on,
            None,
            (),
            (
                f"Both agencies are of {kb.name_of(a)}: no international basis is needed; "
                "the exchange is governed by that state's law.",
            ),
        )
    found = bases(kb, a, b, purpose, on, binding_only=True).bases
    if not found:
        return Decision(
            False,
            a,
            b,
            purpose,
            on,
            None,
            (),
            (
                f"No binding basis in force between {kb.name_of(a)} and {kb.name_of(b)} for "
                f"{purpose.value} on {on}: the message is refused.",
            ),
        )
    chosen = found[0]
    steps = [f"Basis for {purpose.value}: {_name(chosen)}, in force for both on {on}."]
    applied, relied = [], []
    for policy in policies:
        if not policy.applies(kb, a, b, carried, on):
            continue
        applied.append(policy.id)
        met = _meets(kb, policy, a, b, on, found)
        if met is None:
            steps.append(f"Policy {policy.id}: {policy.says} Not met on {on}: refused.")
            return Decision(False, a, b, purpose, on, chosen, tuple(applied), tuple(steps))
        relied.append(met)
        steps.append(f"Policy {policy.id}: met by {_name(met)}.")
    return Decision(True, a, b, purpose, on, chosen, tuple(applied), tuple(steps), tuple(relied))


def _meets(
    kb: KnowledgeBase,
    policy: Policy,
    a: str,
    b: str,
    on: dt.date,
    found: Sequence[Basis],
) -> Basis | None:
    """The binding basis that meets the policy, or None."""
    if policy.measure is not None:
        candidates = bases(kb, a, b, policy.measure, on, binding_only=True).bases
        for basis in candidates:
            level_ok = not policy.levels or basis.level in policy.levels
            if level_ok and (not policy.instruments or basis.instrument.id in policy.instruments):
                return basis
        return None
    for measure in {m for inst in policy.instruments for m in kb.instrument(inst).measures()}:
        for basis in bases(kb, a, b, measure, on, binding_only=True).bases:
            if basis.instrument.id in policy.instruments:
                return basis
    return None
