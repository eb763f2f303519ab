"""SHACL shapes of the RDF export, derived from the same specs as the export
(:mod:`ctcoop.opendata.specs`): one node shape per kind of entity, one property shape per
published field (required fields at least once, single fields at most once, values of the right
datatype, enumerations among their values, references to IRIs under the base of what they name,
sources on every entity). :func:`check` runs pyshacl and names what does not conform."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD

from ctcoop.opendata.rdf import DEFAULT_BASE
from ctcoop.opendata.specs import CTO, SPECS, FieldInfo, Spec, fields_of

__all__ = ["Report", "check", "shapes"]

DATATYPES = {"str": XSD.string, "int": XSD.integer, "bool": XSD.boolean}
DATES = (XSD.date, XSD.gYearMonth, XSD.gYear)


def _target(spec: Spec) -> URIRef:
    return URIRef(next((t for t in spec.types if str(t).startswith(str(CTO))), spec.types[0]))


def _shape_of(base: str, cls: type) -> URIRef:
    return URIRef(f"{base}shape/{cls.__name__}")


def _list(g: Graph, items: Sequence[object]) -> BNode:
    head = BNode()
    Collection(g, head, items)  # type: ignore[arg-type]
    return head


def _property(g: Graph, base: str, spec: Spec, f: FieldInfo, shared: set[object]) -> BNode:
    prop = BNode()
    g.add((prop, SH.path, f.predicate))
    g.add((prop, SH.name, Literal(f.name)))
    if f.required:
        g.add((prop, SH.minCount, Literal(1)))
    if not f.many and f.predicate not in shared:
        g.add((prop, SH.maxCount, Literal(1)))
    if f.kind in DATATYPES:
        g.add((prop, SH.datatype, DATATYPES[f.kind]))
    elif f.kind == "enum":
        g.add((prop, SH["in"], _list(g, [Literal(v) for v in f.enum])))
    elif f.kind == "date":
        options = []
        for datatype in DATES:
            option = BNode()
            g.add((option, SH.datatype, datatype))
            options.append(option)
        g.add((prop, SH["or"], _list(g, options)))
    elif f.kind == "ref":
        g.add((prop, SH.nodeKind, SH.IRI))
        g.add((prop, SH.pattern, Literal(f"^{base}{f.ref}/")))
    elif f.kind == "nested" and f.nested in SPECS:
        g.add((prop, SH.node, _shape_of(base, f.nested)))
    return prop


def shapes(base: str = DEFAULT_BASE) -> Graph:
    """The shapes graph for an export under ``base``."""
    g = Graph()
    g.bind("sh", SH)
    g.bind("cto", CTO)
    for cls, spec in SPECS.items():
        shape = _shape_of(base, cls)
        g.add((shape, RDF.type, SH.NodeShape))
        if spec.path:  # a nested kind without a path is checked through sh:node only
            g.add((shape, SH.targetClass, _target(spec)))
        published = fields_of(spec)
        predicates = [f.predicate for f in published]
        shared = {p for p in predicates if predicates.count(p) > 1}
        for f in published:
            if f.kind == "interval":
                for end in ("start", "end"):
                    name = end if f.name == "interval" else f.name + end.capitalize()
                    prop = BNode()
                    g.add((prop, SH.path, CTO[name]))
                    g.add((prop, SH.maxCount, Literal(1)))
                    g.add((shape, SH.property, prop))
                continue
            g.add((shape, SH.property, _property(g, base, spec, f, shared)))
    return g


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: list[dict[str, str]]
    text: str


def check(data: Graph, base: str = DEFAULT_BASE, limit: int = 50) -> Report:
    """Validate ``data`` against the shapes (pyshacl); the first ``limit`` violations named by
    focus node, property and message."""
    from pyshacl import validate

    conforms, results, text = validate(data, shacl_graph=shapes(base), inference="none")
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        found.append(
            {
                "focus": str(results.value(result, SH.focusNode)),
                "path": str(results.value(result, SH.resultPath)),
                "message": str(results.value(result, SH.resultMessage)),
            }
        )
        if len(found) >= limit:
            break
    return Report(bool(conforms), found, str(text))
