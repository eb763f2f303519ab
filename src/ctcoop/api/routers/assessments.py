"""Implementation monitoring over HTTP (``/api/v1/assessments``). The question bank and the
derived answers come from the knowledge base alone and are public, like the legal answers; the
stored assessments, reports and comparisons need a login (the users of casework), and changing
them a role that edits (officer or reviewer). Every change goes to the log shared with casework.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from ctcoop.api.deps import KB
from ctcoop.api.routers.cases import AUTH_RESPONSES, CurrentUser
from ctcoop.monitoring.service import require_edit

router = APIRouter(tags=["monitoring"])

DateParam = Annotated[dt.date, Query(description="The date assessed, YYYY-MM-DD")]
AsOf = Annotated[
    str | None,
    Query(max_length=40, description="The answers as recorded by then (date or ISO timestamp)"),
]
CSV_BODY = {
    "requestBody": {
        "required": True,
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}


def store_of(request: Request) -> Any:
    return request.app.state.assessments.get()


class NewAssessment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    state: str = Field(max_length=100)
    on: dt.date
    title: str | None = Field(None, max_length=300)


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(max_length=120, description="An id of the question bank")
    score: str | int | None = Field(
        None, description="0-4 or none, limited, partial, substantial, full"
    )
    note: str | None = Field(None, max_length=20000)
    assistance: str | None = Field(
        None, max_length=20000, description="A technical-assistance need"
    )
    evidence_urls: list[str] = Field(default_factory=list, max_length=20)
    evidence_facts: list[str] = Field(default_factory=list, max_length=20)


@router.get("/assessments/questions", summary="The question bank")
def questions(
    kb: KB,
    resolution: Annotated[str | None, Query(max_length=20, description="e.g. 1373")] = None,
    section: Annotated[str | None, Query(max_length=60)] = None,
) -> dict[str, Any]:
    from ctcoop.monitoring.service import question_listing

    return question_listing(kb, resolution, section)


@router.get("/assessments/derive", summary="The answers the knowledge base decides")
def derived(kb: KB, state: Annotated[str, Query(max_length=100)], on: DateParam) -> dict[str, Any]:
    """Every question for the state on the date: the answers the knowledge base decides, each
    with its explanation; the rest left unanswered (score null)."""
    from ctcoop.monitoring.service import derived_listing

    return derived_listing(kb, state, on)


@router.get("/assessments/report", responses=AUTH_RESPONSES, summary="A state's overview")
def state_report(
    request: Request,
    kb: KB,
    user: CurrentUser,
    state: Annotated[str, Query(max_length=100)],
    on: DateParam,
    as_of: AsOf = None,
    format: Literal["json", "html", "pdf"] = "json",
) -> Any:
    """Fast facts, sections, top shortfalls, priority recommendations, technical-assistance
    needs, FATF ratings beside the related questions, and the state's assessments over time."""
    from ctcoop.monitoring.service import as_of_stamp, report, report_lines
    from ctcoop.platform import documents

    data = report(kb, store_of(request), state, on, as_of_stamp(as_of))
    if format == "json":
        return data
    lines = report_lines(data)
    if format == "pdf":
        return Response(
            documents.to_pdf(lines[0][1], lines),
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{data["state"]}-{on}.pdf"'},
        )
    return Response(  # a standalone file (its own style), to save rather than to browse here
        documents.to_html(lines[0][1], lines),
        media_type="text/html",
        headers={"Content-Disposition": f'attachment; filename="{data["state"]}-{on}.html"'},
    )


@router.get("/assessments/compare", responses=AUTH_RESPONSES, summary="States by sections")
def compare_states(
    request: Request,
    kb: KB,
    user: CurrentUser,
    target: Annotated[str, Query(max_length=400, description="org:saarc, or PAK,IND")],
    on: DateParam,
) -> dict[str, Any]:
    from ctcoop.monitoring.service import compare

    return compare(kb, store_of(request), target, on)


