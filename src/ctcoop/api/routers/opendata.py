"""Open data over HTTP: citations of the sources (``/api/v1/sources/{id}/cite``) and SPARQL over
the knowledge base (``/sparql``): read-only, with a time limit and a result size
limit (:mod:`ctcoop.opendata.sparql`). ``GET /sparql?query=...`` or ``POST /sparql`` (a form
field ``query``, or the query as an ``application/sparql-query`` body); answers as SPARQL JSON
results (``format=csv|tsv|xml`` or an ``Accept`` header for the others), graphs as N-Triples."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

router = APIRouter(tags=["open data"])

QueryParam = Annotated[str | None, Query(max_length=20000, description="A SPARQL query")]
FormatParam = Annotated[str | None, Query(description="json (default), csv or tsv")]
ACCEPT = {"text/csv": "csv", "text/tab-separated-values": "tsv"}
RESPONSES: dict[int | str, dict[str, Any]] = {
    408: {"description": "The query ran over the time limit"},
    413: {"description": "The answer has more rows than the limit"},
    422: {"description": "Not a SPARQL query, or a federated one"},
}


def _format(request: Request, given: str | None) -> str:
    if given:
        return given
    accept = request.headers.get("accept", "")
    return next((fmt for media, fmt in ACCEPT.items() if media in accept), "json")


async def _answer(request: Request, text: str, fmt: str) -> Response:
    from starlette.concurrency import run_in_threadpool

    endpoint = request.app.state.sparql.get()
    answer = await run_in_threadpool(endpoint.query, text, fmt)
    return Response(answer.content, media_type=answer.media_type)


@router.get("/sparql", responses=RESPONSES, summary="Ask a SPARQL query")
async def sparql_get(
    request: Request, query: QueryParam = None, format: FormatParam = None
) -> Response:
    return await _answer(request, query or "", _format(request, format))


@router.post("/sparql", responses=RESPONSES, summary="Ask a SPARQL query (POST)")
async def sparql_post(request: Request, format: FormatParam = None) -> Response:
    from ctcoop.errors import InputError

    kind = request.headers.get("content-type", "").split(";")[0].strip()
    if kind == "application/sparql-query":
        body = await request.body()
        if len(body) > 20000:
            raise InputError("query: at most 20,000 characters", argument="query")
        text = body.decode("utf-8", "replace")
    else:
        form = await request.form()
        text = str(form.get("query") or "")
        if len(text) > 20000:
            raise InputError("query: at most 20,000 characters", argument="query")
    return await _answer(request, text, _format(request, format))


@router.get("/api/v1/sources/{ident}/cite", summary="Cite a source (BibTeX or CSL-JSON)")
def cite(
    request: Request,
    ident: str,
    format: Annotated[Literal["bibtex", "csl-json"], Query()] = "bibtex",
) -> Response:
    """The source as a BibTeX entry (``application/x-bibtex``) or a CSL-JSON list
    (``application/vnd.citationstyles.csl+json``)."""
    import json

    from ctcoop.errors import NotFoundError
    from ctcoop.opendata.cite import bibtex, csl

    kb = request.app.state.kb
    found = kb.sources.get(ident)
    if found is None:
        import difflib

        raise NotFoundError(
            "source", ident, difflib.get_close_matches(ident, list(kb.sources), n=3)
        )
    if format == "bibtex":
        return Response(bibtex(found), media_type="application/x-bibtex")
    body = json.dumps([csl(found)], ensure_ascii=False, indent=2)
    return Response(body, media_type="application/vnd.citationstyles.csl+json")
