"""The legal analysis of a case: the candidate bases for its pair, measure and date, whether each
offence is recorded within each, the chosen basis, the grounds of refusal under it, and what the
case still lacks.

Plain code over data: the bases come from :func:`ctcoop.law.bases.bases`, the offences'
definitions and the meaning of each provision flag for a ground from the casework vocabularies
(:mod:`ctcoop.casework.vocab`), the articles and their sources from the knowledge base.

The chosen basis is the user's choice when there is one; otherwise, among the binding bases in
which every offence of the case is recorded, the one most specific to the offences (defining the
fewest offences of the vocabulary), then the most specific level; failing that, the most
specific binding basis by level (its scope then to be checked). A ground that no recorded
provision decides is ``not_recorded``: the knowledge base does not say, which is not the same as
"national law".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ctcoop.casework.model import TEXT_FIELDS, Case
from ctcoop.casework.vocab import CheckItem, GroundStatus, Vocabulary, vocabulary
from ctcoop.errors import InputError
from ctcoop.kb import KnowledgeBase
from ctcoop.law.bases import Basis, bases
from ctcoop.model import Measure

__all__ = ["Analysis", "analyse"]

RELATED = {
    Measure.EXTRADITION: frozenset({Measure.EXTRADITION, Measure.PROSECUTE_OR_EXTRADITE}),
    Measure.MUTUAL_LEGAL_ASSISTANCE: frozenset({Measure.MUTUAL_LEGAL_ASSISTANCE}),
}
"""The measures whose provisions bear on the grounds of a request of each kind."""


@dataclass(frozen=True)
class Analysis:
    case: Case
    measure: Measure
    bases: tuple[Basis, ...]
    scope: dict[str, dict[str, tuple[str, ...]]]  # instrument -> offence -> articles ({} none)
    chosen: Basis | None
    reason: str
    grounds: tuple[dict[str, Any], ...]
    missing: tuple[CheckItem, ...]
    advice: tuple[CheckItem, ...]
    deadlines: tuple[dict[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "case": self.case.id,
            "measure": self.measure.value,
            "on": self.case.on.isoformat(),
            "parties": [self.case.requesting, self.case.requested],
            "bases": [self._basis(b) for b in self.bases],
            "chosen": None
            if self.chosen is None
            else {**self._basis(self.chosen), "reason": self.reason},
            "reason": self.reason,
            "grounds": list(self.grounds),
            "missing": [_item(i) for i in self.missing],
            "advice": [_item(i) for i in self.advice],
            "deadlines": list(self.deadlines),
        }

    def _basis(self, b: Basis) -> dict[str, Any]:
        scope = self.scope.get(b.instrument.id, {})
        return {
            "instrument": b.instrument.id,
            "title": b.instrument.title,
            "level": b.level.value,
            "binding": b.binding,
            "kind": b.kind,
            "in_force": b.in_force.as_json(),
            "articles": [p.article for p in b.provisions],
            "offences": [
                {
                    "offence": offence,
                    "status": "recorded" if articles else "not_recorded",
                    "articles": list(articles),
                }
                for offence, articles in scope.items()
            ],
            "sources": list(b.instrument.sources),
        }


def analyse(kb: KnowledgeBase, case: Case, vocab: Vocabulary | None = None) -> Analysis:
    vocab = vocab or vocabulary()
    measure = case.kind.measure
    found = bases(kb, case.requesting, case.requested, measure, case.on).bases
    scope = {
        b.instrument.id: {
            o.offence: vocab.offences[o.offence].articles_in(b.instrument.id) for o in case.offences
        }
        for b in found
    }
    breadth = {
        b.instrument.id: sum(1 for o in vocab.offences.values() if o.articles_in(b.instrument.id))
        for b in found
    }
    chosen, reason = _choose(case, found, scope, breadth)
    grounds = _grounds(kb, chosen, measure, vocab) if chosen is not None else ()
    missing, advice = _checklist(case, chosen, vocab)
    deadlines = _deadlines(case, chosen, vocab)
    return Analysis(
        case, measure, tuple(found), scope, chosen, reason, grounds, missing, advice, deadlines
    )


def _item(item: CheckItem) -> dict[str, Any]:
    cited = {"instrument": item.instrument, "article": item.article} if item.instrument else {}
    return {"id": item.id, "label": item.label, "field": item.field, **cited}


def _deadlines(case: Case, chosen: Basis | None, vocab: Vocabulary) -> tuple[dict[str, Any], ...]:
    """The time limits the chosen basis sets for the case, with their dates when the event is
    known (``apprehended``)."""
    from ctcoop.casework.model import add_months

    if chosen is None:
        return ()
    out = []
    for d in vocab.deadlines:
        if d.instrument != chosen.instrument.id or case.kind.family not in d.kinds:
            continue
        start = getattr(case, d.event.value)
        provision = next(p for p in chosen.instrument.provisions if p.article == d.article)
        out.append(
            {
                "label": d.label,
                "instrument": d.instrument,
                "article": d.article,
                "event": d.event.value,
                "months": d.months,
                "from": start.isoformat() if start else None,
                "due": add_months(start, d.months).isoformat() if start else None,
                "sources": list(provision.sources or chosen.instrument.sources),
            }
        )
    return tuple(out)


def _covers(scope: dict[str, tuple[str, ...]]) -> bool:
    return bool(scope) and all(scope.values())


def _choose(
    case: Case,
    found: Sequence[Basis],
    scope: dict[str, dict[str, tuple[str, ...]]],
    breadth: dict[str, int],
) -> tuple[Basis | None, str]:
    if case.basis is not None:
        for b in found:
            if b.instrument.id == case.basis:
                why = "chosen by the user"
                if not b.binding:
                    why += f"; note: it is not a binding basis in force for both ({b.kind})"
                return b, why
        raise InputError(
            f"basis: {case.basis} is not a candidate basis for {case.kind.measure.value} between "
            f"{case.requesting} and {case.requested} on {case.on}; choose one of: "
            + ", ".join(b.instrument.id for b in found),
            argument="basis",
        )
    binding = [b for b in found if b.binding]  # most specific level first, as bases() orders
    covering = [b for b in binding if _covers(scope[b.instrument.id])]
    if covering:
        # most specific to the offences first: the instrument that defines the fewest offences
        # of the vocabulary (a convention on terrorist bombings before a general regional
        # convention listing many offences); then the most specific level
        best = min(covering, key=lambda b: (breadth.get(b.instrument.id, 0), covering.index(b)))
        return best, (
            f"the binding basis most specific to the offences: every offence of the case is "
            f"recorded in it, and it defines {breadth.get(best.instrument.id, 0)} of the "
            f"vocabulary's offences (the fewest among those covering them; level: "
            f"{best.level.value})"
        )
    if binding:
        return binding[0], (
            f"the most specific binding basis ({binding[0].level.value}); the knowledge base "
            "does not record every offence of the case in it: check its scope"
        )
    return None, "no binding basis in force for both states on the date"


def _grounds(
    kb: KnowledgeBase, chosen: Basis, measure: Measure, vocab: Vocabulary
) -> tuple[dict[str, Any], ...]:
    inst = chosen.instrument
    related = RELATED[measure]
    out = []
    for ground in vocab.grounds:
        if measure not in ground.measures:
            continue
        status, says, citations = GroundStatus.NOT_RECORDED, "", []
        for decision in ground.decided_by:
            provisions = [
                p
                for p in inst.provisions
                if decision.flag in p.flags and related & set(p.measures) and p.between_states
            ]
            if provisions:
                status, says = decision.status, decision.says
                citations = [
                    {
                        "instrument": inst.id,
                        "article": p.article,
                        "summary": p.summary,
                        "sources": list(p.sources or inst.sources),
                    }
                    for p in provisions
                ]
                break
        out.append(
            {
                "ground": ground.id,
                "label": ground.label,
                "status": status.value,
                "says": says
                or "the knowledge base records no provision of the instrument on this ground; "
                "read the instrument and the requested state's law",
                "citations": citations,
            }
        )
    return tuple(out)


def _checklist(
    case: Case, chosen: Basis | None, vocab: Vocabulary
) -> tuple[tuple[CheckItem, ...], tuple[CheckItem, ...]]:
    missing: list[CheckItem] = []
    advice: list[CheckItem] = []
    for item in vocab.checklist:
        if case.kind.family not in item.kinds:
            continue
        if item.instrument is not None and (
            chosen is None or chosen.instrument.id != item.instrument
        ):
            continue  # what another instrument requires
        if not _given(case, item.field, chosen):
            (missing if item.essential else advice).append(item)
    return tuple(missing), tuple(advice)


def _given(case: Case, field: str, chosen: Basis | None) -> bool:
    if field in TEXT_FIELDS:
        return case.text(field) is not None
    if field == "persons":
        return bool(case.persons)
    if field == "person_identity":
        return bool(case.persons) and all(
            any(p["properties"].get(k) for k in ("birthDate", "nationality", "idNumber"))
            for p in case.persons
        )
    if field == "person_location":
        return bool(case.persons) and all(p["properties"].get("address") for p in case.persons)
    if field == "offences":
        return bool(case.offences) and all(o.date and o.place for o in case.offences)
    if field == "basis":
        return chosen is not None and chosen.binding
    raise AssertionError(f"the checklist names a field no case has: {field}")