@router.post(
    "/assessments/fatf",
    status_code=201,
    responses=AUTH_RESPONSES,
    summary="Import FATF ratings (CSV)",
    openapi_extra=CSV_BODY,
)
async def fatf(
    request: Request,
    kb: KB,
    user: CurrentUser,
    name: Annotated[str, Query(max_length=200)] = "ratings.csv",
) -> dict[str, Any]:
    """A CSV in the shape of FATF's consolidated ratings table: country, date, R.1..R.40
    (C/LC/PC/NC/NA), IO.1..IO.11 (High/Substantial/Moderate/Low). All rows or none."""
    from ctcoop.monitoring.service import import_fatf

    require_edit(user)
    content = await request.body()
    found = await run_in_threadpool(
        import_fatf, kb, store_of(request), user.username, name, content
    )
    return {"imported": len(found), "ratings": [r.to_json() for r in found]}


@router.get("/assessments", responses=AUTH_RESPONSES, summary="The stored assessments")
def list_assessments(
    request: Request,
    kb: KB,
    user: CurrentUser,
    state: Annotated[str | None, Query(max_length=100)] = None,
) -> list[dict[str, Any]]:
    from ctcoop.monitoring.service import parse_state

    ident = parse_state(kb, state) if state else None
    return [a.to_json() for a in store_of(request).assessments(ident)]


@router.post(
    "/assessments", status_code=201, responses=AUTH_RESPONSES, summary="Start an assessment"
)
def create(
    request: Request, kb: KB, user: CurrentUser, body: Annotated[NewAssessment, Body()]
) -> dict[str, Any]:
    from ctcoop.monitoring.service import new_assessment

    require_edit(user)
    a = new_assessment(kb, store_of(request), user.username, body.state, body.on, body.title)
    return a.to_json()


@router.get("/assessments/{ident}", responses=AUTH_RESPONSES, summary="An assessment")
def get_assessment(
    request: Request, kb: KB, user: CurrentUser, ident: str, as_of: AsOf = None
) -> dict[str, Any]:
    from ctcoop.monitoring.service import as_of_stamp, assessment_view

    return assessment_view(kb, store_of(request), ident, as_of_stamp(as_of))


@router.post(
    "/assessments/{ident}/answers",
    status_code=201,
    responses=AUTH_RESPONSES,
    summary="Answer a question",
)
def post_answer(
    request: Request, kb: KB, user: CurrentUser, ident: str, body: Annotated[AnswerIn, Body()]
) -> dict[str, Any]:
    from ctcoop.monitoring.service import answer

    require_edit(user)
    found = answer(
        kb,
        store_of(request),
        user.username,
        ident,
        body.question,
        None if body.score is None else str(body.score),
        note=body.note,
        assistance=body.assistance,
        evidence_urls=body.evidence_urls,
        evidence_facts=body.evidence_facts,
    )
    return found.to_json()


@router.post(
    "/assessments/{ident}/derive", responses=AUTH_RESPONSES, summary="Record the derived answers"
)
def post_derive(request: Request, kb: KB, user: CurrentUser, ident: str) -> dict[str, Any]:
    from ctcoop.monitoring.service import derive_into

    require_edit(user)
    found = derive_into(kb, store_of(request), user.username, ident)
    return {"recorded": len(found), "answers": [a.to_json() for a in found]}


@router.post(
    "/assessments/{ident}/import",
    status_code=201,
    responses=AUTH_RESPONSES,
    summary="Import answers (CSV or YAML)",
    openapi_extra=CSV_BODY,
)
async def post_import(
    request: Request,
    kb: KB,
    user: CurrentUser,
    ident: str,
    name: Annotated[str, Query(max_length=200, description="answers.csv or answers.yaml")] = (
        "answers.csv"
    ),
) -> dict[str, Any]:
    from ctcoop.monitoring.service import import_answers

    require_edit(user)
    content = await request.body()
    found = await run_in_threadpool(
        import_answers, kb, store_of(request), user.username, ident, name, content
    )
    return {"imported": len(found), "answers": [a.to_json() for a in found]}


@router.get("/assessments/{ident}/log", responses=AUTH_RESPONSES, summary="Its history")
def log(request: Request, user: CurrentUser, ident: str) -> list[dict[str, Any]]:
    store = store_of(request)
    store.get(ident)
    return [e.to_json() for e in store.log(ident)]
