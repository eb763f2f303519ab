"""The open-data page (``/data``): downloads of the whole knowledge base (RDF in three syntaxes,
its SHACL shapes, the CSV data package as a zip, FollowTheMoney entities), the SPARQL endpoint
with the documented example queries, and how to cite. Each download is built once per process,
on first request (a fixed set of files: bounded)."""

from __future__ import annotations

import functools
import io
import threading
import zipfile
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from ctcoop.errors import NotFoundError
from ctcoop.kb import KnowledgeBase

DOWNLOADS: dict[str, tuple[str, str]] = {
    "ctcoop.ttl": ("text/turtle", "RDF, Turtle"),
    "ctcoop.jsonld": ("application/ld+json", "RDF, JSON-LD"),
    "ctcoop.nt": ("application/n-triples", "RDF, N-Triples"),
    "shapes.ttl": ("text/turtle", "SHACL shapes of the RDF"),
    "ctcoop-data.zip": ("application/zip", "CSV tables with datapackage.json (Frictionless)"),
    "ctcoop.ftm.json": ("application/json", "FollowTheMoney entities (JSON lines)"),
}


def _build(kb: KnowledgeBase, name: str, store: Any) -> bytes:
    import json

    from ctcoop.opendata.rdf import Publisher, base_uri, serialize

    if name == "shapes.ttl":
        from ctcoop.opendata.shapes import shapes

        data = shapes(Publisher(kb, base_uri()).base).serialize(format="turtle", encoding="utf-8")
        return data if isinstance(data, bytes) else data.encode()
    if name == "ctcoop-data.zip":
        from ctcoop.opendata.tables import package

        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path, content in package(kb).items():
                archive.writestr(f"ctcoop-data/{path}", content)
        return out.getvalue()
    if name == "ctcoop.ftm.json":
        from ctcoop.opendata.ftm import entities

        lines = [json.dumps(e, ensure_ascii=False, sort_keys=True) for e in entities(kb, store)]
        return ("\n".join(lines) + "\n").encode()
    fmt = {"ctcoop.ttl": "turtle", "ctcoop.jsonld": "jsonld", "ctcoop.nt": "nt"}[name]
    return serialize(Publisher(kb, base_uri()).build(), fmt)


class Downloads:
    """The files, each built on first request and kept (six at most)."""

    def __init__(self, make: Callable[[str], bytes]) -> None:
        self._make = make
        self._made: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> bytes:
        if name not in DOWNLOADS:
            raise NotFoundError("download", name, sorted(DOWNLOADS))
        with self._lock:
            if name not in self._made:
                self._made[name] = self._make(name)
            return self._made[name]


def install(app: FastAPI, render: Any) -> None:
    from ctcoop.kb.store import DataStore, default_data_dir

    store = DataStore(app.state.settings.data_dir or default_data_dir())
    downloads = Downloads(lambda name: _build(app.state.kb, name, store))

    @app.get("/data", response_class=HTMLResponse, include_in_schema=False)
    def data_page(request: Request) -> Response:
        from ctcoop.opendata.rdf import base_uri

        page: Response = render(
            request, "data.html", downloads=DOWNLOADS, examples=_examples(), base=base_uri()
        )
        return page

    @app.get("/data/{name}", include_in_schema=False)
    def download(name: str) -> Response:
        content = downloads.get(name)
        media = DOWNLOADS[name][0]
        return Response(
            content,
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )


@functools.lru_cache(maxsize=1)
def _examples() -> tuple[Any, ...]:
    """The documented queries (docs/sparql.md in a checkout; none in an installed package),
    read once."""
    from pathlib import Path

    from ctcoop.opendata.sparql import examples

    doc = Path(__file__).parents[3] / "docs" / "sparql.md"
    return tuple(examples(doc)) if doc.is_file() else ()
