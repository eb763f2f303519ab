"""The commands: each parses nothing, calls the library, and returns an Output."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from ctcoop.cli.output import Output, Table, out
from ctcoop.interfaces import inputs, views
from ctcoop.kb import KnowledgeBase
from ctcoop.law import status as law_status
from ctcoop.model import Kind, Level, Measure, Role, Truth


def parse_on(text: str | None) -> dt.date:
    return inputs.on_date(text, "--on")


def _enum(cls: Any, value: str | None, arg: str) -> Any:
    return inputs.choice(cls, value, arg)


def _measure(value: str | None) -> Measure | None:
    return inputs.measure(value, "--measure")


def _forum_label(kb: KnowledgeBase, forum: str) -> str:
    if forum == "(none)":
        return "between states (no forum)"
    actor = kb.actor(forum) if kb.has_actor(forum) else None
    acronym = getattr(actor, "acronym", None)
    return f"{acronym or kb.name_of(forum)} ({forum})"


def model(kb: KnowledgeBase) -> Output:
    levels: dict[str, Any] = {}
    lines = ["[bold]ctcoop: the three-level model[/bold]"]
    for n, level in enumerate(Level):
        insts = [i for i in kb.instruments.values() if i.level is level]
        orgs = [o for o in kb.organizations.values() if o.level is level]
        forums: dict[str, list[str]] = {}
        for i in insts:
            forums.setdefault(i.forum or "(none)", []).append(i.id)
        levels[level.value] = {
            "organizations": sorted(o.id for o in orgs),
            "instruments": len(insts),
            "by_forum": {f: len(v) for f, v in sorted(forums.items())},
            "kinds": dict(Counter(i.kind.value for i in insts)),
        }
        last_level = n == len(Level) - 1
        lines.append(
            f"{'└' if last_level else '├'}── [bold]{level.value}[/bold]: "
            f"{len(orgs)} organisations, {len(insts)} instruments"
        )
        stem = "    " if last_level else "│   "
        ordered = sorted(forums.items(), key=lambda kv: -len(kv[1]))
        for k, (forum, ids) in enumerate(ordered):
            kinds = Counter(kb.instruments[i].kind.value for i in ids)
            mark = "└" if k == len(ordered) - 1 else "├"
            detail = ", ".join(f"{c} {kind}" for kind, c in kinds.most_common())
            lines.append(f"{stem}{mark}── {_forum_label(kb, forum)}: {detail}")
    data = {
        "levels": levels,
        "totals": {
            "states": len(kb.states),
            "organizations": len(kb.organizations),
            "bodies": len(kb.bodies),
            "agencies": len(kb.agencies),
            "instruments": len(kb.instruments),
            "memberships": len(kb.memberships),
            "participations": len(kb.participations),
            "mechanisms": len(kb.mechanisms),
            "events": len(kb.events),
            "sources": len(kb.sources),
            "sets": len(kb.sets),
        },
    }
    lines.append(", ".join(f"{v} {k}" for k, v in data["totals"].items()))
    return out(data, *lines)


def instrument(kb: KnowledgeBase, ident: str) -> Output:
    i = kb.instrument(ident)
    data = views.instrument(kb, i)
    head = [
        f"[bold]{i.title}[/bold] ({i.id})",
        f"{i.kind.value}, {i.level.value} level, forum {kb.name_of(i.forum or '')}; "
        f"{i.legal_force.value}; binds: {i.binds.value}",
        f"adopted {i.adopted or '?'}; opened for signature {i.opened_for_signature or '?'}; "
        f"entry into force {i.entry_into_force or '?'}",
    ]
    if i.parent:
        head.append(f"parent: {i.parent}")
    head.append(i.eif_for_state.describe())
    provisions = Table(
        "Provisions",
        ["article", "measures", "strength", "flags", "summary"],
        [
            [
                p.article,
                ", ".join(m.value for m in p.measures),
                p.strength.value,
                ", ".join(f.value for f in p.flags),
                p.summary,
            ]
            for p in i.provisions
        ],
    )
    srcs = Table(
        "Sources",
        ["source", "body", "date", "url"],
        [[s.symbol or s.title, s.body, str(s.date), s.url] for s in kb.cite(i.sources)],
    )
    return out(data, *head, tables=[provisions, srcs])


def instruments(
    kb: KnowledgeBase, level: str | None, kind: str | None, forum: str | None, measure: str | None
) -> Output:
    found = kb.find_instruments(
        level=_enum(Level, level, "--level"),
        kind=_enum(Kind, kind, "--kind"),
        forum=forum,
        measure=_measure(measure),
    )
    found.sort(key=lambda i: (i.level.value, str(i.adopted or ""), i.id))
    rows: list[list[object]] = [
        [i.id, i.level.value, i.kind.value, i.adopted, i.entry_into_force, i.name] for i in found
    ]
    data = views.instrument_list(found)
    return out(
        data,
        tables=[
            Table(
                f"{len(found)} instruments",
                ["id", "level", "kind", "adopted", "in force", "title"],
                rows,
            )
        ],
    )


def actor(kb: KnowledgeBase, text: str, on: str | None) -> Output:
    day = parse_on(on)
    a = kb.resolve(text)
    data = views.actor_on(kb, a, day)
    rows: list[list[object]] = [
        [
            m["organization"],
            kb.name_of(m["organization"]),
            m["role"],
            m["from"],
            "" if m["holds"] == Truth.TRUE.value else "uncertain",
        ]
        for m in data["memberships"]
    ]
    lines = [f"[bold]{a.name}[/bold] ({a.id}, {a.kind.value})"]
    if data["member_count"] is not None:
        lines.append(f"{data['member_count']} members on {day}")
    return out(
        data,
        *lines,
        tables=[
            Table(f"Memberships on {day}", ["organisation", "name", "role", "since", "note"], rows)
        ],
    )


def search(kb: KnowledgeBase, text: str) -> Output:
    data = views.search(kb, text)
    rows = [[h["kind"], h["id"], h["name"]] for h in data["results"]]
    return out(data, tables=[Table(f"Results for {text!r}", ["kind", "id", "name"], rows)])


def members(kb: KnowledgeBase, org: str, on: str | None, roles: str | None) -> Output:
    day = parse_on(on)
    o = kb.resolve_organization(org)
    wanted = [Role(r) for r in (roles or "member").split(",")] if roles else [Role.MEMBER]
    found = kb.members(o.id, day, wanted)
    suspended = {m.membership.member for m in kb.members(o.id, day, [Role.SUSPENDED])}
    data = views.members(kb, o, day, wanted)
    rows: list[list[object]] = [
        [
            m.membership.member,
            kb.name_of(m.membership.member),
            m.membership.role.value,
            m.membership.interval.start,
            "suspended"
            if m.membership.member in suspended
            else ("uncertain on this date" if m.holds is Truth.UNKNOWN else ""),
        ]
        for m in found
    ]
    return out(
        data,
        tables=[
            Table(f"{o.name}: {len(found)} on {day}", ["id", "name", "role", "since", "note"], rows)
        ],
    )


def org_history(kb: KnowledgeBase, org: str) -> Output:
    o = kb.resolve_organization(org)
    changes: list[tuple[str, str, str, str]] = []
    for m in kb.membership_history(o.id):
        if m.interval.start:
            changes.append(
                (str(m.interval.start), m.member, f"{m.role.value}: joins", m.note or "")
            )
        if m.interval.end:
            changes.append((str(m.interval.end), m.member, f"{m.role.value}: ends", m.note or ""))
    changes.sort()
    data = {
        "organization": o.id,
        "name": o.name,
        "changes": [
            {"date": d, "member": mem, "name": kb.name_of(mem), "change": c, "note": n}
            for d, mem, c, n in changes
        ],
    }
    rows: list[list[object]] = [[d, mem, kb.name_of(mem), c, n] for d, mem, c, n in changes]
    return out(
        data,
        tables=[
            Table(f"{o.name}: membership changes", ["date", "id", "name", "change", "note"], rows)
        ],
    )


def status(kb: KnowledgeBase, state: str, instrument_id: str, on: str | None) -> Output:
    day = parse_on(on)
    s = kb.resolve_state(state)
    result = law_status(kb, s.id, kb.instrument(instrument_id).id, day)
    data = views.status(kb, result)
    colour = {"bound": "green", "committed": "blue", "unknown": "yellow"}.get(
        result.status.value, "red"
    )
    lines = [
        f"{s.name} / {kb.name_of(result.instrument)} on {day}: "
        f"[bold {colour}]{result.status.value}[/bold {colour}] ({result.force.value})"
    ]
    if result.in_force_from:
        lines.append(f"in force for {s.id} from {result.in_force_from}")
    for n, step in enumerate(result.explanation, 1):
        cites = "; ".join(src.symbol or src.title for src in kb.cite(step.sources))
        lines.append(f"  {n}. {step.text}" + (f" [dim]({cites})[/dim]" if cites else ""))
    return out(data, *lines)
