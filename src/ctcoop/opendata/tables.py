"""The knowledge base as a Frictionless data package: CSV tables (actors, instruments, provisions,
participation, memberships, sources, mechanisms, events) and ``datapackage.json`` with each
table's schema (types, constraints, keys), all derived from the specs of
:mod:`ctcoop.opendata.specs` and the model's fields.

Lists are written in one cell, separated by ``; ``; dates as the record has them (YYYY,
YYYY-MM or YYYY-MM-DD); an interval as two columns (``start``/``end``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from ctcoop.kb import KnowledgeBase
from ctcoop.model import Agency, Body, Instrument, Organization, Provision, State
from ctcoop.model.participation import Action
from ctcoop.opendata.specs import SPECS, FieldInfo, Spec, fields_of

__all__ = ["package", "tables"]

DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
TYPES = {"str": "string", "int": "integer", "bool": "boolean"}
SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    name: str
    field: FieldInfo
    end: str | None = None  # for an interval: "start" or "end"
    optional: bool = False  # not required here though the field is (a column shared by kinds)

    def schema(self) -> dict[str, Any]:
        f = self.field
        out: dict[str, Any] = {"name": self.name}
        if f.kind in TYPES and not f.many:
            out["type"] = TYPES[f.kind]
        else:
            out["type"] = "string"
        constraints: dict[str, Any] = {}
        if f.kind in ("date", "interval") and not f.many:
            constraints["pattern"] = DATE_PATTERN
        if f.kind == "enum" and not f.many:
            constraints["enum"] = list(f.enum)
        if f.required and f.kind not in ("ref", "interval") and not self.optional:
            constraints["required"] = True
        if constraints:
            out["constraints"] = constraints
        if f.many:
            out["description"] = f"a list, separated by '{SEPARATOR}'"
        return out

    def cell(self, obj: Any) -> str:
        value = getattr(obj, self.field.name, None)
        if self.end is not None:
            value = getattr(value, self.end) if value is not None else None
        values: tuple[Any, ...] = tuple(value or ()) if self.field.many else (value,)
        return SEPARATOR.join(_text(v) for v in values if v is not None)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "value") and not isinstance(value, str):  # an enum that is not a StrEnum
        return str(value.value)
    if hasattr(value, "state") and hasattr(value, "kind"):  # a succession
        return f"{value.state} ({value.kind})"
    return str(value)


def columns(spec: Spec) -> list[Column]:
    out = []
    for f in fields_of(spec):
        if f.kind == "interval":
            for end in ("start", "end"):
                name = end if f.name == "interval" else f"{f.name}_{end}"
                out.append(Column(name, f, end))
        elif f.kind == "nested" and f.nested is not None and f.nested not in SPECS:
            continue
        elif f.kind == "nested" and f.nested in (Provision, Action):
            continue  # their own tables
        else:
            out.append(Column(f.name, f))
    return out


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: Any  # KnowledgeBase -> iterable of (prefix cells, object)
    prefix: tuple[str, ...] = ()  # leading columns given by the rows (e.g. the actor's kind)
    key: tuple[str, ...] = ()
    foreign: tuple[tuple[str, str, str], ...] = ()  # (column, table, column)


def _actor_columns() -> list[Column]:
    """The columns of the four kinds of actor; required only where every kind requires it."""
    kinds = [columns(SPECS[cls]) for cls in (State, Organization, Body, Agency)]
    found: dict[str, Column] = {}
    for kind in kinds:
        for c in kind:
            found.setdefault(c.name, c)
    required = set.intersection(*({c.name for c in kind if c.field.required} for kind in kinds))
    return [replace(c, optional=c.name not in required) for c in found.values()]


def _actors(kb: KnowledgeBase) -> Iterator[tuple[tuple[str, ...], Any]]:
    for kind, table in (
        ("state", kb.states),
        ("organization", kb.organizations),
        ("body", kb.bodies),
        ("agency", kb.agencies),
    ):
        for actor in table.values():
            yield (kind,), actor


def _provisions(kb: KnowledgeBase) -> Iterator[tuple[tuple[str, ...], Any]]:
    for inst in kb.instruments.values():
        for p in inst.provisions:
            yield (), p


def _actions(kb: KnowledgeBase) -> Iterator[tuple[tuple[str, ...], Any]]:
    for p in kb.participations:
        for a in p.actions:
            yield (p.state, p.instrument), a


def _values(name: str) -> Any:
    def rows(kb: KnowledgeBase) -> Iterator[tuple[tuple[str, ...], Any]]:
        for item in getattr(kb, name).values():
            yield (), item

    return rows


def _memberships(kb: KnowledgeBase) -> Iterator[tuple[tuple[str, ...], Any]]:
    for m in kb.memberships:
        yield (), m


def tables() -> tuple[Table, ...]:
    """The package's tables, in order."""
    from ctcoop.model import Event, Mechanism, Membership, Source

    return (
        Table(
            "actors",
            "States, organisations, bodies and agencies",
            _actor_columns(),
            _actors,
            ("kind",),
            ("id",),
        ),
        Table(
            "instruments",
            "Instruments: treaties, resolutions, political commitments",
            columns(SPECS[Instrument]),
            _values("instruments"),
            key=("id",),
        ),
        Table(
            "provisions",
            "Provisions of the instruments, mapped to the measure vocabulary",
            columns(SPECS[Provision]),
            _provisions,
            foreign=(("instrument", "instruments", "id"),),
        ),
        Table(
            "participation",
            "Signatures, consents, withdrawals and other actions of states on instruments",
            columns(SPECS[Action]),
            _actions,
            ("state", "instrument"),
            foreign=(("state", "actors", "id"), ("instrument", "instruments", "id")),
        ),
        Table(
            "memberships",
            "Memberships in organisations, with their roles and dates",
            columns(SPECS[Membership]),
            _memberships,
            foreign=(("organization", "actors", "id"), ("member", "actors", "id")),
        ),
        Table(
            "sources",
            "The sources the facts cite",
            columns(SPECS[Source]),
            _values("sources"),
            key=("id",),
        ),
        Table(
            "mechanisms",
            "Cooperation mechanisms",
            columns(SPECS[Mechanism]),
            _values("mechanisms"),
            key=("id",),
        ),
        Table("events", "Dated events", columns(SPECS[Event]), _values("events"), key=("id",)),
    )


