"""Plain-JSON views of domain objects and results, shared by the CLI, the API and the web UI."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ctcoop.kb import KnowledgeBase
from ctcoop.law import StatusResult
from ctcoop.model import (
    Actor,
    Body,
    Instrument,
    Membership,
    Organization,
    Provision,
    Role,
    State,
)

if TYPE_CHECKING:  # the result types, named for the type checker without importing at run time
    from ctcoop.law.bases import BasesResult, Basis
    from ctcoop.law.datastatus import InstrumentCoverage
    from ctcoop.law.explain import Step
    from ctcoop.law.gaps import OrgGaps, PairGaps, StateGaps
    from ctcoop.law.matrix import CoverageMatrix
    from ctcoop.law.obligations import ObligationsResult
    from ctcoop.law.stats import Counts, PartiesResult


def _d(value: object) -> str | None:
    return None if value is None else str(value)


def sources(kb: KnowledgeBase, ids: tuple[str, ...]) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "title": s.title,
            "symbol": s.symbol,
            "body": s.body,
            "date": str(s.date),
            "url": s.url,
        }
        for s in kb.cite(ids)
    ]


def _source(kb: KnowledgeBase, ident: str) -> dict[str, Any]:
    return sources(kb, (ident,))[0]


class Cited:
    """Collects the sources an answer cites: steps carry ids, the answer one map of them."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.map: dict[str, dict[str, Any]] = {}

    def ids(self, ids: tuple[str, ...]) -> list[str]:
        for ident in ids:
            if ident not in self.map and ident in self.kb.sources:
                self.map[ident] = _memo(
                    self.kb, ("view-source", ident), functools.partial(_source, self.kb, ident)
                )
        return list(ids)

    def steps(self, steps: Iterable[Step]) -> list[dict[str, Any]]:
        return [{"text": s.text, "sources": self.ids(s.sources)} for s in steps]

    def provision(self, p: Provision) -> dict[str, Any]:
        return _provision(p, self.ids(p.sources))


def provision(kb: KnowledgeBase, p: Provision) -> dict[str, Any]:
    return _provision(p, sources(kb, p.sources))


def _provision(p: Provision, cited: list[Any]) -> dict[str, Any]:
    """A provision, its sources given as ids (in an answer's source map) or in full."""
    return {
        "article": p.article,
        "measures": [m.value for m in p.measures],
        "strength": p.strength.value,
        "summary": p.summary,
        "flags": [f.value for f in p.flags],
        "sources": cited,
    }


def instrument(kb: KnowledgeBase, i: Instrument, *, full: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": i.id,
        "title": i.title,
        "short_title": i.short_title,
        "symbol": i.symbol,
        "kind": i.kind.value,
        "level": i.level.value,
        "forum": i.forum,
        "legal_force": i.legal_force.value,
        "binds": i.binds.value,
        "adopted": _d(i.adopted),
        "opened_for_signature": _d(i.opened_for_signature),
        "entry_into_force": _d(i.entry_into_force),
        "parent": i.parent,
    }
    if not full:
        return out
    out |= {
        "adopted_by": i.adopted_by,
        "depositaries": list(i.depositaries),
        "binding_organization": i.binding_organization,
        "parties": list(i.parties),
        "opt_outs": [{"state": o.state, "note": o.note} for o in i.opt_outs],
        "children": list(kb.children(i.id)),
        "eif_for_state": {
            "rule": i.eif_for_state.rule.value,
            "days": i.eif_for_state.days,
            "article": i.eif_for_state.article,
            "description": i.eif_for_state.describe(),
        },
        "open_to": [
            {
                "rule": c.rule.value,
                "organization": c.organization,
                "instrument": c.instrument,
                "others_by_consent": c.others_by_consent,
                "article": c.article,
                "description": c.describe(kb.name_of),
            }
            for c in i.open_to
        ],
        "chapter_vii": i.chapter_vii,
        "vote": i.vote,
        "treaty_collection": i.treaty_collection,
        "measures": sorted(m.value for m in i.measures()),
        "provisions": [provision(kb, p) for p in i.provisions],
        "sources": sources(kb, i.sources),
        "paper": None
        if i.paper is None
        else {"section": i.paper.section, "says": dict(i.paper.says), "note": i.paper.note},
        "sets": [s.id for s in kb.sets.values() if i.id in s.instruments],
    }
    return out


def membership(kb: KnowledgeBase, m: Membership) -> dict[str, Any]:
    return {
        "organization": m.organization,
        "id": m.member,
        "name": kb.name_of(m.member),
        "role": m.role.value,
        "from": _d(m.interval.start),
        "until": _d(m.interval.end),
        "note": m.note,
        "sources": sources(kb, m.sources),
    }


