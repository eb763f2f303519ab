"""Response models of the API (pydantic), each with an example."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def _example(example: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [example]})


class SourceOut(BaseModel):
    id: str
    title: str
    symbol: str | None = None
    body: str
    date: str
    url: str | None = None


class StepOut(BaseModel):
    text: str
    sources: list[str]  # ids of the answer's `sources` map


class ProvisionRef(BaseModel):
    article: str
    measures: list[str]
    strength: str
    summary: str
    flags: list[str]
    sources: list[str]


class ProvisionOut(BaseModel):
    article: str
    measures: list[str]
    strength: str
    summary: str
    flags: list[str]
    sources: list[SourceOut]


class InstrumentSummary(BaseModel):
    model_config = _example(
        {
            "id": "un-1999-terrorist-financing",
            "title": "International Convention for the Suppression of the Financing of Terrorism",
            "short_title": "Terrorist Financing Convention",
            "symbol": "A/RES/54/109",
            "kind": "convention",
            "level": "global",
            "forum": "org:un",
            "legal_force": "binding",
            "binds": "ratification",
            "adopted": "1999-12-09",
            "opened_for_signature": "2000-01-10",
            "entry_into_force": "2002-04-10",
            "parent": None,
        }
    )
    id: str
    title: str
    short_title: str | None = None
    symbol: str | None = None
    kind: str
    level: str
    forum: str | None = None
    legal_force: str
    binds: str
    adopted: str | None = None
    opened_for_signature: str | None = None
    entry_into_force: str | None = None
    parent: str | None = None


class InstrumentOut(InstrumentSummary):
    adopted_by: str | None = None
    depositaries: list[str] = []
    binding_organization: str | None = None
    open_to: list[dict[str, Any]] = []
    parties: list[str] = []
    opt_outs: list[dict[str, Any]] = []
    children: list[str] = []
    eif_for_state: dict[str, Any] = {}
    chapter_vii: bool | None = None
    vote: str | None = None
    treaty_collection: str | None = None
    measures: list[str] = []
    provisions: list[ProvisionOut] = []
    sources: list[SourceOut] = []
    paper: dict[str, Any] | None = None
    sets: list[str] = []


class InstrumentList(BaseModel):
    count: int
    instruments: list[InstrumentSummary]


class ActorOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "id": "PAK",
                    "kind": "state",
                    "name": "Pakistan",
                    "on": "2010-01-01",
                    "memberships": [],
                    "sources": [],
                }
            ]
        },
    )
    id: str
    kind: str
    name: str
    on: str
    memberships: list[dict[str, Any]]
    sources: list[SourceOut]


class MemberOut(BaseModel):
    id: str
    name: str
    role: str
    organization: str
    holds: str
    suspended: bool = False
    note: str | None = None
    sources: list[SourceOut] = Field(default_factory=list)
    from_: str | None = Field(default=None, alias="from")
    until: str | None = None


class MembersOut(BaseModel):
    model_config = _example(
        {
            "organization": "org:sco",
            "name": "Shanghai Cooperation Organisation",
            "on": "2016-01-01",
            "roles": ["member"],
            "count": 6,
            "members": [],
        }
    )
    organization: str
    name: str
    on: str
    roles: list[str]
    count: int
    members: list[MemberOut]


class StatusOut(BaseModel):
    model_config = _example(
        {
            "state": "PAK",
            "instrument": "unsc-1373",
            "on": "2010-01-01",
            "status": "bound",
            "force": "binding",
            "reason": "applies",
            "in_force_from": "2001-09-28",
            "via": None,
            "caveats": [],
            "explanation": [],
        }
    )
    state: str
    instrument: str
    on: str
    status: str  # bound | not_bound | committed | not_committed | unknown
    force: str  # binding | political
    reason: str
    in_force_from: str | None
    via: str | None
    caveats: list[str]
    explanation: list[StepOut]
    sources: dict[str, SourceOut]


class BasisOut(BaseModel):
    instrument: str
    title: str
    level: str
    in_force: bool | None
    binding: bool
    force: str
    strength: str | None = None
    kind: str
    legal_force: str
    provisions: list[ProvisionRef]
    status: dict[str, str]
    explanation: list[StepOut]
    caveats: list[str]


class BasesOut(BaseModel):
    model_config = _example(
        {
            "parties": ["USA", "DEU"],
            "measure": "extradition",
            "on": "2012-01-01",
            "best_level": "bilateral",
            "bases": [],
        }
    )
    parties: list[str]
    measure: str
    on: str
    best_level: str | None
    bases: list[BasisOut]
    sources: dict[str, SourceOut]


class ObligationOut(BaseModel):
    instrument: str
    title: str
    level: str
    measure: str
    legal_force: str
    provisions: list[ProvisionRef]
    explanation: list[StepOut]


class ObligationsOut(BaseModel):
    model_config = _example(
        {"state": "PAK", "on": "2010-01-01", "obligations": [], "unknown": ["icao-1970-hague"]}
    )
    state: str
    on: str
    obligations: list[ObligationOut]
    unknown: list[str]
    sources: dict[str, SourceOut]


class GapsOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "kind": "state",
                    "on": "2010-01-01",
                    "state": "PAK",
                    "universal_not_party": [],
                    "universal_unknown": [],
                    "regional_not_party": [],
                    "regional_unknown": [],
                }
            ]
        },
    )
    kind: str
    on: str


class CoverageOut(BaseModel):
    model_config = _example(
        {
            "measure": "extradition",
            "on": "2012-01-01",
            "states": ["USA", "DEU"],
            "counts": {"bilateral": 1},
            "matrix": [["none", "bilateral"], ["bilateral", "none"]],
            "unknown": [[False, False], [False, False]],
        }
    )
    measure: str
    on: str
    states: list[str]
    counts: dict[str, int]
    matrix: list[list[str]]
    unknown: list[list[bool]]


class CountsOut(BaseModel):
    bound: int
    not_bound: int
    unknown: int
    lower_bound: bool = Field(description="true when unknowns could raise 'bound'")


class PartiesOut(BaseModel):
    model_config = _example(
        {
            "on": "2008-12-31",
            "instruments": ["un-1999-terrorist-financing"],
            "un_members": 192,
            "all": {"bound": 158, "not_bound": 30, "unknown": 4, "lower_bound": True},
            "any": {"bound": 158, "not_bound": 30, "unknown": 4, "lower_bound": True},
            "per_instrument": {
                "un-1999-terrorist-financing": {
                    "bound": 158,
                    "not_bound": 30,
                    "unknown": 4,
                    "lower_bound": True,
                }
            },
            "states_all": [],
            "states_any": [],
            "others": [],
        }
    )
    on: str
    instruments: list[str]
    un_members: int = Field(description="the denominator: UN members on the date")
    all: CountsOut = Field(description="UN members bound by every instrument")
    any: CountsOut = Field(description="UN members bound by at least one")
    per_instrument: dict[str, CountsOut]
    states_all: list[str]
    states_any: list[str]
    others: list[str] = Field(description="bound states outside the UN, not counted")


class ConsentsOut(BaseModel):
    model_config = _example(
        {
            "instruments": ["un-1999-terrorist-financing"],
            "by_year": {"2001": 12},
            "states_by_year": {"2001": 12},
            "mean_per_year": 12.0,
        }
    )
    instruments: list[str]
    by_year: dict[str, int]
    states_by_year: dict[str, int]
    mean_per_year: float


class DataStatusRow(BaseModel):
    instrument: str
    un_members: int
    known: int
    bound: int
    not_bound: int
    unknown: int
    sources: list[str]
    as_of: str | None


class DataStatusOut(BaseModel):
    on: str
    imports: list[dict[str, Any]]
    instruments: list[DataStatusRow]


class SearchHit(BaseModel):
    kind: str
    id: str
    name: str


class SearchOut(BaseModel):
    query: str
    results: list[SearchHit]


class Health(BaseModel):
    status: str
    instruments: int
