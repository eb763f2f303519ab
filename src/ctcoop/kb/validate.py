"""Cross-record checks: unique ids, resolvable references, declared sources, sane dates."""

from __future__ import annotations

from collections.abc import Iterable

from ctcoop.errors import Problem
from ctcoop.kb.records import Facts
from ctcoop.model import BindingRule, Instrument, PartialDate


class Checker:
    def __init__(self, facts: Facts, known_states: set[str], problems: list[Problem]) -> None:
        self.facts = facts
        self.problems = problems
        self.states = known_states
        self.sources = {s.id for s in facts.sources}
        self.orgs = {o.id for o in facts.organizations}
        self.bodies = {b.id for b in facts.bodies}
        self.agencies = {a.id for a in facts.agencies}
        self.instruments = {i.id for i in facts.instruments}
        self.mechanisms = {m.id for m in facts.mechanisms}

    def at(self, obj: object, field: str | None, message: str, fix: str) -> None:
        where = self.facts.where.get(id(obj))
        if where is None:
            self.problems.append(Problem("<data>", None, field, message, fix))
            return
        line = where.fields.get(field or "", where.line)
        self.problems.append(Problem(where.file, line, field, message, fix))

    def actor_ok(self, ident: str) -> bool:
        return (
            ident in self.states
            or ident in self.orgs
            or ident in self.bodies
            or ident in self.agencies
        )

    def ref(self, obj: object, field: str, ident: str | None, kinds: str) -> None:
        if ident is None or ident in self.facts.broken_ids:
            return
        ok = {
            "actor": self.actor_ok(ident),
            "state": ident in self.states,
            "org": ident in self.orgs or ident in self.bodies,
            "instrument": ident in self.instruments,
            "mechanism": ident in self.mechanisms,
        }[kinds]
        if not ok:
            self.at(
                obj,
                field,
                f"{ident!r} is not a known {kinds}",
                f"declare {ident!r} in a data file or correct the reference",
            )

    def cites(self, obj: object, sources: Iterable[str], field: str = "sources") -> None:
        for s in sources:
            if s not in self.sources:
                self.at(
                    obj,
                    field,
                    f"source {s!r} is not declared",
                    "declare it in a 'sources:' section (id, title, body, date)",
                )

    def run(self) -> None:
        self.unique()
        self.check_actors()
        self.check_instruments()
        self.check_memberships()
        self.check_participations()
        self.check_others()

    def unique(self) -> None:
        seen: dict[str, object] = {}
        groups: list[Iterable[object]] = [
            self.facts.sources,
            self.facts.organizations,
            self.facts.bodies,
            self.facts.agencies,
            self.facts.instruments,
            self.facts.mechanisms,
            self.facts.events,
            self.facts.sets,
        ]
        for group in groups:
            for obj in group:
                ident = str(getattr(obj, "id"))  # noqa: B009 - every object here has an id
                if ident in seen:
                    first = self.facts.where.get(id(seen[ident]))
                    where = f"{first.file}:{first.line}" if first else "elsewhere"
                    self.at(
                        obj,
                        "id",
                        f"duplicate id {ident!r} (first declared at {where})",
                        "give each record its own id, or merge the two records",
                    )
                else:
                    seen[ident] = obj

    def check_actors(self) -> None:
        for o in self.facts.organizations:
            self.cites(o, o.sources)
            self.ref(o, "predecessor", o.predecessor, "org")
            self.ref(o, "constituent_instrument", o.constituent_instrument, "instrument")
        for b in self.facts.bodies:
            self.cites(b, b.sources)
            self.ref(b, "organization", b.organization, "org")
            self.ref(b, "parent", b.parent, "org")
            self.ref(b, "same_members_as", b.same_members_as, "org")
            self.ref(b, "established_by", b.established_by, "instrument")
        for a in self.facts.agencies:
            self.cites(a, a.sources)
            self.ref(a, "state", a.state, "state")
        for succession in self.facts.successions:
            ident, _, successors, sources = succession
            self.cites(succession, sources)
            self.ref(succession, "id", ident, "state")
            for s in successors:
                self.ref(succession, "successors", s.state, "state")

    def check_instruments(self) -> None:
        for i in self.facts.instruments:
            self.cites(i, i.sources)
            for p in i.provisions:
                self.cites(i, p.sources, "provisions")
            for o in i.opt_outs:
                self.cites(i, o.sources, "opt_outs")
                self.ref(i, "opt_outs", o.state, "state")
            self.ref(i, "forum", i.forum, "org")
            self.ref(i, "adopted_by", i.adopted_by, "org")
            self.ref(i, "parent", i.parent, "instrument")
            for d in i.depositaries:
                self.ref(i, "depositaries", d, "actor")
            for party in i.parties:
                self.ref(i, "parties", party, "actor")
            self.ref(i, "binding_organization", i.binding_organization, "org")
            for clause in i.open_to:
                self.cites(i, clause.sources, "open_to")
                self.ref(i, "open_to", clause.organization, "org")
                self.ref(i, "open_to", clause.instrument, "instrument")
            if i.exit_rule is not None:
                self.cites(i, i.exit_rule.sources, "denunciation")
            self.rule_fields(i)
            self.order(i, ("adopted", i.adopted), ("entry_into_force", i.entry_into_force))
            self.order(
                i,
                ("opened_for_signature", i.opened_for_signature),
                ("entry_into_force", i.entry_into_force),
            )

    def rule_fields(self, i: Instrument) -> None:
        if i.binds is BindingRule.ORG_MEMBERS and not i.binding_organization:
            self.at(
                i,
                "binds",
                "binds org_members but names no organisation",
                "add 'binding_organization: org:...'",
            )
        if i.binds is BindingRule.PARTIES and len(i.parties) < 2:
            self.at(
                i, "parties", "binds parties but does not name two parties", "add 'parties: [A, B]'"
            )

    def order(
        self,
        obj: object,
        first: tuple[str, PartialDate | None],
        second: tuple[str, PartialDate | None],
    ) -> None:
        (name1, d1), (name2, d2) = first, second
        if d1 and d2 and d2.latest < d1.earliest:
            self.at(obj, name2, f"{name2} {d2} is before {name1} {d1}", "check both dates")

    def check_memberships(self) -> None:
        for m in self.facts.memberships:
            self.cites(m, m.sources)
            self.ref(m, "organization", m.organization, "org")
            self.ref(m, "member", m.member, "actor")

    def check_participations(self) -> None:
        seen: set[tuple[str, str]] = set()
        for p in self.facts.participations:
            self.cites(p, p.sources)
            for a in p.actions:
                self.cites(p, a.sources, "actions")
            self.ref(p, "state", p.state, "actor")
            self.ref(p, "instrument", p.instrument, "instrument")
            if (p.state, p.instrument) in seen:
                self.at(
                    p,
                    "state",
                    f"a second participation of {p.state} in {p.instrument}",
                    "put all actions of one state in one participation record",
                )
            seen.add((p.state, p.instrument))
        for r in self.facts.status_records:
            self.cites(r, r.sources)
            self.ref(r, "instrument", r.instrument, "instrument")

    def check_others(self) -> None:
        for m in self.facts.mechanisms:
            self.cites(m, m.sources)
            self.ref(m, "organization", m.organization, "org")
            self.ref(m, "body", m.body, "org")
            self.ref(m, "established_by", m.established_by, "instrument")
            for a in m.participants:
                self.ref(m, "participants", a, "actor")
        for e in self.facts.events:
            self.cites(e, e.sources)
            self.ref(e, "mechanism", e.mechanism, "mechanism")
            self.ref(e, "instrument", e.instrument, "instrument")
            for a in e.actors:
                self.ref(e, "actors", a, "actor")
        for s in self.facts.sets:
            self.cites(s, s.sources)
            for i in s.instruments:
                self.ref(s, "instruments", i, "instrument")
        seen_regimes: set[str] = set()
        for g in self.facts.regimes:
            self.cites(g, g.sources)
            if g.committee:
                self.ref(g, "committee", g.committee, "actor")
            for link in g.resolutions:
                self.ref(g, "resolutions", link.instrument, "instrument")
            if g.list_type in seen_regimes:
                self.at(g, "list_type", f"a second regime {g.list_type!r}", "merge the two")
            seen_regimes.add(g.list_type)