def _schema(t: Table) -> dict[str, Any]:
    fields = [
        {"name": name, "type": "string", "constraints": {"required": True}} for name in t.prefix
    ]
    fields += [c.schema() for c in t.columns]
    schema: dict[str, Any] = {"fields": fields}
    if t.key:
        schema["primaryKey"] = list(t.key)
    if t.foreign:
        schema["foreignKeys"] = [
            {"fields": column, "reference": {"resource": table, "fields": target}}
            for column, table, target in t.foreign
        ]
    return schema


def _csv(kb: KnowledgeBase, t: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*t.prefix, *(c.name for c in t.columns)])
    for prefix, obj in t.rows(kb):
        writer.writerow([*prefix, *(c.cell(obj) for c in t.columns)])
    return out.getvalue().encode()


def package(kb: KnowledgeBase) -> dict[str, bytes]:
    """The files of the package: ``datapackage.json`` and one CSV a table."""
    from ctcoop import __version__

    files: dict[str, bytes] = {}
    resources = []
    for t in tables():
        path = f"{t.name}.csv"
        files[path] = _csv(kb, t)
        resources.append(
            {
                "name": t.name,
                "title": t.title,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _schema(t),
            }
        )
    descriptor = {
        "profile": "tabular-data-package",
        "name": "ctcoop-knowledge-base",
        "title": "ctcoop: international counter-terrorism cooperation law",
        "description": "Who is bound by what and when: instruments, provisions, participation, "
        "memberships, mechanisms, events and the sources of every fact, as ctcoop's knowledge "
        "base holds them (with any imported data).",
        "version": __version__,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "resources": resources,
    }
    files["datapackage.json"] = json.dumps(descriptor, indent=2, ensure_ascii=False).encode()
    return files
