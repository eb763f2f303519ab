"""Open data on the web: the /data page with its downloads (the CSV package zipped, RDF), the
documented SPARQL examples, and citations of a source over the API."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from ctcoop.api.app import create_app
from ctcoop.api.settings import Settings


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(data_dir=tmp_path_factory.mktemp("data")))) as made:
        yield made


def test_the_data_page_offers_the_downloads_and_the_examples(client: TestClient) -> None:
    page = client.get("/data")
    assert page.status_code == 200
    for name in ("ctcoop.ttl", "ctcoop-data.zip", "shapes.ttl", "ctcoop.ftm.json"):
        assert f'href="/data/{name}"' in page.text
    assert page.text.count('href="/sparql?format=csv&amp;query=') == 10
    archive = client.get("/data/ctcoop-data.zip")
    assert archive.headers["content-disposition"].endswith('"ctcoop-data.zip"')
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert "ctcoop-data/datapackage.json" in names and "ctcoop-data/provisions.csv" in names
    turtle = client.get("/data/ctcoop.ttl")
    assert len(Graph().parse(data=turtle.text, format="turtle")) > 10000
    missing = client.get("/data/secrets.txt")
    assert missing.status_code == 404


def test_a_source_cites_over_the_api(client: TestClient) -> None:
    bib = client.get("/api/v1/sources/src:un-s-res-1373/cite", params={"format": "bibtex"})
    assert bib.status_code == 200 and bib.text.startswith("@misc{un-s-res-1373,")
    csl = client.get("/api/v1/sources/src:un-s-res-1373/cite", params={"format": "csl-json"})
    assert csl.json()[0]["number"] == "S/RES/1373 (2001)"
    unknown = client.get("/api/v1/sources/src:nope/cite")
    assert unknown.status_code == 404
