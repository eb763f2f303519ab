"""What each page shows, computed by the library; the routes only render it."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from typing import Any

from ctcoop.interfaces import inputs, views
from ctcoop.interfaces.shapes import CompareView, ParticipantsView
from ctcoop.kb import KnowledgeBase
from ctcoop.law.answer import Status
from ctcoop.law.bases import LEVEL_ORDER, bases, cached_status
from ctcoop.law.gaps import org_gaps, state_gaps
from ctcoop.law.obligations import obligations
from ctcoop.law.stats import consents, membership_counts, parties_over_time
from ctcoop.law.status import NEVER_REACHES
from ctcoop.model import (
    CONSENTS,
    BindingRule,
    Body,
    Level,
    Measure,
    Organization,
    Role,
    State,
    Truth,
)


@functools.cache
def iso_numeric() -> dict[str, str]:
    """ISO 3166 numeric code (as the world map uses it) -> alpha-3."""
    import pycountry

    return {c.numeric: c.alpha_3 for c in pycountry.countries}


def home(kb: KnowledgeBase, on: dt.date) -> dict[str, Any]:
    tree: dict[str, Any] = {"name": "ctcoop", "children": []}
    for level in (Level.GLOBAL, Level.REGIONAL, Level.BILATERAL):
        forums: dict[str, list[dict[str, str]]] = {}
        for inst in kb.instruments.values():
            if inst.level is level:
                forums.setdefault(inst.forum or "(between states)", []).append(
                    {"name": inst.name, "id": inst.id, "url": f"/instruments/{inst.id}"}
                )
        children = [
            {
                "name": kb.name_of(f) if f.startswith(("org:", "body:")) else f,
                "id": f,
                "url": f"/organizations/{f}" if f.startswith("org:") else None,
                "children": sorted(items, key=lambda x: x["id"]),
            }
            for f, items in sorted(forums.items())
        ]
        tree["children"].append({"name": level.value, "children": children})
    orgs = sorted(kb.organizations.values(), key=lambda o: (o.level.value, o.name))
    return {
        "tree": tree,
        "organizations": orgs,
        "counts": {
            "states": sum(1 for s in kb.states.values() if not s.historical),
            "instruments": len(kb.instruments),
            "sources": len(kb.sources),
            "memberships": len(kb.memberships),
            "imports": len(kb.imports),
        },
    }


def state(kb: KnowledgeBase, s: State, on: dt.date) -> dict[str, Any]:
    memberships = sorted(
        kb.memberships_of(s.id, on), key=lambda m: kb.name_of(m.membership.organization)
    )
    statuses = []
    for inst in sorted(kb.instruments.values(), key=lambda i: (LEVEL_ORDER.index(i.level), i.id)):
        if inst.binds is BindingRule.UN_MEMBERS and inst.kind.value == "charter":
            continue
        result = cached_status(kb, s.id, inst.id, on)
        if result.applies is Truth.FALSE and result.reason in NEVER_REACHES:
            continue  # instruments that could never reach the state are left out
        statuses.append((inst, result))
    duties = obligations(kb, s.id, on)
    by_measure: dict[str, list[Any]] = {}
    for o in duties.obligations:
        by_measure.setdefault(o.measure.value, []).append(o)
    return {
        "state": s,
        "memberships": memberships,
        "statuses": statuses,
        "by_measure": dict(sorted(by_measure.items())),
        "gaps": state_gaps(kb, s.id, on),
        "gap_notes": views.GAP_NOTES,
        "actor": views.actor_on(kb, s, on),
    }


def organization(kb: KnowledgeBase, org: Organization | Body, on: dt.date) -> dict[str, Any]:
    members = sorted(
        (m for m in kb.members(org.id, on, list(Role)) if m.holds is not Truth.FALSE),
        key=lambda m: (m.membership.role is not Role.MEMBER, kb.name_of(m.membership.member)),
    )
    founded = getattr(org, "founded", None) or getattr(org, "established", None)
    start = founded.year if founded else 1945
    history = membership_counts(kb, org.id, start, max(start, on.year))
    instruments = sorted(
        (i for i in kb.instruments.values() if i.forum == org.id),
        key=lambda i: (str(i.adopted or ""), i.id),
    )
    full = [m.membership.member for m in members if m.membership.role is Role.MEMBER]
    events = sorted(
        (e for e in kb.events.values() if org.id in e.actors),
        key=lambda e: str(e.date),
    )
    mechanisms = [m for m in kb.mechanisms.values() if org.id in (m.organization, m.body)]
    table = {
        i.id: {s: cached_status(kb, s, i.id, on).status.value for s in full} for i in instruments
    }
    gaps = org_gaps(kb, org.id, on) if isinstance(org, Organization) else None
    return {
        "org": org,
        "members": members,
        "history": history,
        "instruments": instruments,
        "status_table": table,
        "full_members": full,
        "gaps": gaps,
        "map": dict.fromkeys(full, "member"),
        "events": events,
        "mechanisms": mechanisms,
        "bodies": sorted(
            (b for b in kb.bodies.values() if org.id in (b.organization, b.parent)),
            key=lambda b: b.name,
        ),
    }


def instrument(kb: KnowledgeBase, ident: str, on: dt.date) -> dict[str, Any]:
    inst = kb.instrument(ident)
    participants = views.participants(kb, inst, on)
    parties = {p["state"]: p["status"] for p in participants["participants"]}
    years = [
        a.date.year
        for p in kb.participants(inst.id)
        for a in p.actions
        if a.type in CONSENTS and a.date is not None
    ]
    per_year: dict[int, int] = {}
    if years:
        counted = consents(kb, [inst.id], min(years), max(years))
        per_year = counted.by_year
    return {
        "inst": inst,
        "data": views.instrument(kb, inst),
        "parties": parties,
        "participants": participants,
        "per_year": per_year,
        "over_time": {
            year: {"bound": c.bound, "not_bound": c.not_bound, "unknown": c.unknown}
            for year, c in parties_over_time(kb, inst.id, on).items()
        },
        "legend": [(s.value, STATUS_WORDS[s]) for s in Status if s.value in parties.values()],
        "records": kb.status_records(inst.id),
    }


# How a state's status reads in a legend (the map colours by the status's value)
STATUS_WORDS = {
    Status.BOUND: "bound",
    Status.NOT_BOUND: "not bound (signed only, not yet in force, or left)",
    Status.COMMITTED: "committed (political)",
    Status.NOT_COMMITTED: "not committed",
    Status.UNKNOWN: "unknown",
}


def pair(
    kb: KnowledgeBase,
    a: State,
    b: State,
    on: dt.date,
    *,
    binding_only: bool = False,
    measure: Measure | None = None,
    hide_unknown: bool = False,
) -> dict[str, Any]:
    """The pair's grid: for each measure (or the one chosen), the bases at each level."""
    grid = {}
    for m in [measure] if measure else list(Measure):
        result = bases(kb, a.id, b.id, m, on, binding_only=binding_only)
        by_level = result.by_level()
        if hide_unknown:
            by_level = {
                level: [x for x in found if x.in_force is not Truth.UNKNOWN]
                for level, found in by_level.items()
            }
        grid[m.value] = {"best": result.best_level(), "by_level": by_level}
    return {
        "a": a,
        "b": b,
        "grid": grid,
        "levels": LEVEL_ORDER,
        "binding_only": binding_only,
        "hide_unknown": hide_unknown,
        "measure": measure.value if measure else "",
    }


