"""Casework over HTTP: log in, then open, read, change, analyse, move on and draft the cases of
your authority (``/api/v1/cases``). Every endpoint but login asks for a session token
(``Authorization: Bearer TOKEN``); access is decided in :mod:`ctcoop.casework.access`, and every
change goes to the hash-chained log under the user's name."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, create_model

from ctcoop.api.deps import KB
from ctcoop.casework.model import TEXT_FIELDS
from ctcoop.errors import AuthenticationError, InputError
from ctcoop.platform.accounts import User

router = APIRouter(tags=["casework"])

AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not logged in, or the session has ended"},
    403: {"description": "The case belongs to another authority, or the role may not do this"},
    404: {"description": "No such case"},
    422: {"description": "Bad input: the message names the field and the fix"},
}


def cases_of(request: Request) -> Any:
    return request.app.state.cases.get()


def current_user(request: Request) -> User:
    """The user of the bearer token (or of the web session's cookie)."""
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else None
    token = token or request.cookies.get("ctcoop_session")
    if not token:
        raise AuthenticationError("log in first: POST /api/v1/auth/login, then send the token")
    user: User = cases_of(request).accounts.session(token).user
    return user


CurrentUser = Annotated[User, Depends(current_user)]


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(max_length=64)
    password: str = Field(max_length=1000)


class PersonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=300)
    birth_date: str | None = Field(None, max_length=10, description="YYYY[-MM[-DD]]")
    nationality: str | None = Field(None, max_length=100)
    id_number: str | None = Field(None, max_length=100)
    location: str | None = Field(None, max_length=300)


class OffenceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    offence: str = Field(max_length=64, description="An id of `ctcoop case offences`")
    date: str | None = Field(None, max_length=10, description="The date of the conduct")
    place: str | None = Field(None, max_length=300)
    conduct: str | None = Field(None, max_length=5000)


# The case's text fields, declared once in ctcoop.casework.model.TEXT_FIELDS.
_TEXTS: dict[str, Any] = {
    name: (str | None, Field(None, max_length=20000, description=what))
    for name, what in TEXT_FIELDS.items()
}
CaseTexts = create_model("CaseTexts", __config__=ConfigDict(extra="forbid"), **_TEXTS)


class CaseIn(CaseTexts):  # type: ignore[misc,valid-type]
    kind: str = Field(description="extradition, provisional_arrest, mla_evidence, ...")
    requesting: str = Field(max_length=100)
    requested: str = Field(max_length=100)
    on: dt.date | None = Field(None, description="The date of the request (default: today)")
    direction: Literal["outgoing", "incoming"] = "outgoing"
    counterpart: str | None = Field(None, max_length=64, description="The other side's authority")
    due: dt.date | None = None
    apprehended: dt.date | None = Field(None, description="When the person was arrested")
    basis: str | None = Field(None, max_length=100)
    persons: list[PersonIn] = Field(default_factory=list, max_length=20)
    offences: list[OffenceIn] = Field(default_factory=list, max_length=20)


class CaseChange(CaseTexts):  # type: ignore[misc,valid-type]
    on: dt.date | None = None
    due: dt.date | None = None
    apprehended: dt.date | None = None
    persons: list[PersonIn] = Field(default_factory=list, max_length=20)
    offences: list[OffenceIn] = Field(default_factory=list, max_length=20)


