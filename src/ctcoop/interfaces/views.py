"""Plain-JSON views of domain objects and results, shared by the CLI, the API and the web UI."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple, TypeVar, cast

from ctcoop.interfaces.shapes import (
    ActorOnView,
    ActorView,
    BasesView,
    BasisView,
    CompareRowView,
    CompareView,
    ConsentsView,
    CountsView,
    CoverageView,
    DataStatusView,
    HeldMembershipView,
    InstrumentListView,
    InstrumentSummaryView,
    InstrumentView,
    MembershipView,
    MembersView,
    MemberView,
    ObligationsView,
    ObligationView,
    OrgGapsView,
    PairGapsView,
    PaperView,
    ParticipantsView,
    ParticipantView,
    PartiesView,
    ProvisionRefView,
    ProvisionView,
    SearchView,
    SourceView,
    StateGapsView,
    StatusView,
    StepView,
    UniversalCoverageView,
)
from ctcoop.kb import KnowledgeBase
from ctcoop.law import StatusResult
from ctcoop.model import (
    Actor,
    Body,
    Instrument,
    Membership,
    Organization,
    PaperNote,
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
    from ctcoop.law.stats import ConsentsResult, Counts, PartiesResult

T = TypeVar("T")


def _d(value: object) -> str | None:
    return None if value is None else str(value)


def sources(kb: KnowledgeBase, ids: tuple[str, ...]) -> list[SourceView]:
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


def _source(kb: KnowledgeBase, ident: str) -> SourceView:
    return sources(kb, (ident,))[0]


class Cited:
    """Collects the sources an answer cites: steps carry ids, the answer one map of them."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.map: dict[str, SourceView] = {}

    def ids(self, ids: tuple[str, ...]) -> list[str]:
        for ident in ids:
            if ident not in self.map and ident in self.kb.sources:
                self.map[ident] = _memo(
                    self.kb, ("view-source", ident), functools.partial(_source, self.kb, ident)
                )
        return list(ids)

    def steps(self, steps: Iterable[Step]) -> list[StepView]:
        return [{"text": s.text, "sources": self.ids(s.sources)} for s in steps]

    def provision(self, p: Provision) -> ProvisionRefView:
        """A provision, its sources given as ids in the answer's source map."""
        return {
            "article": p.article,
            "measures": [m.value for m in p.measures],
            "strength": p.strength.value,
            "summary": p.summary,
            "flags": [f.value for f in p.flags],
            "sources": self.ids(p.sources),
        }


def provision(kb: KnowledgeBase, p: Provision) -> ProvisionView:
    """A provision with its sources in full."""
    return {
        "article": p.article,
        "measures": [m.value for m in p.measures],
        "strength": p.strength.value,
        "summary": p.summary,
        "flags": [f.value for f in p.flags],
        "sources": sources(kb, p.sources),
    }


