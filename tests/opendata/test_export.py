"""The open-data exports of the shipped knowledge base: the Turtle export conforms to its SHACL
shapes (and a broken graph is reported), the CSV package passes ``frictionless validate``,
citations parse back as BibTeX and CSL-JSON, and the FollowTheMoney entities are valid."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

sys.path.insert(0, str(Path(__file__).parent.parent / "cli"))
from clirun import run

from ctcoop.kb import KnowledgeBase
from ctcoop.opendata.rdf import DEFAULT_BASE
from ctcoop.opendata.shapes import check
from ctcoop.opendata.specs import CTO, ELI


@pytest.fixture(scope="module")
def turtle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ctcoop.cli.main import main

    out = tmp_path_factory.mktemp("rdf") / "ctcoop.ttl"
    assert main(["export", "rdf", "--format", "turtle", "--out", str(out)]) == 0
    return out


def test_the_turtle_export_conforms_to_the_shapes(turtle: Path, kb: KnowledgeBase) -> None:
    g = Graph().parse(turtle, format="turtle")
    report = check(g)
    assert report.conforms, report.violations
    # every instrument, with its provisions as ELI subdivisions, and every fact sourced
    instruments = set(g.subjects(RDF.type, CTO.Instrument))
    assert len(instruments) == len(kb.instruments)
    art = URIRef(DEFAULT_BASE + "instrument/un-1999-terrorist-financing/art/18")
    assert (
        art,
        ELI.is_part_of,
        URIRef(DEFAULT_BASE + "instrument/un-1999-terrorist-financing"),
    ) in g
    for kind in (CTO.Instrument, CTO.Provision, CTO.ParticipationAction, CTO.State):
        for node in g.subjects(RDF.type, kind):
            assert g.value(node, PROV.wasDerivedFrom) is not None, node


def test_a_broken_graph_is_reported(turtle: Path) -> None:
    g = Graph().parse(turtle, format="turtle")
    node = URIRef(DEFAULT_BASE + "instrument/unsc-1373")
    g.remove((node, ELI.title, None))
    g.add((node, CTO.legalForce, __import__("rdflib").Literal("sort of")))
    report = check(g)
    assert not report.conforms
    paths = {(v["focus"], v["path"]) for v in report.violations}
    assert (str(node), str(ELI.title)) in paths and (str(node), str(CTO.legalForce)) in paths


def test_the_export_formats_and_a_check_that_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for fmt in ("jsonld", "nt"):
        out = tmp_path / f"kb.{fmt}"
        code, data, err = run(capsys, "export", "rdf", "--format", fmt, "--out", str(out), "--json")
        assert code == 0, err
        parsed = Graph().parse(out, format="json-ld" if fmt == "jsonld" else "nt")
        assert len(parsed) == data["triples"]
    code, _, err = run(
        capsys, "export", "rdf", "--out", str(tmp_path / "x.ttl"), "--base", "ftp://x"
    )
    assert code == 2 and "--base" in err and not (tmp_path / "x.ttl").exists()


def test_the_csv_package_is_valid(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import frictionless

    code, _, err = run(capsys, "export", "csv", "--out", str(tmp_path / "pkg"), "--json")
    assert code == 0, err
    report = frictionless.validate(str(tmp_path / "pkg" / "datapackage.json"))
    assert report.valid, report.flatten(["title", "message"])[:5]
    descriptor = json.loads((tmp_path / "pkg" / "datapackage.json").read_text())
    names = [r["name"] for r in descriptor["resources"]]
    assert names[:6] == [
        "actors",
        "instruments",
        "provisions",
        "participation",
        "memberships",
        "sources",
    ]
    provisions = next(r for r in descriptor["resources"] if r["name"] == "provisions")
    assert provisions["schema"]["foreignKeys"][0]["reference"]["resource"] == "instruments"


def test_a_broken_package_is_found_invalid(tmp_path: Path, kb: KnowledgeBase) -> None:
    import frictionless

    from ctcoop.opendata.tables import package

    for name, content in package(kb).items():
        (tmp_path / name).write_bytes(content)
    rows = (tmp_path / "provisions.csv").read_text().splitlines()
    rows.append("no-such-instrument,1,,shall,x,,")
    (tmp_path / "provisions.csv").write_text("\n".join(rows) + "\n")
    assert not frictionless.validate(str(tmp_path / "datapackage.json")).valid


@pytest.mark.parametrize("source", ["src:un-s-res-1373", "src:useu-extradition-oj"])
def test_citations_parse_back(
    capsys: pytest.CaptureFixture[str], kb: KnowledgeBase, source: str
) -> None:
    import bibtexparser
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    found = kb.sources[source]
    code, text, err = run(capsys, "cite", source, "--format", "bibtex")
    assert code == 0, err
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == 1
    entry = library.entries[0]
    assert entry["title"].strip("{}") == found.title and entry["year"] == str(found.date.year)
    assert entry["url"] == found.url
    code, items, err = run(capsys, "cite", source, "--format", "csl-json", "--json")
    assert code == 0, err
    source_data = CiteProcJSON(items if isinstance(items, list) else [items])
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source_data, formatter.plain)
    bibliography.register(Citation([CitationItem(source)]))
    rendered = str(bibliography.bibliography()[0])
    assert found.title in rendered and str(found.date.year) in rendered and found.body in rendered
    assert (items if isinstance(items, dict) else items[0])["type"] == "legislation"


def test_citing_an_unknown_source_says_what_exists(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "cite", "src:un-s-res-1337")
    assert code == 4 and "Did you mean" in err and "src:un-s-res-1373" in err


def test_followthemoney_entities_are_valid(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kb: KnowledgeBase
) -> None:
    from followthemoney import model

    out = tmp_path / "kb.ftm.json"
    code, data, err = run(capsys, "export", "ftm", "--out", str(out), "--json")
    assert code == 0, err
    lines = out.read_text().splitlines()
    assert len(lines) == data["entities"] > len(kb.organizations) + len(kb.bodies)
    schemata = set()
    for line in lines:
        entity = json.loads(line)
        proxy = model.get_proxy(entity, cleaned=False)
        assert proxy.schema.validate(entity) is None
        schemata.add(proxy.schema.name)
    assert {"Organization", "PublicBody", "Membership"} <= schemata