class Advance(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to: str = Field(description="draft, ready, sent, acknowledged, info_requested, executed, ...")
    note: str | None = Field(None, max_length=2000)


class BasisChoice(BaseModel):
    model_config = ConfigDict(extra="forbid")
    basis: str | None = Field(None, max_length=100, description="An instrument; null: default")


def _persons(persons: list[PersonIn]) -> list[dict[str, Any]]:
    from ctcoop.casework.model import person_entity

    return [
        person_entity(p.name, p.birth_date, p.nationality, p.id_number, p.location) for p in persons
    ]


def _offences(offences: list[OffenceIn]) -> Any:
    from ctcoop.casework.service import offences as made

    return made(
        [o.offence for o in offences],
        [o.date or "" for o in offences] if any(o.date for o in offences) else [],
        [o.place or "" for o in offences] if any(o.place for o in offences) else [],
        [o.conduct or "" for o in offences] if any(o.conduct for o in offences) else [],
    )


def _texts(body: BaseModel) -> dict[str, str | None]:
    return {name: getattr(body, name) for name in TEXT_FIELDS}


@router.post("/auth/login", summary="Log in: a session token")
def login(request: Request, body: Annotated[Login, Body()]) -> dict[str, Any]:
    info = cases_of(request).accounts.login(body.username, body.password)
    return {"token": info.token, "expires": info.expires, "user": info.user.to_json()}


@router.post("/auth/logout", status_code=204, responses=AUTH_RESPONSES, summary="Log out")
def logout(request: Request, user: CurrentUser) -> Response:
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else None
    token = token or request.cookies.get("ctcoop_session") or ""
    cases_of(request).accounts.logout(token)
    return Response(status_code=204)


@router.get("/cases", responses=AUTH_RESPONSES, summary="The cases of your authority")
def list_cases(
    request: Request,
    user: CurrentUser,
    state: Annotated[str | None, Query(max_length=20)] = None,
    overdue: Annotated[bool, Query(description="only open cases past their due date")] = False,
) -> list[dict[str, Any]]:
    store = cases_of(request)
    found = store.cases(
        state, authority=user.authority.id, overdue_on=dt.date.today() if overdue else None
    )
    return [c.to_json() for c in found]


@router.post("/cases", status_code=201, responses=AUTH_RESPONSES, summary="Open a case")
def create_case(
    request: Request, kb: KB, user: CurrentUser, body: Annotated[CaseIn, Body()]
) -> dict[str, Any]:
    from ctcoop.casework.service import new_case

    if not user.role.edits:
        from ctcoop.errors import AccessError

        raise AccessError(f"{user.username} is a viewer: viewers do not open cases")
    store = cases_of(request)
    case = new_case(
        kb,
        store,
        user.username,
        kind=body.kind,
        requesting=body.requesting,
        requested=body.requested,
        on=body.on or dt.date.today(),
        direction=body.direction,
        persons=_persons(body.persons),
        offences=_offences(body.offences),
        basis=body.basis,
        texts=_texts(body),
        authority=user.authority.id,
        counterpart=body.counterpart,
        due=body.due,
        apprehended=body.apprehended,
    )
    result: dict[str, Any] = case.to_json()
    return result


def _readable(request: Request, user: User, case_id: str) -> Any:
    from ctcoop.casework.access import require_read

    case = cases_of(request).get(case_id)
    require_read(user, case)
    return case


@router.get("/cases/{case_id}", responses=AUTH_RESPONSES, summary="A case")
def get_case(request: Request, user: CurrentUser, case_id: str) -> dict[str, Any]:
    from ctcoop.casework.model import next_states

    case = _readable(request, user, case_id)
    attachments = cases_of(request).attachments(case_id)
    result: dict[str, Any] = case.to_json() | {
        "attachments": [a.to_json() for a in attachments],
        "next_states": sorted(s.value for s in next_states(case.state)),
    }
    return result


@router.patch("/cases/{case_id}", responses=AUTH_RESPONSES, summary="Change a case")
def change_case(
    request: Request, kb: KB, user: CurrentUser, case_id: str, body: Annotated[CaseChange, Body()]
) -> dict[str, Any]:
    from ctcoop.casework.access import require_edit
    from ctcoop.casework.service import edit

    store = cases_of(request)
    require_edit(user, store.get(case_id))
    case = edit(
        kb,
        store,
        user.username,
        case_id,
        texts=_texts(body),
        persons=_persons(body.persons),
        offences=_offences(body.offences),
        on=body.on,
        due=body.due,
        apprehended=body.apprehended,
    )
    result: dict[str, Any] = case.to_json()
    return result


@router.get("/cases/{case_id}/analysis", responses=AUTH_RESPONSES, summary="Legal analysis")
def case_analysis(request: Request, kb: KB, user: CurrentUser, case_id: str) -> dict[str, Any]:
    """The candidate bases, the offences recorded in each, the chosen basis, the grounds of
    refusal under it (excluded, preserved, national_law, not_recorded, with the articles) and
    what the case still lacks before it can be ready."""
    from ctcoop.casework.analysis import analyse

    result: dict[str, Any] = analyse(kb, _readable(request, user, case_id)).to_json()
    return result


@router.put("/cases/{case_id}/basis", responses=AUTH_RESPONSES, summary="Choose the basis")
def case_basis(
    request: Request, kb: KB, user: CurrentUser, case_id: str, body: Annotated[BasisChoice, Body()]
) -> dict[str, Any]:
    from ctcoop.casework.access import require_edit
    from ctcoop.casework.service import choose_basis

    store = cases_of(request)
    require_edit(user, store.get(case_id))
    _, analysis = choose_basis(kb, store, user.username, case_id, body.basis)
    result: dict[str, Any] = analysis.to_json()
    return result


@router.post("/cases/{case_id}/advance", responses=AUTH_RESPONSES, summary="Move a case on")
def case_advance(
    request: Request, kb: KB, user: CurrentUser, case_id: str, body: Annotated[Advance, Body()]
) -> dict[str, Any]:
    """``ready`` needs a reviewer and a complete case (a 422 lists what is missing)."""
    from ctcoop.casework.access import require_advance
    from ctcoop.casework.model import CaseState
    from ctcoop.casework.service import advance

    store = cases_of(request)
    try:
        target = CaseState(body.to)
    except ValueError:
        raise InputError(
            f"to: {body.to!r} is not a state; one of: " + ", ".join(s.value for s in CaseState),
            argument="to",
        ) from None
    require_advance(user, store.get(case_id), target)
    result: dict[str, Any] = advance(
        kb, store, user.username, case_id, body.to, body.note
    ).to_json()
    return result


@router.post(
    "/cases/{case_id}/attachments",
    status_code=201,
    responses=AUTH_RESPONSES,
    summary="Attach a file",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/octet-stream": {"schema": {"type": "string"}}},
        }
    },
)
async def case_attach(
    request: Request,
    user: CurrentUser,
    case_id: str,
    name: Annotated[str, Query(min_length=1, max_length=255, description="The file's name")],
) -> dict[str, Any]:
    from starlette.concurrency import run_in_threadpool

    from ctcoop.casework.access import require_edit

    store = cases_of(request)
    require_edit(user, await run_in_threadpool(store.get, case_id))
    content = await request.body()
    found = await run_in_threadpool(store.attach_bytes, case_id, name, content, user.username)
    result: dict[str, Any] = found.to_json()
    return result


@router.get(
    "/cases/{case_id}/request.{suffix}",
    responses={**AUTH_RESPONSES, 200: {"content": {"application/pdf": {}}}},
    response_class=Response,
    summary="The request as PDF or DOCX",
)
def case_draft(
    request: Request, kb: KB, user: CurrentUser, case_id: str, suffix: Literal["pdf", "docx"]
) -> Response:
    from ctcoop.casework.service import draft_lines
    from ctcoop.platform import documents

    case = _readable(request, user, case_id)
    lines = draft_lines(kb, case, cases_of(request).attachments(case_id))
    if suffix == "pdf":
        data, media = documents.to_pdf(lines[0][1], lines), "application/pdf"
    else:
        data = documents.to_docx(lines[0][1], lines)
        media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return Response(
        data,
        media_type=media,
        headers={"content-disposition": f'attachment; filename="{case_id}-request.{suffix}"'},
    )


@router.get("/cases/{case_id}/log", responses=AUTH_RESPONSES, summary="A case's history")
def case_log(request: Request, user: CurrentUser, case_id: str) -> list[dict[str, Any]]:
    _readable(request, user, case_id)
    return [e.to_json() for e in cases_of(request).log(case_id)]
