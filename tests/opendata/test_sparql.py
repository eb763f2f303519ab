"""The ten documented SPARQL queries (docs/sparql.md), run through ``/sparql`` over HTTP, each
answer compared with the same question asked of the knowledge base in Python; and the limits:
a query over the time or size limit, a federated one and a malformed one get a clear 4xx."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ctcoop.api.app import create_app
from ctcoop.api.settings import Settings
from ctcoop.kb import KnowledgeBase
from ctcoop.kb.reference import UNTC
from ctcoop.model import LegalForce, Level, Truth
from ctcoop.model.instruments import BindingRule, Flag, Kind, Strength
from ctcoop.model.measures import MEASURES, Measure, Pillar
from ctcoop.model.participation import ActionType

DOC = Path(__file__).parent.parent.parent / "docs" / "sparql.md"
CONSENTS = {
    ActionType.RATIFICATION,
    ActionType.ACCESSION,
    ActionType.ACCEPTANCE,
    ActionType.APPROVAL,
    ActionType.SUCCESSION,
}


def documented() -> dict[str, str]:
    """The queries of docs/sparql.md by name, each with the shared prefixes."""
    from ctcoop.opendata.sparql import examples

    return {e.name: e.query for e in examples(DOC)}


def rows(client: TestClient, query: str) -> list[tuple[str, ...]]:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    data = response.json()
    names = data["head"]["vars"]
    return [tuple(b[v]["value"] for v in names) for b in data["results"]["bindings"]]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("sparql")
    with TestClient(create_app(Settings(data_dir=root))) as made:
        yield made


def test_the_doc_has_ten_queries() -> None:
    assert len(documented()) == 10


def test_chapter_vii_resolutions(client: TestClient, kb: KnowledgeBase) -> None:
    got = set(rows(client, documented()["chapter-vii"]))
    expected = {
        (i.id, str(i.adopted))
        for i in kb.instruments.values()
        if i.kind is Kind.RESOLUTION and i.chapter_vii and i.adopted is not None
    }
    assert got == expected and len(expected) > 10


def test_saarc_members(client: TestClient, kb: KnowledgeBase) -> None:
    got = {r[0] for r in rows(client, documented()["saarc-members"])}
    on = dt.date(2014, 6, 30)
    expected = {m.membership.member for m in kb.members("org:saarc", on) if m.holds is Truth.TRUE}
    assert got == expected and "AFG" in got and len(got) == 8


def test_regional_treaties_without_consent(client: TestClient, kb: KnowledgeBase) -> None:
    got = {r[0] for r in rows(client, documented()["regional-no-consent"])}
    consented = {
        p.instrument for p in kb.participations if any(a.type in CONSENTS for a in p.actions)
    }
    expected = {
        i.id
        for i in kb.instruments.values()
        if i.level is Level.REGIONAL
        and i.legal_force is LegalForce.BINDING
        and i.binds is BindingRule.RATIFICATION
        and i.id not in consented
    }
    assert got == expected


def test_measures_covered_only_by_commitments(client: TestClient, kb: KnowledgeBase) -> None:
    got = {r[0] for r in rows(client, documented()["political-only-measures"])}
    covered: set[Measure] = set()  # by a provision (mechanisms have measures too, not counted)
    binding: set[Measure] = set()
    for i in kb.instruments.values():
        for p in i.provisions:
            covered |= set(p.measures)
            if i.legal_force is LegalForce.BINDING:
                binding |= set(p.measures)
    assert got == {m.value for m in covered - binding}


def test_political_offence_excluded(client: TestClient, kb: KnowledgeBase) -> None:
    got = set(rows(client, documented()["political-offence-excluded"]))
    expected = {
        (i.id, p.article)
        for i in kb.instruments.values()
        for p in i.provisions
        if Flag.POLITICAL_OFFENCE_EXCEPTION_EXCLUDED in p.flags
    }
    assert got == expected and ("unsc-1373", "OP 3(g)") in got


def test_bodies_established_by_a_resolution(client: TestClient, kb: KnowledgeBase) -> None:
    got = set(rows(client, documented()["bodies-by-resolution"]))
    expected = {
        (b.id, b.established_by)
        for b in kb.bodies.values()
        if b.established_by and kb.instruments[b.established_by].kind is Kind.RESOLUTION
    }
    assert got == expected and ("body:un-cted", "unsc-1535") in got


def test_universal_instruments_and_depositaries(client: TestClient, kb: KnowledgeBase) -> None:
    got = set(rows(client, documented()["universal-depositaries"]))
    expected = {
        (i, d)
        for i in kb.sets["set:universal-19"].instruments
        for d in kb.instruments[i].depositaries
    }
    assert got == expected


def test_un_wide_freezing_obligations(client: TestClient, kb: KnowledgeBase) -> None:
    got = set(rows(client, documented()["un-wide-freezing"]))
    expected = {
        (i.id, p.article)
        for i in kb.instruments.values()
        if i.binds is BindingRule.UN_MEMBERS
        for p in i.provisions
        if Measure.ASSET_FREEZING in p.measures and p.strength is Strength.SHALL
    }
    assert got == expected and ("unsc-1373", "OP 1(c)") in got


def test_pillar_two_measures(client: TestClient, kb: KnowledgeBase) -> None:
    got = {(m, int(n)) for m, n in rows(client, documented()["pillar-two"])}
    expected = {
        (m.value, sum(m in p.measures for i in kb.instruments.values() for p in i.provisions))
        for m, info in MEASURES.items()
        if Pillar.PREVENT_COMBAT in info.pillars
    }
    assert got == expected


def test_states_in_all_five_un_conventions(
    tmp_path_factory: pytest.TempPathFactory, reference_data: Path
) -> None:
    import subprocess
    import sys

    from ctcoop.kb.snapshot import load_kb_cached
    from ctcoop.kb.store import DataStore

    root = tmp_path_factory.mktemp("sparql-untc")
    folder = reference_data / "treaties" / "untc-chapter18-2014"
    for name, instrument in UNTC.items():
        subprocess.run(
            [sys.executable, "-m", "ctcoop", "data", "import", "untc", str(folder / name),
             "--instrument", instrument, "--data-dir", str(root)],
            check=True,
            capture_output=True,
        )  # fmt: skip
    kb = load_kb_cached(None, DataStore(root))
    five = [i for i in UNTC.values() if i not in ("un-2000-untoc", "un-2003-uncac")]
    day = "2012-12-31"

    def in_force(state: str, instrument: str) -> bool:
        for p in kb.participations:
            if p.state != state or p.instrument != instrument:
                continue
            gone = any(
                a.type in (ActionType.DENUNCIATION, ActionType.WITHDRAWAL)
                and a.date is not None
                and str(a.date) <= day
                for a in p.actions
            )
            return not gone and any(
                a.type in CONSENTS and a.date is not None and str(a.date) <= day for a in p.actions
            )
        return False

    expected = {s for s in kb.states if all(in_force(s, i) for i in five)}
    with TestClient(create_app(Settings(data_dir=root))) as client:
        got = {r[0] for r in rows(client, documented()["five-un-conventions"])}
    assert got == expected and len(got) > 50
    # and the engine agrees: each of them is bound by each of the five half a year later
    from ctcoop.law.status import status

    later = dt.date(2013, 6, 30)
    unbound = [(s, i) for s in got for i in five if status(kb, s, i, later).status.value != "bound"]
    assert unbound == []


def test_limits_and_bad_queries_are_clear_4xx(client: TestClient) -> None:
    from ctcoop.opendata.sparql import Endpoint

    app = client.app
    current = app.state.sparql.get()  # type: ignore[attr-defined]
    strict = Endpoint(current._load, timeout=1.0, max_rows=50)
    saved = app.state.sparql._made  # type: ignore[attr-defined]
    app.state.sparql._made = strict  # type: ignore[attr-defined]
    try:
        slow = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"
        response = client.get("/sparql", params={"query": slow})
        assert response.status_code == 408 and "1 s limit" in response.json()["message"]
        big = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert big.status_code == 413 and "more than 50 rows" in big.json()["message"]
        # the endpoint recovers after a stopped query
        ask = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert ask.status_code == 200 and ask.json()["boolean"] is True
    finally:
        strict.close()
        app.state.sparql._made = saved  # type: ignore[attr-defined]
    federated = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": federated})
    assert response.status_code == 422 and "SERVICE" in response.json()["message"]
    response = client.get("/sparql", params={"query": "SELEKT ?x"})
    assert response.status_code == 422 and response.json()["message"].startswith("query:")
    response = client.post("/sparql", content="INSERT DATA { <a:b> <a:c> <a:d> }",
                           headers={"content-type": "application/sparql-query"})  # fmt: skip
    assert response.status_code == 422
    assert client.get("/sparql").status_code == 422


def test_post_and_csv(client: TestClient) -> None:
    query = (
        "PREFIX cto: <https://w3id.org/ctcoop/vocab#> "
        "SELECT (COUNT(?i) AS ?n) WHERE { ?i a cto:Instrument }"
    )
    form = client.post("/sparql", data={"query": query})
    body = client.post(
        "/sparql", content=query, headers={"content-type": "application/sparql-query"}
    )
    assert form.json() == body.json()
    table = client.get("/sparql", params={"query": query}, headers={"accept": "text/csv"})
    assert table.headers["content-type"].startswith("text/csv")
    assert table.text.splitlines()[0] == "n" and int(table.text.splitlines()[1]) > 100