def network(kb: KnowledgeBase, on: dt.date) -> dict[str, Any]:
    nodes: dict[str, dict[str, Any]] = {}
    links: list[dict[str, Any]] = []
    for org in kb.organizations.values():
        members = [
            m.membership.member
            for m in kb.members(org.id, on)
            if m.holds is Truth.TRUE and m.membership.member in kb.states
        ]
        if not members or (org.id == "org:un" and len(members) > 150):
            continue  # the UN would connect everything to everything: it is the global level
        nodes[org.id] = {
            "id": org.id,
            "name": org.acronym or org.name,
            "kind": "organization",
            "level": org.level.value,
        }
        for s in members:
            nodes.setdefault(s, {"id": s, "name": kb.name_of(s), "kind": "state", "level": "state"})
            links.append({"source": s, "target": org.id, "level": org.level.value})
    for inst in kb.instruments.values():
        if inst.level is Level.BILATERAL and len(inst.parties) == 2:
            a, b = inst.parties
            for p in (a, b):
                nodes.setdefault(
                    p,
                    {
                        "id": p,
                        "name": _short_name(kb, p) if len(p) > 3 else kb.name_of(p),
                        "kind": "state" if p in kb.states else "organization",
                        "level": "state" if p in kb.states else "regional",
                    },
                )
            links.append({"source": a, "target": b, "level": "bilateral", "instrument": inst.id})
    return {"nodes": list(nodes.values()), "links": links}


