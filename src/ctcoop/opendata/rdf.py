"""The knowledge base as RDF (rdflib): every actor, instrument, provision, participation action,
membership, body, mechanism, event, set and source, with stable URIs under a base, dates typed,
and the provenance of every fact (``prov:wasDerivedFrom`` its sources; ``prov:wasGeneratedBy``
the import that brought it, when it was imported). What each entity publishes is declared once in
:mod:`ctcoop.opendata.specs`.

URIs, under ``{base}`` (``--base``; default :data:`DEFAULT_BASE`)::

    actor/PAK  actor/org:saarc  actor/body:un-ctc          states, organisations, bodies, agencies
    instrument/un-1999-terrorist-financing                  an instrument (ELI-style paths)
    instrument/un-1999-terrorist-financing/art/18           one of its provisions
    participation/PAK/un-1999-terrorist-financing[/N]       a state's participation, its actions
    membership/org:saarc/PAK/member/1985-12-08              a membership
    mechanism/..., event/..., set/..., source/..., import/...
    measure/extradition, pillar/II, strand/pursue           SKOS concepts
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from ctcoop.kb import KnowledgeBase
from ctcoop.model import PartialDate
from ctcoop.opendata.specs import CTO, ELI, SPECS, FieldInfo, Spec, fields_of

__all__ = ["DEFAULT_BASE", "FORMATS", "Publisher", "base_uri", "graph", "serialize"]

DEFAULT_BASE = "https://w3id.org/ctcoop/id/"
"""Where the URIs live unless ``--base`` says otherwise (documented; set it to the address a
deployment serves)."""
ISO_SOURCE = "iso-3166"
"""The export's own source for states known only from ISO 3166 (no curated record)."""
FORMATS = {"turtle": "turtle", "jsonld": "json-ld", "nt": "nt"}
PREFIXES = {
    "cto": CTO,
    "eli": ELI,
    "dcterms": DCTERMS,
    "prov": PROV,
    "skos": SKOS,
    "org": ORG,
    "owl": OWL,
}


def date_literal(d: PartialDate) -> Literal:
    """A partial date as its XSD type: xsd:date, xsd:gYearMonth or xsd:gYear."""
    if d.day is not None:
        return Literal(str(d), datatype=XSD.date)
    if d.month is not None:
        return Literal(str(d), datatype=XSD.gYearMonth)
    return Literal(str(d), datatype=XSD.gYear)


def slug(article: str) -> str:
    """An article's path segment: "OP 1(a)" -> "op-1-a", "18" -> "18"."""
    return re.sub(r"[^a-z0-9]+", "-", article.lower()).strip("-") or "article"


