"""Screening names against the active sanctions lists (FollowTheMoney-shaped, like yente's match
API), each hit with the regime, the reference number and the law that obliges the freeze."""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from pydantic import BaseModel, ConfigDict, Field

from ctcoop.api.deps import KB
from ctcoop.errors import InputError
from ctcoop.interfaces import inputs

router = APIRouter(tags=["screening"])
MAX_WORDS = 400  # name words per request, all queries together
TIME_BUDGET = 15.0  # seconds of screening per request


class ScreenQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_: str = Field(default="Person", alias="schema", examples=["Person"])
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