def _short_name(kb: KnowledgeBase, ident: str) -> str:
    """An organisation's or body's acronym where it has one (a network label), else its name."""
    actor = kb.organizations.get(ident) or kb.bodies.get(ident)
    return (actor.acronym if actor is not None else None) or kb.name_of(ident)


TIMELINE_ROWS = {
    "adoption": "adoption",
    "entry_into_force": "entry_into_force",
    "attack": "attack",
    "meeting": "meeting",
    "summit": "meeting",
    "meeting_series": "meeting",
}
"""The timeline's rows of marks, by kind of event; any other kind is drawn in the row "other"."""
OTHER = "other"


def timeline(kb: KnowledgeBase) -> dict[str, Any]:
    events = sorted(
        (
            {
                "date": str(e.date),
                "year": e.date.year,
                "title": e.title,
                "kind": e.kind,
                "level": e.level.value if e.level else "other",
                "id": e.id,
                "row": TIMELINE_ROWS.get(e.kind, OTHER),
            }
            for e in kb.events.values()
        ),
        key=lambda e: e["date"],
    )
    per_year: Counter[int] = Counter()
    for p in kb.participations:
        for a in p.actions:
            if a.type in CONSENTS and a.date is not None:
                per_year[a.date.year] += 1
    return {
        "events": events,
        "consents": dict(sorted(per_year.items())),
        "rows": [
            (r, r.replace("_", " ")) for r in dict.fromkeys([*TIMELINE_ROWS.values(), "other"])
        ],
        "levels": sorted({e["level"] for e in events}),
    }


PARTICIPANT_COLUMNS = (
    "state",
    "name",
    "signature",
    "consent",
    "consent_date",
    "in_force_from",
    "status",
    "reservations",
    "sources",
)


def participants_csv(found: ParticipantsView) -> str:
    """The participants table as CSV: one row a state; reservations and sources joined by "; ",
    each source as symbol or title, body and date."""
    import csv
    import io

    def cite(ident: str) -> str:
        src = found["sources"].get(ident)
        if src is None:
            return ident
        return f"{src['symbol'] or src['title']} ({src['body']}, {src['date']})"

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PARTICIPANT_COLUMNS)
    for p in found["participants"]:
        writer.writerow(
            [
                p["state"],
                p["name"],
                p["signature"] or "",
                p["consent"] or "",
                p["consent_date"] or "",
                p["in_force_from"] or "",
                p["status"],
                "; ".join(p["reservations"]),
                "; ".join(cite(s) for s in p["sources"]),
            ]
        )
    return out.getvalue()


def compare_csv(table: CompareView) -> str:
    """The compare matrix as CSV: a row a state, a column an instrument, each cell its status."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    ids = [c["id"] for c in table["instruments"]]
    writer.writerow(["state", "name", *ids])
    for row in table["rows"]:
        writer.writerow([row["state"], row["name"], *(row["status"][i] for i in ids)])
    return out.getvalue()


# The coverage map's date slider starts with the first universal instrument (Tokyo, 1963)
COVERAGE_FROM = 1963


def coverage(
    kb: KnowledgeBase, measure: str, state: str, on: dt.date, binding_only: bool = True
) -> dict[str, Any]:
    """The coverage map on a date: for every other UN member, the best level of a binding basis
    with ``state`` for ``measure`` (with ``binding_only`` false, pairs reached only by a
    commitment or a recommendation are "non_binding"), and how many states fall in each."""
    from ctcoop.law.matrix import coverage_matrix

    m = inputs.required_measure(measure)
    s = kb.resolve_state(state)
    matrix = coverage_matrix(kb, m, on)
    row = matrix.row(s.id, binding_only)
    tally = Counter(row.values())
    classes = ["bilateral", "regional", "global", "unknown"]
    classes += [] if binding_only else ["non_binding"]
    return {
        "on": on.isoformat(),
        "measure": m.value,
        "state": s.id,
        "binding_only": binding_only,
        "values": row,
        "classes": [*classes, "none"],
        "row_counts": {c: tally.get(c, 0) for c in [*classes, "none"]},
        "counts": matrix.counts(),
        "member": s.id in matrix.states,
    }
