"""Parse the sections of a data file into domain objects."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field
from functools import partial
from typing import Any, TypeVar

from ctcoop.kb.fields import FieldError, Reader
from ctcoop.kb.yamlio import LineDict
from ctcoop.model import (
    Action,
    Agency,
    Body,
    EifForState,
    EifRule,
    Event,
    ExitRule,
    Instrument,
    InstrumentSet,
    Interval,
    JoinRule,
    Mechanism,
    Membership,
    OpenTo,
    OptOut,
    Organization,
    PaperNote,
    PartialDate,
    Participation,
    Provision,
    Regime,
    RegimeInstrument,
    Role,
    Source,
    StatusList,
    StatusRecord,
    Strength,
    Succession,
    parse_measure,
)

T = TypeVar("T")

SOURCE_ID = r"src:[a-z0-9][a-z0-9._:-]*"
INSTRUMENT_ID = r"[a-z0-9][a-z0-9-]*"
ORG_ID = r"org:[a-z0-9][a-z0-9-]*"
BODY_ID = r"body:[a-z0-9][a-z0-9-]*"
AGENCY_ID = r"agency:[a-z0-9][a-z0-9-]*"
MECH_ID = r"mech:[a-z0-9][a-z0-9-]*"
EVENT_ID = r"ev:[a-z0-9][a-z0-9-]*"
SET_ID = r"set:[a-z0-9][a-z0-9-]*"
STATE_ID = r"[A-Z]{3}"


@dataclass(frozen=True)
class Located:
    """Where a record was read: used for later (cross-record) problems."""

    file: str
    line: int
    fields: dict[str, int]


@dataclass
class Facts:
    """Everything read from the data files, before cross-checking and indexing."""

    sources: list[Source] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    instruments: list[Instrument] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)
    status_records: list[StatusRecord] = field(default_factory=list)
    mechanisms: list[Mechanism] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    sets: list[InstrumentSet] = field(default_factory=list)
    regimes: list[Regime] = field(default_factory=list)
    successions: list[tuple[str, Interval, tuple[Succession, ...], tuple[str, ...]]] = field(
        default_factory=list
    )
    where: dict[int, Located] = field(default_factory=dict)
    broken_ids: set[str] = field(
        default_factory=set
    )  # records skipped for a problem already reported

    def locate(self, obj: object, file: str, rec: LineDict) -> None:
        self.where[id(obj)] = Located(file, rec.line, dict(rec.key_lines))


# Reading a record from its model dataclass: each field is read by its declared type, under its
# own name, so a field is declared once (in ctcoop.model) and the reader follows. A record kind
# gives only what its type cannot say: ids with their pattern, defaults the YAML may leave out,
# nested records. Fields the data never states (set by imports) are named in ``internal``.

FieldRead = Callable[[Reader, LineDict, str], Any]


def _read_by_type(hint: Any, default: Any) -> FieldRead | None:
    """How to read a field of type ``hint`` (None: the record kind must give it)."""
    import types
    import typing
    from enum import StrEnum

    args = typing.get_args(hint)
    optional = isinstance(hint, types.UnionType) and type(None) in args
    inner = next((a for a in args if a is not type(None)), None) if optional else hint
    if inner is str:
        return Reader.text if optional else Reader.req_text
    if inner is PartialDate:
        return Reader.date if optional else Reader.req_date
    if inner is PaperNote:
        return lambda r, rec, _name: r.paper(rec)
    if inner is Interval:
        return lambda r, rec, _name: r.interval(rec)
    if isinstance(inner, type) and issubclass(inner, StrEnum):
        if optional:
            return lambda r, rec, name: (
                None if r.raw(rec, name) is None else r.enum(rec, name, inner)
            )
        fallback = None if default is MISSING else default
        return lambda r, rec, name: r.enum(rec, name, inner, fallback)
    if typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        if item is str:
            return Reader.strings
        if isinstance(item, type) and issubclass(item, StrEnum):
            return lambda r, rec, name: r.enums(rec, name, item)
    if hint == bool | None:
        return Reader.flag
    return None


_PLANS: dict[type, tuple[tuple[str, FieldRead | None], ...]] = {}
"""How each record class is read, worked out once per class (a dozen of them)."""


def _plan(cls: type) -> tuple[tuple[str, FieldRead | None], ...]:
    import typing

    if cls not in _PLANS:
        hints = typing.get_type_hints(cls)
        _PLANS[cls] = tuple(
            (f.name, _read_by_type(hints[f.name], f.default)) for f in dataclasses.fields(cls)
        )
    return _PLANS[cls]


def _derived(
    r: Reader,
    rec: LineDict,
    cls: type[T],
    *,
    internal: frozenset[str] = frozenset(),
    inherited: tuple[str, ...] = (),
    **given: Any,
) -> T:
    """A ``cls`` read from ``rec``: each field by its type, except those ``given`` (already read
    by the record kind) and the ``internal`` ones the data never states."""
    values: dict[str, Any] = {}
    for name, read in _plan(cls):
        if name in given:
            values[name] = given[name]
        elif name in internal:
            continue
        elif name == "sources":
            values[name] = r.sources(rec, inherited=inherited)
        elif read is None:
            raise TypeError(f"{cls.__name__}.{name}: give it, its type is not read generically")
        else:
            values[name] = read(r, rec, name)
    return cls(**values)


def _source(r: Reader, rec: LineDict) -> Source:
    return _derived(
        r,
        rec,
        Source,
        id=r.ident(rec, "id", SOURCE_ID, "src:a-res-54-109"),
        internal=frozenset({"file_hash", "retrieved"}),
    )


def _organization(r: Reader, rec: LineDict) -> Organization:
    return _derived(r, rec, Organization, id=r.ident(rec, "id", ORG_ID, "org:asean"))


def _body(r: Reader, rec: LineDict) -> Body:
    return _derived(r, rec, Body, id=r.ident(rec, "id", BODY_ID, "body:un-ctc"))


def _agency(r: Reader, rec: LineDict) -> Agency:
    return _derived(
        r,
        rec,
        Agency,
        id=r.ident(rec, "id", AGENCY_ID, "agency:usa-fbi"),
        state=r.ident(rec, "state", STATE_ID, "USA"),
    )


def _membership(r: Reader, rec: LineDict) -> Membership:
    return _derived(
        r,
        rec,
        Membership,
        role=r.enum(rec, "role", Role, Role.MEMBER),
        internal=frozenset({"origin"}),
    )


def _provision(r: Reader, rec: LineDict, instrument: str, inherited: tuple[str, ...]) -> Provision:
    if "measures" not in rec:
        raise r.fail(
            rec,
            "measures",
            "is missing",
            "add 'measures: [...]' (or 'measures: []' for a provision that maps to none)",
        )
    return _derived(
        r,
        rec,
        Provision,
        instrument=instrument,
        strength=r.enum(rec, "strength", Strength, Strength.SHALL),
        summary=r.text(rec, "summary") or "",
        inherited=inherited,
    )


def _eif_rule(r: Reader, rec: LineDict) -> EifForState:
    value = r.mapping(
        rec, "eif_for_state", "write 'eif_for_state: {rule: days_after_deposit, days: 30}'"
    )
    if value is None:
        return EifForState()
    rule = r.enum(value, "rule", EifRule)
    days = r.raw(value, "days")
    if rule is EifRule.DAYS_AFTER_DEPOSIT and not isinstance(days, int):
        raise r.fail(value, "days", "is needed with rule days_after_deposit", "add 'days: 30'")
    return EifForState(rule, days if isinstance(days, int) else None, r.text(value, "article"))


def _count(r: Reader, rec: LineDict, field: str) -> int | None:
    value = r.raw(rec, field)
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value
    raise r.fail(rec, field, f"{value!r} is not a whole number", f"write '{field}: 12'")


def _exit_rule(r: Reader, rec: LineDict, inherited: tuple[str, ...]) -> ExitRule | None:
    value = r.mapping(rec, "denunciation", "write 'denunciation: {months: 12, article: \"27\"}'")
    if value is None:
        return None
    months, days = _count(r, value, "months"), _count(r, value, "days")
    if months is None and days is None:
        raise r.fail(value, "months", "says nothing of when", "add 'months: 12' or 'days: 90'")
    return ExitRule(months, days, r.text(value, "article"), r.sources(value, inherited=inherited))


STATUS_LIST_IMPORTERS = ("icao", "imo", "iaea", "oas", "au")


def _status_list(r: Reader, rec: LineDict) -> StatusList | None:
    value = r.mapping(rec, "status_list", "write 'status_list: {importer: oas, url: https://...}'")
    if value is None:
        return None
    importer = r.req_text(value, "importer")
    if importer not in STATUS_LIST_IMPORTERS:
        raise r.fail(
            value,
            "importer",
            f"unknown importer {importer!r}",
            f"use one of {STATUS_LIST_IMPORTERS}",
        )
    url = r.req_text(value, "url")
    if not url.startswith(("https://", "http://")):
        raise r.fail(value, "url", f"{url!r} is not a web address", "write https://...")
    return StatusList(importer, url)


def _open_to(r: Reader, rec: LineDict, inherited: tuple[str, ...]) -> OpenTo:
    rule = r.enum(rec, "rule", JoinRule)
    org = r.text(rec, "organization")
    other = r.text(rec, "instrument")
    if rule is JoinRule.MEMBERS and org is None:
        raise r.fail(
            rec, "organization", "is needed with rule members", "add 'organization: org:...'"
        )
    if rule is JoinRule.PARTIES and other is None:
        raise r.fail(rec, "instrument", "is needed with rule parties", "add 'instrument: <id>'")
    return OpenTo(
        rule=rule,
        sources=r.sources(rec, inherited=inherited),
        organization=org,
        instrument=other,
        others_by_consent=r.flag(rec, "others_by_consent") is True,
        article=r.text(rec, "article"),
    )


def _opt_outs(r: Reader, rec: LineDict) -> tuple[OptOut, ...]:
    return tuple(
        OptOut(r.ident(o, "state", STATE_ID, "DNK"), r.text(o, "note"), r.sources(o))
        for o in r.records(rec, "opt_outs")
    )


def _instrument(r: Reader, rec: LineDict) -> Instrument:
    ident = r.ident(rec, "id", INSTRUMENT_ID, "un-1999-terrorist-financing")
    sources = r.sources(rec)
    provisions = [
        r.guard(partial(_provision, r, p, ident, sources)) for p in r.records(rec, "provisions")
    ]
    return _derived(
        r,
        rec,
        Instrument,
        id=ident,
        sources=sources,
        opt_outs=_opt_outs(r, rec),
        open_to=tuple(_open_to(r, o, sources) for o in r.records(rec, "open_to")),
        eif_for_state=_eif_rule(r, rec),
        exit_rule=_exit_rule(r, rec, sources),  # written 'denunciation:'
        status_list=_status_list(r, rec),
        provisions=tuple(p for p in provisions if p is not None),
    )


def _action(r: Reader, rec: LineDict, inherited: tuple[str, ...]) -> Action:
    return _derived(r, rec, Action, inherited=inherited, internal=frozenset({"origin"}))


def _participation(r: Reader, rec: LineDict) -> Participation:
    sources = r.sources(rec)
    actions = [r.guard(partial(_action, r, a, sources)) for a in r.records(rec, "actions")]
    if not r.raw(rec, "actions"):
        raise r.fail(rec, "actions", "a participation needs at least one action", "add 'actions:'")
    return _derived(
        r,
        rec,
        Participation,
        actions=tuple(a for a in actions if a is not None),
        sources=sources,
    )


def _status_record(r: Reader, rec: LineDict) -> StatusRecord:
    return _derived(r, rec, StatusRecord, internal=frozenset({"origin"}))


def _mechanism(r: Reader, rec: LineDict) -> Mechanism:
    return _derived(r, rec, Mechanism, id=r.ident(rec, "id", MECH_ID, "mech:cted-country-visits"))


def _event(r: Reader, rec: LineDict) -> Event:
    return _derived(r, rec, Event, id=r.ident(rec, "id", EVENT_ID, "ev:2001-us-attacks"))


def _set(r: Reader, rec: LineDict) -> InstrumentSet:
    return _derived(r, rec, InstrumentSet, id=r.ident(rec, "id", SET_ID, "set:universal-12"))


def _regime(r: Reader, rec: LineDict) -> Regime:
    sources = r.sources(rec)
    resolutions = tuple(
        RegimeInstrument(
            instrument=r.req_text(link, "instrument"),
            role=r.req_text(link, "role"),
            during=r.interval(link, "from", "until"),
        )
        for link in r.records(rec, "resolutions")
    )
    if not resolutions:
        raise r.fail(rec, "resolutions", "a regime needs its resolutions", "add 'resolutions:'")
    measures = r.strings(rec, "measures")
    for m in measures:
        try:
            parse_measure(m)
        except ValueError as exc:
            raise r.fail(rec, "measures", str(exc), "use the measure vocabulary") from None
    return _derived(r, rec, Regime, measures=measures, resolutions=resolutions, sources=sources)


def _succession(
    r: Reader, rec: LineDict
) -> tuple[str, Interval, tuple[Succession, ...], tuple[str, ...]]:
    successors = tuple(
        Succession(r.ident(s, "state", STATE_ID, "RUS"), r.text(s, "kind") or "successor")
        for s in r.records(rec, "successors")
    )
    return (r.ident(rec, "id", STATE_ID, "SUN"), r.interval(rec), successors, r.sources(rec))


PARSERS: dict[str, Callable[[Reader, LineDict], Any]] = {
    "sources": _source,
    "organizations": _organization,
    "bodies": _body,
    "agencies": _agency,
    "memberships": _membership,
    "instruments": _instrument,
    "participations": _participation,
    "status_records": _status_record,
    "mechanisms": _mechanism,
    "events": _event,
    "sets": _set,
    "regimes": _regime,
    "states": _succession,
}


def read_sections(data: LineDict, file: str, facts: Facts, r: Reader) -> None:
    """Parse every section of one file into ``facts``; problems go to the reader."""
    for section, value in data.items():
        parser = PARSERS.get(section)
        if parser is None:
            r.problem(
                data, section, f"unknown section {section!r}", f"use one of: {', '.join(PARSERS)}"
            )
            continue
        if not isinstance(value, list):
            r.problem(
                data,
                section,
                "a section must be a list of records",
                f"write '{section}:' then '- id: ...'",
            )
            continue
        target: list[Any] = getattr(facts, "successions" if section == "states" else section)
        for rec in value:
            if not isinstance(rec, LineDict):
                r.problem(
                    data, section, "each entry must be a mapping", "write '- key: value' entries"
                )
                continue
            obj = _parse_one(parser, r, rec)
            if obj is None and rec.get("id") is not None:
                facts.broken_ids.add(str(rec["id"]))
            if obj is not None:
                target.append(obj)
                facts.locate(obj, file, rec)


def _parse_one(parser: Callable[[Reader, LineDict], Any], r: Reader, rec: LineDict) -> Any:
    r.track(rec)
    try:
        found = parser(r, rec)
    except FieldError:
        r.finish(ok=False)
        return None
    r.finish(ok=True)
    return found