def instrument_summary(i: Instrument) -> InstrumentSummaryView:
    return {
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


def _paper(paper: PaperNote | None) -> PaperView | None:
    if paper is None:
        return None
    return {"section": paper.section, "says": dict(paper.says), "note": paper.note}


def instrument_list(found: Iterable[Instrument]) -> InstrumentListView:
    shown = [instrument_summary(i) for i in found]
    return {"count": len(shown), "instruments": shown}


def instrument(kb: KnowledgeBase, i: Instrument) -> InstrumentView:
    return {
        **instrument_summary(i),
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
        "paper": _paper(i.paper),
        "sets": [s.id for s in kb.sets.values() if i.id in s.instruments],
    }


def membership(kb: KnowledgeBase, m: Membership) -> MembershipView:
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


def actor(kb: KnowledgeBase, a: Actor) -> ActorView:
    cited = sources(kb, a.sources)
    if isinstance(a, State):
        return {
            "id": a.id,
            "kind": a.kind.value,
            "name": a.name,
            "official_name": a.official_name,
            "alpha2": a.alpha2,
            "historical": a.historical,
            "successors": [{"state": s.state, "kind": s.kind} for s in a.successors],
            "sources": cited,
        }
    if isinstance(a, Organization):
        return {
            "id": a.id,
            "kind": a.kind.value,
            "name": a.name,
            "acronym": a.acronym,
            "level": a.level.value,
            "founded": _d(a.founded),
            "dissolved": _d(a.dissolved),
            "predecessor": a.predecessor,
            "aliases": list(a.aliases),
            "wikidata": a.wikidata,
            "sources": cited,
        }
    if isinstance(a, Body):
        return {
            "id": a.id,
            "kind": a.kind.value,
            "name": a.name,
            "acronym": a.acronym,
            "organization": a.organization,
            "parent": a.parent,
            "established": _d(a.established),
            "established_by": a.established_by,
            "composition": a.composition,
            "mandate": a.mandate,
            "sources": cited,
        }
    return {
        "id": a.id,
        "kind": a.kind.value,
        "name": a.name,
        "state": a.state,
        "acronym": a.acronym,
        "sources": cited,
    }


def status(kb: KnowledgeBase, r: StatusResult) -> StatusView:
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


def _memo(kb: KnowledgeBase, key: tuple[object, ...], build: Callable[[], T]) -> T:
    """Parts of answers that many answers share (a status's steps, an article), built once."""
    found = kb.memo.get(key)
    if found is None:
        found = kb.memo[key] = build()
    return cast(T, found)


def _steps_part(steps: Iterable[Step]) -> tuple[list[StepView], tuple[str, ...]]:
    """Steps as an answer shows them, with the source ids they cite in order of citation."""
    shown: list[StepView] = [{"text": s.text, "sources": list(s.sources)} for s in steps]
    return shown, tuple(dict.fromkeys(i for s in shown for i in s["sources"]))


class _SharedBasis(NamedTuple):
    """What a basis shows whoever the parties: the instrument and what it provides for the
    measure (its provisions, the explanation's last steps), with the sources they cite."""

    strength: str | None
    kind: str
    provisions: list[ProvisionRefView]
    provision_ids: tuple[str, ...]
    steps: list[StepView]
    step_ids: tuple[str, ...]


def _basis_shared(kb: KnowledgeBase, b: Basis) -> _SharedBasis:
    def build() -> _SharedBasis:
        cited = Cited(kb)
        provisions = [cited.provision(p) for p in b.provisions]
        steps, step_ids = _steps_part(b.provision_steps())
        strength = b.strength.value if b.strength else None
        return _SharedBasis(strength, b.kind, provisions, tuple(cited.map), steps, step_ids)

    return _memo(kb, ("view-basis", b.instrument.id, b.measure), build)


def bases(kb: KnowledgeBase, result: BasesResult) -> BasesView:
    """The answer to "on what basis can A and B cooperate": built from parts shared between
    answers (an instrument's provisions, a state's status steps), so a new pair costs little."""
    cited = Cited(kb)
    shown: list[BasisView] = []
    for b in result.bases:
        shared = _basis_shared(kb, b)
        cited.ids(shared.provision_ids)  # the sources in the order the answer cites them
        steps: list[StepView] = []
        for n, r in enumerate(b.statuses):
            part, ids = _memo(
                kb,
                ("view-status-steps", r.state, r.instrument, r.on),
                functools.partial(_steps_part, r.explanation),
            )
            steps += part[1:] if n else part
            cited.ids(tuple(i for step in part[1:] for i in step["sources"]) if n else ids)
        cited.ids(shared.step_ids)
        shown.append(
            {
                "instrument": b.instrument.id,
                "title": b.instrument.title,
                "level": b.level.value,
                "in_force": b.in_force.as_json(),
                "binding": b.binding,
                "force": b.force.value,
                "strength": shared.strength,
                "kind": shared.kind,
                "legal_force": b.instrument.legal_force.value,
                "provisions": shared.provisions,
                "status": {s.state: s.status.value for s in b.statuses},
                "explanation": steps + shared.steps,
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


def obligations(kb: KnowledgeBase, result: ObligationsResult) -> ObligationsView:
    cited = Cited(kb)
    shown: list[ObligationView] = [
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
    ]
    return {
        "state": result.state,
        "on": result.on.isoformat(),
        "obligations": shown,
        "unknown": [r.instrument for r in result.unknown],
        "sources": cited.map,
    }


GAP_NOTES = {
    "not_in_force": "the instrument was not in force on the date",
    "pending": "consented; not yet in force for it",
    "withdrawn": "withdrew",
}
"""Why an instrument is a gap, in words (by ``reason``), for the CLI's table and the state page."""


def state_gaps(result: StateGaps) -> StateGapsView:
    return {
        "state": result.state,
        "on": result.on.isoformat(),
        "universal_not_party": [r.instrument for r in result.universal_missing],
        "universal_unknown": [r.instrument for r in result.universal_unknown],
        "regional_not_party": [r.instrument for r in result.regional_missing],
        "regional_unknown": [r.instrument for r in result.regional_unknown],
        "reasons": {
            r.instrument: r.reason.value
            for r in (*result.universal_missing, *result.regional_missing)
        },
    }


def org_gaps(result: OrgGaps) -> OrgGapsView:
    return {
        "organization": result.organization,
        "on": result.on.isoformat(),
        "members": result.members,
        "missing": {k: list(v) for k, v in result.missing.items()},
        "unknown": {k: list(v) for k, v in result.unknown.items()},
    }


def pair_gaps(result: PairGaps) -> PairGapsView:
    return {
        "parties": list(result.parties),
        "on": result.on.isoformat(),
        "no_basis": [m.value for m in result.no_basis],
        "only_unknown": [m.value for m in result.only_unknown],
        "covered": {m.value: level.value for m, level in result.covered.items()},
    }


def members(
    kb: KnowledgeBase, org: Organization | Body, day: dt.date, roles: list[Role]
) -> MembersView:
    from ctcoop.model import Role

    found = kb.members(org.id, day, roles)
    suspended = {m.membership.member for m in kb.members(org.id, day, [Role.SUSPENDED])}
    shown: list[MemberView] = [
        {
            **membership(kb, m.membership),
            "holds": m.holds.value,
            "suspended": m.membership.member in suspended,
        }
        for m in found
    ]
    return {
        "organization": org.id,
        "name": org.name,
        "on": day.isoformat(),
        "roles": [r.value for r in roles],
        "count": len(found),
        "members": shown,
    }


def actor_on(kb: KnowledgeBase, a: Actor, day: dt.date) -> ActorOnView:
    """An actor with what it is a member of on the date (and, for an organisation, its number
    of members then)."""
    held: list[HeldMembershipView] = [
        {**membership(kb, m.membership), "holds": m.holds.value}
        for m in kb.memberships_of(a.id, day)
    ]
    count = len(kb.members(a.id, day)) if isinstance(a, Organization) else None
    return {**actor(kb, a), "on": day.isoformat(), "memberships": held, "member_count": count}


def data_status(kb: KnowledgeBase, rows: list[InstrumentCoverage], day: dt.date) -> DataStatusView:
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


def _counts(c: Counts) -> CountsView:
    return {
        "bound": c.bound,
        "not_bound": c.not_bound,
        "unknown": c.unknown,
        "lower_bound": c.lower_bound,
    }


def parties(result: PartiesResult) -> PartiesView:
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


def consents(result: ConsentsResult) -> ConsentsView:
    """``stats consents``: consents deposited, and states consenting, per year."""
    return {
        "instruments": list(result.instruments),
        "by_year": {str(y): n for y, n in result.by_year.items()},
        "states_by_year": {str(y): n for y, n in result.states_by_year.items()},
        "mean_per_year": result.mean_per_year,
    }


def universal_coverage(
    rows: list[InstrumentCoverage], day: dt.date, members: int
) -> UniversalCoverageView:
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


def coverage(matrix: CoverageMatrix) -> CoverageView:
    unknown: list[list[bool]] = matrix.unknown.tolist()
    return {
        "measure": matrix.measure.value,
        "on": matrix.on.isoformat(),
        "states": list(matrix.states),
        "counts": matrix.counts(),
        "matrix": matrix.cells(),
        "unknown": unknown,
    }


def search(kb: KnowledgeBase, query: str, limit: int = 20) -> SearchView:
    return {
        "query": query,
        "results": [{"kind": k, "id": i, "name": n} for k, i, n in kb.search(query, limit)],
    }


def participants(kb: KnowledgeBase, inst: Instrument, on: dt.date) -> ParticipantsView:
    """Every state with a recorded action on ``inst``: its signature, its consent, when the
    instrument came into force for it, its status on the date, reservations, and the sources."""
    from ctcoop.law.bases import cached_status
    from ctcoop.model import CONSENTS, ActionType

    rows: list[ParticipantView] = []
    cited = Cited(kb)
    for p in kb.participants(inst.id):
        if p.state not in kb.states:
            continue
        signed = next((a for a in p.actions if a.type is ActionType.SIGNATURE), None)
        consent = next((a for a in p.actions if a.type in CONSENTS), None)
        result = cached_status(kb, p.state, inst.id, on)
        kept = p.of_type(ActionType.RESERVATION, ActionType.DECLARATION)
        rows.append(
            {
                "state": p.state,
                "name": kb.name_of(p.state),
                "signature": _d(signed.date) if signed else None,
                "consent": consent.type.value if consent else None,
                "consent_date": _d(consent.date) if consent else None,
                "in_force_from": _d(result.in_force_from),
                "status": result.status.value,
                "reservations": [
                    f"{a.type.value}: {a.text}" if a.text else a.type.value for a in kept
                ],
                "sources": cited.ids(
                    tuple(dict.fromkeys((*p.sources, *(s for a in p.actions for s in a.sources))))
                ),
            }
        )
    rows.sort(key=lambda r: r["name"])
    record = kb.status_record(inst.id, on)
    return {
        "instrument": inst.id,
        "on": on.isoformat(),
        "complete_as_of": _d(record.as_of) if record else None,
        "count": len(rows),
        "participants": rows,
        "sources": cited.map,
    }


def compare(
    kb: KnowledgeBase, states: list[str], instruments: list[str], on: dt.date
) -> CompareView:
    """The status of each chosen state in each chosen instrument on the date."""
    from ctcoop.law.bases import cached_status

    rows: list[CompareRowView] = [
        {
            "state": s,
            "name": kb.name_of(s),
            "status": {i: cached_status(kb, s, i, on).status.value for i in instruments},
        }
        for s in states
    ]
    counts: dict[str, dict[str, int]] = {}
    for i in instruments:
        tally = Counter(row["status"][i] for row in rows)
        counts[i] = dict(sorted(tally.items()))
    return {
        "on": on.isoformat(),
        "instruments": [
            {
                "id": i,
                "name": kb.name_of(i),
                "legal_force": kb.instruments[i].legal_force.value,
            }
            for i in instruments
        ],
        "rows": rows,
        "counts": counts,
    }