class Publisher:
    """Builds the graph of one knowledge base under one base URI."""

    def __init__(self, kb: KnowledgeBase, base: str = DEFAULT_BASE) -> None:
        if not re.match(r"^(https?|urn):", base):
            from ctcoop.errors import InputError

            raise InputError(
                f"--base: {base!r} is not an http(s) or urn address", argument="--base"
            )
        self.kb = kb
        self.base = base if base.endswith(("/", "#", ":")) else base + "/"
        self.g = Graph()
        for prefix, namespace in PREFIXES.items():
            self.g.bind(prefix, namespace)
        self.g.bind("ctcoop", self.base)
        self._articles: dict[URIRef, int] = {}

    def uri(self, path: str, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join([path, *(quote(p, safe=":-._~") for p in parts)]))

    def provision_uri(self, instrument: str, article: str) -> URIRef:
        return self.uri("instrument", instrument, "art", slug(article))

    # ------------------------------------------------------------------ building

    def build(self) -> Graph:
        kb = self.kb
        self._concepts()
        self._imports()
        iso = self._iso_source()
        for table in (kb.states, kb.organizations, kb.bodies, kb.agencies):
            for actor in table.values():
                self.entity(actor, self.uri("actor", actor.id), inherited=(iso,))
        for inst in kb.instruments.values():
            node = self.entity(inst, self.uri("instrument", inst.id))
            self.g.add((node, RDF.type, OWL.NamedIndividual))
        for p in kb.participations:
            self.entity(p, self.uri("participation", p.state, p.instrument))
        seen: dict[URIRef, int] = {}
        for m in kb.memberships:
            start = str(m.interval.start) if m.interval.start else "open"
            node = self.uri("membership", m.organization, m.member, m.role.value, start)
            seen[node] = seen.get(node, 0) + 1
            if seen[node] > 1:
                node = URIRef(f"{node}-{seen[node]}")
            self.entity(m, node)
        others: list[Any] = [
            *kb.mechanisms.values(),
            *kb.events.values(),
            *kb.sets.values(),
            *kb.sources.values(),
        ]
        for item in others:
            self.entity(item, self.uri(SPECS[type(item)].path, item.id))
        return self.g

    def entity(
        self, obj: Any, node: URIRef | BNode, inherited: tuple[str, ...] = ()
    ) -> URIRef | BNode:
        """Add ``obj``'s triples as declared by its spec; sources it lacks are its parent's."""
        spec = SPECS[type(obj)]
        g = self.g
        for t in spec.types:
            g.add((node, RDF.type, t))
        label = getattr(obj, "name", None) or getattr(obj, "title", None)
        if isinstance(label, str):
            g.add((node, RDFS.label, Literal(label)))
        for f in fields_of(spec):
            value = getattr(obj, f.name)
            if f.name == "sources" and not value:
                value = inherited
            values: Iterable[Any] = value if f.many else (value,)
            for n, v in enumerate(values, 1):
                if v is not None:
                    self._value(spec, obj, node, f, v, n)
        origin = getattr(obj, "origin", "shipped")
        if origin != "shipped":
            g.add((node, PROV.wasGeneratedBy, self.uri("import", origin)))
        return node

    def _value(
        self, spec: Spec, obj: Any, node: URIRef | BNode, f: FieldInfo, v: Any, n: int
    ) -> None:
        g = self.g
        if f.kind == "ref":
            assert f.ref is not None
            g.add((node, f.predicate, self.uri(f.ref, str(v))))
        elif f.kind == "date":
            g.add((node, f.predicate, date_literal(v)))
        elif f.kind == "interval":
            prefix = "" if f.name == "interval" else f.name
            for end in ("start", "end"):
                day = getattr(v, end)
                if day is not None:
                    name = end if not prefix else prefix + end.capitalize()
                    g.add((node, CTO[name], date_literal(day)))
        elif f.kind == "enum":
            g.add((node, f.predicate, Literal(v.value)))
        elif f.kind == "nested":
            child = self._child(obj, node, v, n)
            g.add((node, f.predicate, child))
            self.entity(v, child, inherited=getattr(obj, "sources", ()))
        else:
            g.add((node, f.predicate, Literal(v)))

    def _child(self, parent: Any, node: URIRef | BNode, value: Any, n: int) -> URIRef | BNode:
        from ctcoop.model import Provision
        from ctcoop.model.participation import Action

        if isinstance(value, Provision):
            found = self.provision_uri(value.instrument, value.article)
            self._articles[found] = self._articles.get(found, 0) + 1
            count = self._articles[found]  # two provisions of one article: /art/x, /art/x-2
            return found if count == 1 else URIRef(f"{found}-{count}")
        if isinstance(value, Action):
            return URIRef(f"{node}/{n}")
        return BNode()

    def _iso_source(self) -> str:
        """The source of the states the knowledge base takes from ISO 3166 (through pycountry)
        rather than from a curated record: described here, in the export."""
        from importlib.metadata import version

        node = self.uri("source", ISO_SOURCE)
        g = self.g
        g.add((node, RDF.type, DCTERMS.BibliographicResource))
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, DCTERMS.identifier, Literal(ISO_SOURCE)))
        import datetime as dt

        today = dt.date.today().isoformat()
        title = (
            f"ISO 3166-1 and ISO 3166-3 country codes, as packaged by pycountry "
            f"{version('pycountry')}, read on {today}"
        )
        g.add((node, DCTERMS.title, Literal(title)))
        g.add((node, DCTERMS.date, Literal(today, datatype=XSD.date)))  # the reading's date
        g.add((node, RDFS.label, Literal(title)))
        g.add((node, DCTERMS.publisher, Literal("International Organization for Standardization")))
        return ISO_SOURCE

    def _concepts(self) -> None:
        from ctcoop.model.measures import MEASURES, PILLAR_TITLES, Strand

        g = self.g
        schemes = {
            "measure": "The ctcoop measure vocabulary",
            "pillar": "The four pillars of the UN Global Counter-Terrorism Strategy",
            "strand": "The four strands of the EU Counter-Terrorism Strategy",
        }
        for path, title in schemes.items():
            scheme = URIRef(self.base + path)
            g.add((scheme, RDF.type, SKOS.ConceptScheme))
            g.add((scheme, SKOS.prefLabel, Literal(title)))
        for pillar, title in PILLAR_TITLES.items():
            self._concept("pillar", pillar.value, f"Pillar {pillar.value}: {title}")
        for strand in Strand:
            self._concept("strand", strand.value, strand.value.capitalize())
        for measure, info in MEASURES.items():
            node = self._concept("measure", measure.value, measure.value.replace("_", " "))
            g.add((node, SKOS.definition, Literal(info.definition)))
            for p in info.pillars:
                g.add((node, CTO.pillar, self.uri("pillar", p.value)))
            for s in info.strands:
                g.add((node, CTO.strand, self.uri("strand", s.value)))

    def _concept(self, scheme: str, ident: str, label: str) -> URIRef:
        node = self.uri(scheme, ident)
        self.g.add((node, RDF.type, SKOS.Concept))
        self.g.add((node, SKOS.inScheme, URIRef(self.base + scheme)))
        self.g.add((node, SKOS.prefLabel, Literal(label)))
        self.g.add((node, SKOS.notation, Literal(ident)))
        return node

    def _imports(self) -> None:
        g = self.g
        for info in self.kb.imports:
            node = self.uri("import", info.id)
            g.add((node, RDF.type, PROV.Activity))
            g.add((node, RDFS.label, Literal(f"import of {info.file} ({info.kind})")))
            g.add((node, CTO.importKind, Literal(info.kind)))
            g.add((node, CTO.file, Literal(info.file)))
            g.add((node, CTO.sha256, Literal(info.sha256)))
            g.add((node, PROV.endedAtTime, Literal(info.imported_at, datatype=XSD.dateTime)))
            if info.as_of:
                g.add((node, CTO.asOf, Literal(info.as_of)))
            g.add((node, CTO.facts, Literal(info.facts)))
            if info.source in self.kb.sources:
                g.add((node, PROV.used, self.uri("source", info.source)))


def base_uri(given: str | None = None) -> str:
    """The base of the URIs: the one given, else ``$CTCOOP_RDF_BASE``, else the default."""
    import os

    return given or os.environ.get("CTCOOP_RDF_BASE") or DEFAULT_BASE


def graph(kb: KnowledgeBase, base: str = DEFAULT_BASE) -> Graph:
    return Publisher(kb, base).build()


def serialize(g: Graph, fmt: str) -> bytes:
    """Turtle, JSON-LD or N-Triples."""
    data = g.serialize(format=FORMATS[fmt], encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode()
