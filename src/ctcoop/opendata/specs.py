"""How each kind of fact of the knowledge base is published, declared once: its RDF classes, its
URI path, which of its fields refer to other entities, which take a published vocabulary's
property, and which are left out (and why). Every other field is published as it is, under the
ctcoop vocabulary (``cto:``), named after the field.

The RDF export (:mod:`ctcoop.opendata.rdf`), its SHACL shapes (:mod:`ctcoop.opendata.shapes`)
and the CSV data package (:mod:`ctcoop.opendata.tables`) are all derived from these specs and the
model's dataclass fields, so that a field added to the model is published, shaped and tabled
without another line here.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import Namespace
from rdflib.namespace import DCTERMS, ORG, PROV, RDFS, SKOS

from ctcoop.model import (
    Agency,
    Body,
    Event,
    Instrument,
    InstrumentSet,
    Mechanism,
    Membership,
    Organization,
    Provision,
    Source,
    State,
)
from ctcoop.model.actors import Succession
from ctcoop.model.participation import Action, Participation

__all__ = [
    "CTO",
    "ELI",
    "SPECS",
    "FieldInfo",
    "Spec",
    "fields_of",
]

CTO = Namespace("https://w3id.org/ctcoop/vocab#")
"""The small ctcoop vocabulary (documented in docs/opendata.md)."""
ELI = Namespace("http://data.europa.eu/eli/ontology#")

# Fields every spec leaves out: notes comparing the paper with the record (published by
# ``ctcoop data discrepancies``), and internal parse results.
COMMON_SKIP = frozenset({"paper"})


@dataclass(frozen=True)
class Spec:
    """How one dataclass of the model is published."""

    cls: type
    path: str  # the URI path segment: {base}/{path}/{id}
    types: tuple[Any, ...]  # its RDF classes
    refs: Mapping[str, str] = field(default_factory=dict)  # field -> path of what it names
    predicates: Mapping[str, Any] = field(default_factory=dict)  # field -> published property
    skip: frozenset[str] = frozenset()
    table: str | None = None  # the CSV table it goes to, if any


ACTOR_REFS = {
    "state": "actor",
    "organization": "actor",
    "parent": "actor",
    "predecessor": "actor",
    "same_members_as": "actor",
    "constituent_instrument": "instrument",
    "established_by": "instrument",
}
LABELS = {"name": SKOS.prefLabel, "acronym": SKOS.altLabel, "aliases": SKOS.altLabel}

SPECS: dict[type, Spec] = {
    State: Spec(
        State,
        "actor",
        (CTO.State,),
        predicates=LABELS | {"official_name": SKOS.hiddenLabel},
        table="actors",
    ),
    Organization: Spec(
        Organization,
        "actor",
        (ORG.FormalOrganization, CTO.Organization),
        ACTOR_REFS,
        LABELS,
        table="actors",
    ),
    Body: Spec(
        Body,
        "actor",
        (ORG.OrganizationalUnit, CTO.Body),
        ACTOR_REFS,
        LABELS | {"organization": ORG.unitOf, "mandate": DCTERMS.description},
        table="actors",
    ),
    Agency: Spec(
        Agency, "actor", (ORG.Organization, CTO.Agency), ACTOR_REFS, LABELS, table="actors"
    ),
    Instrument: Spec(
        Instrument,
        "instrument",
        (ELI.LegalResource, CTO.Instrument),
        refs={
            "forum": "actor",
            "adopted_by": "actor",
            "depositaries": "actor",
            "binding_organization": "actor",
            "parties": "actor",
            "parent": "instrument",
        },
        predicates={
            "title": ELI.title,
            "short_title": ELI.title_short,
            "symbol": ELI.id_local,
            "adopted": ELI.date_document,
            "entry_into_force": ELI.first_date_entry_in_force,
            "provisions": ELI.has_part,
            "parent": ELI.is_part_of,
        },
        # the final clauses' rules (open_to, eif_for_state, exit_rule, opt_outs, status_list)
        # are the engine's inputs, published in the instrument's YAML, not as RDF
        skip=frozenset({"open_to", "eif_for_state", "exit_rule", "opt_outs", "status_list"}),
        table="instruments",
    ),
    Provision: Spec(
        Provision,
        "instrument",
        (ELI.LegalResourceSubdivision, CTO.Provision),
        refs={"instrument": "instrument", "measures": "measure"},
        predicates={"instrument": ELI.is_part_of, "summary": DCTERMS.description},
        table="provisions",
    ),
    Participation: Spec(
        Participation,
        "participation",
        (CTO.Participation,),
        refs={"state": "actor", "instrument": "instrument"},
        predicates={"actions": CTO.action},
    ),
    Action: Spec(
        Action,
        "participation",
        (CTO.ParticipationAction,),
        predicates={"text": RDFS.comment},
        table="participation",
    ),
    Membership: Spec(
        Membership,
        "membership",
        (ORG.Membership,),
        refs={"organization": "actor", "member": "actor"},
        predicates={"organization": ORG.organization, "member": ORG.member, "note": RDFS.comment},
        table="memberships",
    ),
    Mechanism: Spec(
        Mechanism,
        "mechanism",
        (CTO.Mechanism,),
        refs={
            "organization": "actor",
            "body": "actor",
            "established_by": "instrument",
            "participants": "actor",
            "measures": "measure",
        },
        predicates={"name": SKOS.prefLabel, "summary": DCTERMS.description},
    ),
    Event: Spec(
        Event,
        "event",
        (CTO.Event, PROV.Activity),
        refs={"actors": "actor", "mechanism": "mechanism", "instrument": "instrument"},
        predicates={"title": DCTERMS.title, "date": DCTERMS.date},
    ),
    InstrumentSet: Spec(
        InstrumentSet,
        "set",
        (SKOS.Collection, CTO.InstrumentSet),
        refs={"instruments": "instrument"},
        predicates={"title": DCTERMS.title, "instruments": SKOS.member},
    ),
    Succession: Spec(Succession, "", (CTO.Succession,), refs={"state": "actor"}),
    Source: Spec(
        Source,
        "source",
        (DCTERMS.BibliographicResource, PROV.Entity),
        predicates={
            "title": DCTERMS.title,
            "body": DCTERMS.publisher,
            "date": DCTERMS.date,
            "symbol": DCTERMS.identifier,
        },
        table="sources",
    ),
}


@dataclass(frozen=True)
class FieldInfo:
    """One published field: its name, its property, the kind of its values, what it refers to,
    whether it is required and whether it holds a list."""

    name: str
    predicate: Any
    kind: str  # str, int, bool, date (PartialDate), interval, enum, ref, nested
    ref: str | None
    required: bool
    many: bool
    enum: tuple[str, ...] = ()
    nested: type | None = None


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _hints(cls: type) -> dict[str, Any]:
    import ctcoop.model as model
    from ctcoop.model import dates, instruments, mechanisms, participation, sources

    scope: dict[str, Any] = {}
    for module in (model, dates, instruments, mechanisms, participation, sources):
        scope |= vars(module)
    return typing.get_type_hints(cls, globalns=scope)


def _unwrap(hint: Any) -> tuple[Any, bool, bool]:
    """The element type, whether it may be None, whether it is a tuple of them."""
    optional = False
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        optional = len(rest) < len(args)
        hint = rest[0]
        args = typing.get_args(hint)
    if typing.get_origin(hint) is tuple:
        return args[0], optional, True
    return hint, optional, False


def fields_of(spec: Spec) -> list[FieldInfo]:
    """The published fields of a spec's dataclass, in declaration order."""
    from enum import Enum

    from ctcoop.model import Interval, PartialDate

    hints = _hints(spec.cls)
    out = []
    for f in dataclasses.fields(spec.cls):
        if f.name in spec.skip or f.name in COMMON_SKIP:
            continue
        element, optional, many = _unwrap(hints[f.name])
        has_default = (
            f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        )
        ref = spec.refs.get(f.name)
        if f.name == "sources":
            kind, ref, predicate = "ref", "source", PROV.wasDerivedFrom
        elif ref is not None:
            kind = "ref"
        elif element is PartialDate:
            kind = "date"
        elif element is Interval:
            kind = "interval"
        elif isinstance(element, type) and issubclass(element, Enum):
            kind = "enum"
        elif element in (str, int, bool):
            kind = element.__name__
        elif dataclasses.is_dataclass(element):
            kind = "nested"
        else:
            raise TypeError(f"{spec.cls.__name__}.{f.name}: no way to publish {element!r}")
        if f.name == "id":
            predicate = DCTERMS.identifier
        elif f.name != "sources":
            predicate = spec.predicates.get(f.name, CTO[_camel(f.name)])
        out.append(
            FieldInfo(
                f.name,
                predicate,
                kind,
                ref,
                required=not (optional or many or has_default) or (f.name == "sources"),
                many=many,
                enum=tuple(e.value for e in element) if kind == "enum" else (),
                nested=element if kind == "nested" else None,
            )
        )
    return out
