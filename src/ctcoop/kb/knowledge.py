"""The KnowledgeBase: immutable, indexed, with time-aware lookups."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ctcoop.errors import NotFoundError
from ctcoop.kb.states import StateNames, _fold
from ctcoop.model import (
    Actor,
    Agency,
    Body,
    Event,
    Instrument,
    InstrumentSet,
    Kind,
    Level,
    Measure,
    Mechanism,
    Membership,
    Organization,
    Participation,
    Regime,
    Role,
    Source,
    State,
    StatusRecord,
    Truth,
)

if TYPE_CHECKING:
    from ctcoop.kb.merge import Conflict, ImportInfo


@dataclass(frozen=True)
class Discrepancy:
    """Where the paper states a value different from the authoritative record."""

    subject: str
    field: str
    record: str
    paper: str
    section: str | None
    note: str | None


@dataclass(frozen=True)
class MemberOn:
    """A membership and whether it holds on the date asked."""

    membership: Membership
    holds: Truth


def _freeze(items: Iterable[tuple[str, list[Membership]]]) -> Mapping[str, tuple[Membership, ...]]:
    return MappingProxyType({k: tuple(v) for k, v in items})


class Memo:
    """A least-recently-used map with a fixed number of entries.

    Large enough to hold the working set of the largest single question (the coverage matrix of
    every UN member on one date: about 20,000 statuses), small enough that any sequence of
    questions keeps it under a few tens of MiB (about 400 bytes an entry).
    """

    LIMIT = 60_000

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._items: OrderedDict[object, object] = OrderedDict()

    def get(self, key: object) -> Any:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def __setitem__(self, key: object, value: object) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        if len(self._items) > self.limit:
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        self._items.clear()


class KnowledgeBase:
    """Who is bound by what, from when, according to which source. Read-only once built."""

    def __init__(
        self,
        *,
        sources: dict[str, Source],
        states: dict[str, State],
        organizations: dict[str, Organization],
        bodies: dict[str, Body],
        agencies: dict[str, Agency],
        instruments: dict[str, Instrument],
        memberships: list[Membership],
        participations: list[Participation],
        status_records: list[StatusRecord],
        mechanisms: dict[str, Mechanism],
        events: dict[str, Event],
        sets: dict[str, InstrumentSet],
        discrepancies: list[Discrepancy],
        regimes: dict[str, Regime] | None = None,
        conflicts: Sequence[Conflict] = (),
        evidence: Sequence[Membership] = (),
        imports: Sequence[ImportInfo] = (),
    ) -> None:
        self.sources = MappingProxyType(sources)
        self.states = MappingProxyType(states)
        self.organizations = MappingProxyType(organizations)
        self.bodies = MappingProxyType(bodies)
        self.agencies = MappingProxyType(agencies)
        self.instruments = MappingProxyType(instruments)
        self.mechanisms = MappingProxyType(mechanisms)
        self.events = MappingProxyType(events)
        self.sets = MappingProxyType(sets)
        self.regimes = MappingProxyType(regimes or {})  # UN sanctions regimes, by list type
        self.memberships = tuple(memberships)
        self.participations = tuple(participations)
        self.discrepancies = tuple(discrepancies)
        self.conflicts = tuple(conflicts)
        self.evidence = tuple(evidence)
        self.imports = tuple(imports)
        # Answers derived from this immutable knowledge base, kept by the law layer; bounded, so
        # that a sweep of dates or pairs cannot grow a long-running server without limit.
        self.memo = Memo()
        self._index(memberships, participations, status_records)

    def _index(
        self,
        memberships: list[Membership],
        participations: list[Participation],
        status_records: list[StatusRecord],
    ) -> None:
        by_org: dict[str, list[Membership]] = defaultdict(list)
        by_member: dict[str, list[Membership]] = defaultdict(list)
        for m in memberships:
            by_org[m.organization].append(m)
            by_member[m.member].append(m)
        self._by_org = _freeze(by_org.items())
        self._by_member = _freeze(by_member.items())
        self._participation = MappingProxyType({(p.state, p.instrument): p for p in participations})
        by_instrument: dict[str, list[Participation]] = defaultdict(list)
        for p in participations:
            by_instrument[p.instrument].append(p)
        self._by_instrument = MappingProxyType({k: tuple(v) for k, v in by_instrument.items()})
        records: dict[str, list[StatusRecord]] = defaultdict(list)
        for r in status_records:
            records[r.instrument].append(r)
        self._status_records = MappingProxyType(
            {k: tuple(sorted(v, key=lambda r: r.as_of.latest)) for k, v in records.items()}
        )
        children: dict[str, list[str]] = defaultdict(list)
        by_measure: dict[Measure, list[str]] = defaultdict(list)
        for inst in self.instruments.values():
            if inst.parent:
                children[inst.parent].append(inst.id)
            for measure in inst.measures():
                by_measure[measure].append(inst.id)
        self._children = MappingProxyType({k: tuple(v) for k, v in children.items()})
        self._by_measure = MappingProxyType({k: tuple(v) for k, v in by_measure.items()})
        self.names = StateNames(dict(self.states))

    # --- snapshots ------------------------------------------------------------------------

    def __getstate__(self) -> dict[str, object]:
        state = {
            k: (dict(v) if isinstance(v, MappingProxyType) else v) for k, v in self.__dict__.items()
        }
        state["memo"] = Memo()
        state["_proxies"] = [k for k, v in self.__dict__.items() if isinstance(v, MappingProxyType)]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        proxies = state.pop("_proxies")
        assert isinstance(proxies, list)
        for key, value in state.items():
            setattr(self, key, MappingProxyType(value) if key in proxies else value)  # type: ignore[arg-type]

    # --- actors ---------------------------------------------------------------------------

    def actor(self, ident: str) -> Actor:
        """The actor with this exact id; NotFoundError (with suggestions) otherwise."""
        for table in (self.states, self.organizations, self.bodies, self.agencies):
            if ident in table:
                return table[ident]
        raise NotFoundError("actor", ident, self._suggest_actor(ident))

    def has_actor(self, ident: str) -> bool:
        return any(
            ident in t for t in (self.states, self.organizations, self.bodies, self.agencies)
        )

    def resolve(self, text: str) -> Actor:
        """An actor from an id, an acronym, a name or a country name in any common spelling."""
        raw = text.strip()
        if self.has_actor(raw):
            return self.actor(raw)
        for prefix in ("org:", "body:"):
            if self.has_actor(prefix + raw.lower()):
                return self.actor(prefix + raw.lower())
        state = self.names.resolve(raw)
        if state is not None:
            return self.states[state]
        folded = _fold(raw)
        for table in (self.organizations, self.bodies, self.agencies):
            for a in table.values():
                names = (a.name, a.acronym or "", *a.aliases)
                if any(_fold(n) == folded for n in names if n):
                    return a
        raise NotFoundError("actor", text, self._suggest_actor(raw))

    def resolve_state(self, text: str) -> State:
        actor = self.resolve(text)
        if not isinstance(actor, State):
            raise NotFoundError("state", text, self.names.suggest(text))
        return actor

    def resolve_organization(self, text: str) -> Organization | Body:
        actor = self.resolve(text)
        if not isinstance(actor, (Organization, Body)):
            raise NotFoundError("organization", text, self._suggest(text, self.organizations))
        return actor

    def _suggest_actor(self, text: str) -> list[str]:
        found = self.names.suggest(text, 3)
        for table in (self.organizations, self.bodies):
            found += self._suggest(text, table)
        return found[:6]

    @staticmethod
    def _suggest(text: str, table: Mapping[str, object], limit: int = 3) -> list[str]:
        import difflib

        return difflib.get_close_matches(text, list(table), n=limit, cutoff=0.5)

    def name_of(self, ident: str) -> str:
        if ident in self.instruments:
            return self.instruments[ident].name
        for table in (self.states, self.organizations, self.bodies, self.agencies):
            found = table.get(ident)
            if found is not None:
                return found.name
        return ident

    # --- memberships ------------------------------------------------------------------------

    def members(
        self, org: str, on: dt.date, roles: Iterable[Role] = (Role.MEMBER,)
    ) -> list[MemberOn]:
        """Memberships of ``org`` in the given roles that hold (or may hold) on ``on``."""
        wanted = set(roles)
        out = [
            MemberOn(m, m.interval.holds_on(on))
            for m in self.membership_history(org)
            if m.role in wanted
        ]
        return sorted(
            (x for x in out if x.holds is not Truth.FALSE), key=lambda x: x.membership.member
        )

    def membership_history(self, org: str) -> tuple[Membership, ...]:
        body = self.bodies.get(org)
        if body is not None and body.same_members_as:
            return self._by_org.get(body.same_members_as, ())
        return self._by_org.get(org, ())

    def memberships_of(self, member: str, on: dt.date | None = None) -> list[MemberOn]:
        items = [
            MemberOn(m, m.interval.holds_on(on) if on else Truth.TRUE)
            for m in self._by_member.get(member, ())
        ]
        return [x for x in items if x.holds is not Truth.FALSE]

    def is_member(
        self, member: str, org: str, on: dt.date, roles: Iterable[Role] = (Role.MEMBER,)
    ) -> tuple[Truth, Membership | None]:
        """Whether ``member`` holds one of ``roles`` (by default: full member) in ``org`` on
        ``on``, with the membership that says so."""
        wanted = frozenset(roles)
        best: tuple[Truth, Membership | None] = (Truth.FALSE, None)
        for m in self._by_member.get(member, ()):
            if m.organization != org or m.role not in wanted:
                continue
            holds = m.interval.holds_on(on)
            if holds is Truth.TRUE:
                return holds, m
            if holds is Truth.UNKNOWN:
                best = (holds, m)
        return best

    def has_membership_data(self, org: str) -> bool:
        return bool(self.membership_history(org))

    # --- instruments ------------------------------------------------------------------------

    def instrument(self, ident: str) -> Instrument:
        try:
            return self.instruments[ident]
        except KeyError:
            raise NotFoundError(
                "instrument", ident, self._suggest(ident, self.instruments)
            ) from None

    def children(self, ident: str) -> tuple[str, ...]:
        return self._children.get(ident, ())

    def find_instruments(
        self,
        *,
        level: Level | None = None,
        kind: Kind | None = None,
        forum: str | None = None,
        measure: Measure | None = None,
    ) -> list[Instrument]:
        ids = self._by_measure.get(measure, ()) if measure else tuple(self.instruments)
        found = (self.instruments[i] for i in ids)
        return [
            i
            for i in found
            if (level is None or i.level is level)
            and (kind is None or i.kind is kind)
            and (forum is None or i.forum == forum)
        ]

    def instrument_set(self, ident: str) -> InstrumentSet:
        try:
            return self.sets[ident]
        except KeyError:
            raise NotFoundError("set", ident, self._suggest(ident, self.sets)) from None

    # --- participation -----------------------------------------------------------------------

    def participation(self, state: str, instrument: str) -> Participation | None:
        return self._participation.get((state, instrument))

    def participants(self, instrument: str) -> tuple[Participation, ...]:
        return self._by_instrument.get(instrument, ())

    def status_record(self, instrument: str, on: dt.date) -> StatusRecord | None:
        """The latest record saying the participant list was complete, as of a date ≥ ``on``."""
        for record in self._status_records.get(instrument, ()):
            if record.as_of.earliest >= on:
                return record
        return None

    def status_records(self, instrument: str) -> tuple[StatusRecord, ...]:
        return self._status_records.get(instrument, ())

    # --- search ----------------------------------------------------------------------------

    def search(self, text: str, limit: int = 20) -> list[tuple[str, str, str]]:
        """(kind, id, name) of everything whose id, name or alias contains ``text``."""
        needle = _fold(text)
        hits: list[tuple[str, str, str]] = []
        if not needle:
            return hits  # nothing to look for (blank, or punctuation only): nothing found
        tables: list[tuple[str, Mapping[str, object]]] = [
            ("state", self.states),
            ("organization", self.organizations),
            ("body", self.bodies),
            ("agency", self.agencies),
            ("instrument", self.instruments),
            ("mechanism", self.mechanisms),
            ("event", self.events),
            ("set", self.sets),
        ]
        for kind, table in tables:
            for ident, obj in table.items():
                names = [
                    ident,
                    *(
                        str(getattr(obj, a, "") or "")
                        for a in ("name", "title", "short_title", "acronym", "symbol")
                    ),
                ]
                names += list(getattr(obj, "aliases", ()))
                if any(needle in _fold(n) for n in names if n):
                    hits.append(
                        (
                            kind,
                            ident,
                            str(getattr(obj, "name", None) or getattr(obj, "title", ident)),
                        )
                    )
        exact = self.names.resolve(text)
        if exact and ("state", exact, self.states[exact].name) not in hits:
            hits.insert(0, ("state", exact, self.states[exact].name))
        return hits[:limit]

    def cite(self, source_ids: Iterable[str]) -> list[Source]:
        return [self.sources[s] for s in source_ids if s in self.sources]