def actor(kb: KnowledgeBase, a: Actor) -> dict[str, Any]:
    out: dict[str, Any] = {"id": a.id, "kind": a.kind.value, "name": a.name}
    if isinstance(a, State):
        out |= {
            "official_name": a.official_name,
            "alpha2": a.alpha2,
            "historical": a.historical,
            "successors": [{"state": s.state, "kind": s.kind} for s in a.successors],
        }
    elif isinstance(a, Organization):
        out |= {
            "acronym": a.acronym,
            "level": a.level.value,
            "founded": _d(a.founded),
            "dissolved": _d(a.dissolved),
            "predecessor": a.predecessor,
            "aliases": list(a.aliases),
            "wikidata": a.wikidata,
        }
    elif isinstance(a, Body):
        out |= {
            "acronym": a.acronym,
            "organization": a.organization,
            "parent": a.parent,
            "established": _d(a.established),
            "established_by": a.established_by,
            "composition": a.composition,
            "mandate": a.mandate,
        }
    else:
        out |= {"state": a.state, "acronym": a.acronym}
    out["sources"] = sources(kb, a.sources)
    return out


def status(kb: KnowledgeBase, r: StatusResult) -> dict[str, Any]:
    cited = Cited(kb)
    return {
        "state": r.state,
        "instrument": r.instrument,
        "on": r.on.isoformat(),
        "status": r.status.value,
        "force": r.force.value,
        "reason": r.reason.value,
        "in_force_from": _d(r.in_force_from),
        "via": r.via,
        "caveats": list(r.caveats),
        "explanation": cited.steps(r.explanation),
        "sources": cited.map,
    }


def _memo(kb: KnowledgeBase, key: tuple[object, ...], build: Callable[[], Any]) -> Any:
    """Parts of answers that many answers share (a status's steps, an article), built once."""
    found = kb.memo.get(key)
    if found is None:
        found = kb.memo[key] = build()
    return found


def _steps_part(steps: Iterable[Step]) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """Steps as an answer shows them, with the source ids they cite in order of citation."""
    shown = [{"text": s.text, "sources": list(s.sources)} for s in steps]
    return shown, tuple(dict.fromkeys(i for s in shown for i in s["sources"]))


def _basis_shared(
    kb: KnowledgeBase, b: Basis
) -> tuple[
    dict[str, Any], list[dict[str, Any]], tuple[str, ...], list[dict[str, Any]], tuple[str, ...]
]:
    """What a basis shows whoever the parties: the instrument and what it provides for the
    measure (its provisions, the explanation's last steps) with the sources they cite."""

    def build() -> tuple[Any, ...]:
        cited = Cited(kb)
        provisions = [cited.provision(p) for p in b.provisions]
        steps, step_ids = _steps_part(b.provision_steps())
        head = {
            "instrument": b.instrument.id,
            "title": b.instrument.title,
            "level": b.level.value,
            "force": b.force.value,
            "strength": b.strength.value if b.strength else None,
            "kind": b.kind,
            "legal_force": b.instrument.legal_force.value,
        }
        return head, provisions, tuple(cited.map), steps, step_ids

    head, provisions, provision_ids, steps, step_ids = _memo(
        kb, ("view-basis", b.instrument.id, b.measure), build
    )
    return head, provisions, provision_ids, steps, step_ids


def bases(kb: KnowledgeBase, result: BasesResult) -> dict[str, Any]:
    """The answer to "on what basis can A and B cooperate": built from parts shared between
    answers (an instrument's provisions, a state's status steps), so a new pair costs little."""
    cited = Cited(kb)
    shown = []
    for b in result.bases:
        head, provisions, provision_ids, provision_steps, step_ids = _basis_shared(kb, b)
        cited.ids(provision_ids)  # the sources in the order the answer cites them
        steps: list[dict[str, Any]] = []
        for n, r in enumerate(b.statuses):
            part, ids = _memo(
                kb,
                ("view-status-steps", r.state, r.instrument, r.on),
                functools.partial(_steps_part, r.explanation),
            )
            steps += part[1:] if n else part
            cited.ids(tuple(i for step in part[1:] for i in step["sources"]) if n else ids)
        cited.ids(step_ids)
        shown.append(
            {
                "instrument": head["instrument"],
                "title": head["title"],
                "level": head["level"],
                "in_force": b.in_force,
                "binding": b.binding,
                "force": head["force"],
                "strength": head["strength"],
                "kind": head["kind"],
                "legal_force": head["legal_force"],
                "provisions": provisions,
                "status": {s.state: s.status.value for s in b.statuses},
                "explanation": steps + provision_steps,
                "caveats": list(b.caveats()),
            }
        )
    best = result.best_level()
    return {
        "parties": list(result.parties),
        "measure": result.measure.value,
        "on": result.on.isoformat(),
        "best_level": best.value if best else None,
        "bases": shown,
        "sources": cited.map,
    }


def obligations(kb: KnowledgeBase, result: ObligationsResult) -> dict[str, Any]:
    cited = Cited(kb)
    out: dict[str, Any] = {
        "state": result.state,
        "on": result.on.isoformat(),
        "obligations": [
            {
                "instrument": o.instrument.id,
                "title": o.instrument.title,
                "level": o.instrument.level.value,
                "measure": o.measure.value,
                "legal_force": o.instrument.legal_force.value,
                "provisions": [cited.provision(p) for p in o.provisions],
                "explanation": cited.steps(o.explanation()),
            }
            for o in result.obligations
        ],
        "unknown": [r.instrument for r in result.unknown],
    }
    out["sources"] = cited.map
    return out


