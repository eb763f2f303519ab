"""Screening names against the active sanctions lists (FollowTheMoney-shaped, like yente's match
API), each hit with the regime, the reference number, what the list says of the entry (deceased,
delisted) and the law that obliges the freeze; batches of a CSV in the background; whether the
index of a list is ready."""

from __future__ import annotations

import time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from ctcoop.api.deps import KB
from ctcoop.api.models import BatchJobOut, IndexStatusOut, NoticeOut
from ctcoop.errors import InputError
from ctcoop.interfaces import inputs

router = APIRouter(tags=["screening"])
MAX_WORDS = 400  # name words per request, all queries together
TIME_BUDGET = 15.0  # seconds of screening per request


class ScreenQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_: str | None = Field(
        default=None,
        alias="schema",
        examples=["Person"],
        description="Person, Organization, Company, LegalEntity or Vessel; without it, Person "
        "where a birthDate, name parts or a passportNumber is given, else LegalEntity (persons, "
        "organisations and companies)",
    )
    properties: dict[str, list[str]] = Field(
        examples=[{"name": ["Usama bin Ladin"], "birthDate": ["1957"]}]
    )


class ScreenRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "queries": {
                        "q1": {"schema": "Person", "properties": {"name": ["Aiman al-Zawahiri"]}}
                    },
                    "state": "PAK",
                    "on": "2026-03-01",
                    "limit": 5,
                }
            ]
        },
    )
    queries: dict[str, ScreenQuery] = Field(min_length=1, max_length=100)
    state: str | None = Field(default=None, description="The screening state, for the law link")
    on: str | None = Field(default=None, description="The date, YYYY-MM-DD (default: today)")
    limit: int = Field(default=5, ge=1, le=50)
    lists: list[str] | None = Field(
        default=None,
        max_length=3,
        description="The lists to screen against: un, ofac-sdn, ofac-cons, eu (those loaded; "
        "default: un)",
    )


class ScreenHit(BaseModel):
    id: str
    name: str
    schema_: str = Field(alias="schema")
    score: float
    match: bool
    regime: str | None
    reference_number: str | None
    explanations: list[str]
    resolutions: list[str] = Field(
        default_factory=list, description="The resolutions that carry the hit's regime"
    )
    notices: list[NoticeOut] = Field(
        default_factory=list,
        description="What the list says of the entry besides its names: reported deceased "
        "(its words quoted), delisted (an end date, or a newer stored version without it)",
    )
    law: dict[str, Any] | None = None


class ScreenResponse(BaseModel):
    query: dict[str, Any]
    state: str | None
    on: str
    threshold: float
    lists: list[dict[str, Any]]
    results: list[ScreenHit]
    total: int


class ScreenResponses(BaseModel):
    responses: dict[str, ScreenResponse]


@router.post(
    "/screen", response_model=ScreenResponses, summary="Screen names", response_model_by_alias=True
)
def screen(request: Request, kb: KB, body: Annotated[ScreenRequest, Body()]) -> dict[str, Any]:
    from followthemoney.types import registry  # here: the server starts without it

    from ctcoop.screening.matching.record import query_entity

    on = inputs.on_date(body.on)
    state = kb.resolve_state(body.state).id if body.state else None
    words = 0
    for q in body.queries.values():  # every query checked (and bounded) before any work
        entity = query_entity({"schema": q.schema_, "properties": q.properties})
        words += sum(len(n.split()) for n in entity.get_type_values(registry.name))
    if words > MAX_WORDS:
        raise InputError(
            f"queries: the names hold {words} words in all; at most {MAX_WORDS} are screened in "
            "one request: send the queries in smaller requests",
            argument="queries",
        )
    screener = request.app.state.screener
    deadline = time.monotonic() + TIME_BUDGET
    responses = {}
    for key, q in body.queries.items():
        if time.monotonic() > deadline:
            raise InputError(
                f"queries: screening took over {TIME_BUDGET:.0f} s and stopped before {key!r}; "
                "send fewer queries per request",
                argument="queries",
            )
        responses[key] = screener.screen(
            {"schema": q.schema_, "properties": q.properties},
            state=state,
            on=on,
            limit=body.limit,
            lists=body.lists,
        )
    return {"responses": responses}


BATCH = "/api/v1/screen/batch"
ListsParam = Annotated[
    list[str] | None,
    Query(description="The lists: un, ofac-sdn, ofac-cons, eu (those loaded; default: un)"),
]


@router.post(
    "/screen/batch",
    response_model=BatchJobOut,
    status_code=202,
    summary="Screen a CSV in the background",
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "A CSV (UTF-8 unless told) with a header: name (required), id, dob, "
            "country, schema; at most 10,000 rows and 1 MiB",
            "content": {"text/csv": {"schema": {"type": "string"}, "example": "name,dob\n"}},
        }
    },
)
async def batch(
    request: Request,
    lists: ListsParam = None,
    limit: Annotated[int, Query(ge=1, le=20, description="Hits kept per row")] = 5,
    name: Annotated[str, Query(max_length=200, description="The file's name")] = "upload.csv",
    encoding: Annotated[
        Literal["utf-8", "utf-16", "latin-1", "cp1252"] | None,
        Query(description="The file's encoding (default: UTF-8, or as its byte-order mark says)"),
    ] = None,
) -> dict[str, Any]:
    """Start screening every row of the CSV sent as the body; poll the job's address for its
    progress, then download its result CSV. A bad file is refused at once (422) with its line,
    field and fix."""
    data = await request.body()
    jobs = request.app.state.batches
    job = await run_in_threadpool(jobs.submit, data, name, lists, limit, encoding)
    view: dict[str, Any] = job.view(BATCH)
    return view


@router.get("/screen/batch/{job}", response_model=BatchJobOut, summary="A batch's progress")
def batch_status(request: Request, job: str) -> dict[str, Any]:
    view: dict[str, Any] = request.app.state.batches.get(job).view(BATCH)
    return view


@router.get(
    "/screen/batch/{job}/{which}.csv",
    summary="A batch's result (or rejected rows) as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def batch_file(request: Request, job: str, which: Literal["result", "rejects"]) -> Response:
    """``result.csv``: one row per screened row, with its top hit and its notices;
    ``rejects.csv``: the rows that could not be screened and why."""
    found, data = request.app.state.batches.file(job, which)
    name = found.filename("screened" if which == "result" else "rejects")
    return Response(
        data,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@router.get("/screen/index", response_model=IndexStatusOut, summary="Is the index ready?")
def index_status(request: Request, lists: ListsParam = None) -> dict[str, Any]:
    """Whether the screening index of the lists is in memory (``ready``), being built
    (``loading``), persisted (``stored``: reading it takes a moment), still to be built
    (``unbuilt``: the first query builds it, in seconds), or not loaded (``none``)."""
    status: dict[str, Any] = request.app.state.screener.index_status(lists)
    return status


@router.post(
    "/screen/index", response_model=IndexStatusOut, status_code=202, summary="Build the index"
)
def index_warm(request: Request, lists: ListsParam = None) -> dict[str, Any]:
    """Start building the index of the lists in the background (nothing when it is ready or
    being built); poll ``GET /screen/index`` until it is ``ready``."""
    status: dict[str, Any] = request.app.state.screener.warm(lists)
    return status