def state_gaps(result: StateGaps) -> dict[str, Any]:
    return {
        "state": result.state,
        "on": result.on.isoformat(),
        "universal_not_party": [r.instrument for r in result.universal_missing],
        "universal_unknown": [r.instrument for r in result.universal_unknown],
        "regional_not_party": [r.instrument for r in result.regional_missing],
        "regional_unknown": [r.instrument for r in result.regional_unknown],
    }


def org_gaps(result: OrgGaps) -> dict[str, Any]:
    return {
        "organization": result.organization,
        "on": result.on.isoformat(),
        "members": result.members,
        "missing": {k: list(v) for k, v in result.missing.items()},
        "unknown": {k: list(v) for k, v in result.unknown.items()},
    }


def pair_gaps(result: PairGaps) -> dict[str, Any]:
    return {
        "parties": list(result.parties),
        "on": result.on.isoformat(),
        "no_basis": [m.value for m in result.no_basis],
        "only_unknown": [m.value for m in result.only_unknown],
        "covered": {m.value: level.value for m, level in result.covered.items()},
    }


def members(
    kb: KnowledgeBase, org: Organization | Body, day: dt.date, roles: list[Role]
) -> dict[str, Any]:
    from ctcoop.model import Role

    found = kb.members(org.id, day, roles)
    suspended = {m.membership.member for m in kb.members(org.id, day, [Role.SUSPENDED])}
    return {
        "organization": org.id,
        "name": org.name,
        "on": day.isoformat(),
        "roles": [r.value for r in roles],
        "count": len(found),
        "members": [
            membership(kb, m.membership)
            | {"holds": m.holds.value, "suspended": m.membership.member in suspended}
            for m in found
        ],
    }


def actor_on(kb: KnowledgeBase, a: Actor, day: dt.date) -> dict[str, Any]:
    data = actor(kb, a)
    data["on"] = day.isoformat()
    data["memberships"] = [
        membership(kb, m.membership) | {"holds": m.holds.value}
        for m in kb.memberships_of(a.id, day)
    ]
    return data


def data_status(kb: KnowledgeBase, rows: list[InstrumentCoverage], day: dt.date) -> dict[str, Any]:
    return {
        "on": day.isoformat(),
        "imports": [
            {
                "id": i.id,
                "kind": i.kind,
                "imported_at": i.imported_at,
                "as_of": i.as_of,
                "sha256": i.sha256,
                "facts": i.facts,
                "unresolved": len(i.unresolved),
            }
            for i in kb.imports
        ],
        "instruments": [
            {
                "instrument": r.instrument,
                "un_members": r.un_members,
                "known": r.known,
                "bound": r.bound,
                "not_bound": r.not_bound,
                "unknown": r.unknown,
                "sources": list(r.sources),
                "as_of": r.as_of,
            }
            for r in rows
        ],
    }


def _counts(c: Counts) -> dict[str, Any]:
    return {
        "bound": c.bound,
        "not_bound": c.not_bound,
        "unknown": c.unknown,
        "lower_bound": c.lower_bound,
    }


def parties(result: PartiesResult) -> dict[str, Any]:
    """``stats parties``: counts over the UN members on the date, unknowns kept apart."""
    return {
        "on": result.on.isoformat(),
        "instruments": list(result.instruments),
        "un_members": result.un_members,
        "all": _counts(result.all),
        "any": _counts(result.any),
        "per_instrument": {i: _counts(c) for i, c in result.per_instrument.items()},
        "states_all": list(result.states_all),
        "states_any": list(result.states_any),
        "others": list(result.others),
    }


def universal_coverage(
    rows: list[InstrumentCoverage], day: dt.date, members: int
) -> dict[str, Any]:
    """``data coverage --universal``: per instrument, bound / not bound / unknown UN members."""
    known = sum(r.known for r in rows)
    pairs = members * len(rows)
    return {
        "on": day.isoformat(),
        "un_members": members,
        "pairs": pairs,
        "known_pairs": known,
        "known_share": round(known / pairs, 4) if pairs else 0.0,
        "instruments": [
            {
                "instrument": r.instrument,
                "bound": r.bound,
                "not_bound": r.not_bound,
                "unknown": r.unknown,
                "as_of": r.as_of,
                "sources": list(r.sources),
            }
            for r in rows
        ],
    }


def coverage(matrix: CoverageMatrix) -> dict[str, Any]:
    return {
        "measure": matrix.measure.value,
        "on": matrix.on.isoformat(),
        "states": list(matrix.states),
        "counts": matrix.counts(),
        "matrix": matrix.cells(),
        "unknown": matrix.unknown.tolist(),
    }
