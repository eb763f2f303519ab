"""Information exchange over HTTP (``/api/v1/exchange``): an agency's users log in, send
messages through the gate, read their inbox and outbox, read a message they hold, ask for and
give permissions, forward and revoke; auditors read the log. Access is decided here, in one
place (:func:`holder`), and tested through every endpoint: no agency reads a message it is not
the sender or a recipient of."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from ctcoop.api.deps import KB
from ctcoop.errors import AccessError, AuthenticationError
from ctcoop.platform.accounts import Role, User

router = APIRouter(prefix="/exchange", tags=["exchange"])

RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not logged in, or the session has ended"},
    403: {"description": "Not the sender or a recipient of the message, or a role without it"},
    404: {"description": "No such message or agency"},
    422: {"description": "Bad input: invalid STIX, an unknown code or agency (named)"},
}


def store_of(request: Request) -> Any:
    return request.app.state.exchange.get()


def current_user(request: Request) -> User:
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    if not token:
        raise AuthenticationError("log in first: POST /api/v1/exchange/auth/login")
    user: User = store_of(request).accounts.session(token).user
    return user


Agent = Annotated[User, Depends(current_user)]


def acting(user: User) -> str:
    from ctcoop.exchange.service import acting_for

    return acting_for(user)


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(max_length=64)
    password: str = Field(max_length=1000)


class SendIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to: list[str] = Field(min_length=1, max_length=20, description="Recipient agencies")
    purpose: str = Field(max_length=64, examples=["information_exchange"])
    handling: str = Field(max_length=2, examples=["H0"])
    restriction: str | None = Field(None, max_length=2000)
    tlp: str = Field(max_length=16, examples=["amber"])
    evaluation: str = Field(min_length=2, max_length=2, examples=["B2"])
    data: list[str] = Field(default_factory=list, max_length=3)
    retain_until: dt.date | None = None
    on: dt.date | None = None
    override: str | None = Field(
        None,
        max_length=2000,
        description="Supervisors only: the written justification for delivering where the gate "
        "refuses (logged)",
    )
    bundle: dict[str, Any] = Field(description="A STIX 2.1 bundle")


class AskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    use: Literal["judicial", "onward"]
    detail: str = Field("", max_length=2000)


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    grant: bool


class ForwardIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to: list[str] = Field(min_length=1, max_length=20)
    on: dt.date | None = None


class RevokeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=2000)


def _policies(request: Request, kb: Any) -> Any:
    from ctcoop.exchange.policies import shipped

    return shipped(kb, request.app.state.settings.exchange_policies)


@router.post("/auth/login", summary="Log in as a user of an agency")
def login(request: Request, body: Annotated[Login, Body()]) -> dict[str, Any]:
    info = store_of(request).accounts.login(body.username, body.password)
    return {"token": info.token, "expires": info.expires, "user": info.user.to_json()}


@router.get("/agencies", responses=RESPONSES, summary="The agencies one may send to")
def agencies(request: Request, user: Agent) -> list[dict[str, Any]]:
    return [a.to_json() for a in store_of(request).agencies()]


@router.post("/messages", status_code=201, responses=RESPONSES, summary="Send a message")
def send(request: Request, kb: KB, user: Agent, body: Annotated[SendIn, Body()]) -> dict[str, Any]:
    """Each recipient gets it only on a binding basis for the purpose that meets the sending
    policies; the answer gives each delivery or refusal with its explanation. Sending the same
    bundle again adds nothing (``repeated``)."""
    import json

    from ctcoop.exchange.service import send as do_send

    if body.override is not None and user.role is not Role.SUPERVISOR:
        raise AccessError(
            f"only a supervisor overrides the gate; {user.username} is an {user.role.value}"
        )
    result = do_send(
        kb,
        store_of(request),
        _policies(request, kb),
        user.username,
        sender=acting(user),
        recipients=body.to,
        purpose=body.purpose,
        handling=body.handling,
        tlp=body.tlp,
        reliability=body.evaluation[0].upper(),
        accuracy=body.evaluation[1],
        bundle=json.dumps(body.bundle).encode(),
        on=body.on or dt.date.today(),
        data=body.data,
        restriction=body.restriction,
        retain_until=body.retain_until,
        override=body.override,
    )
    answer: dict[str, Any] = result.to_json()
    return answer


@router.get("/inbox", responses=RESPONSES, summary="Messages delivered to your agency")
def inbox(request: Request, user: Agent) -> list[dict[str, Any]]:
    found = store_of(request).inbox(acting(user))
    return [{"message": m.to_json(), "delivery": d.to_json()} for m, d in found]


@router.get("/outbox", responses=RESPONSES, summary="Messages your agency sent, and why")
def outbox(request: Request, user: Agent) -> list[dict[str, Any]]:
    found = store_of(request).outbox(acting(user))
    return [
        {"message": m.to_json(), "deliveries": [d.to_json() for d in deliveries]}
        for m, deliveries in found
    ]


@router.get("/messages/{message_id}", responses=RESPONSES, summary="Read a message you hold")
def read(request: Request, user: Agent, message_id: str) -> dict[str, Any]:
    from ctcoop.exchange.service import read as do_read

    found: dict[str, Any] = do_read(store_of(request), message_id, acting(user), user.username)
    return found


@router.post(
    "/messages/{message_id}/permissions",
    status_code=201,
    responses=RESPONSES,
    summary="Ask the provider's permission (H1 judicial use, H2 onward transfer)",
)
def ask(
    request: Request, user: Agent, message_id: str, body: Annotated[AskIn, Body()]
) -> dict[str, Any]:
    from ctcoop.exchange.service import ask as do_ask

    found = do_ask(
        store_of(request), message_id, acting(user), body.use, body.detail, user.username
    )
    answer: dict[str, Any] = found.to_json()
    return answer


@router.post("/permissions/{request_id}", responses=RESPONSES, summary="Answer as the provider")
def permit(
    request: Request, user: Agent, request_id: int, body: Annotated[AnswerIn, Body()]
) -> dict[str, Any]:
    from ctcoop.exchange.service import answer as do_answer

    found = do_answer(store_of(request), request_id, acting(user), body.grant, user.username)
    answer: dict[str, Any] = found.to_json()
    return answer


@router.post(
    "/messages/{message_id}/forward",
    status_code=201,
    responses=RESPONSES,
    summary="Pass a message on (through the gate again)",
)
def forward(
    request: Request, kb: KB, user: Agent, message_id: str, body: Annotated[ForwardIn, Body()]
) -> dict[str, Any]:
    from ctcoop.exchange.service import forward as do_forward

    result = do_forward(
        kb,
        store_of(request),
        _policies(request, kb),
        user.username,
        message_id,
        acting(user),
        body.to,
        body.on or dt.date.today(),
    )
    answer: dict[str, Any] = result.to_json()
    return answer


@router.post(
    "/messages/{message_id}/revoke",
    responses=RESPONSES,
    summary="Withdraw a message you sent, from every holder",
)
def revoke(
    request: Request, user: Agent, message_id: str, body: Annotated[RevokeIn, Body()]
) -> dict[str, Any]:
    from ctcoop.exchange.service import revoke as do_revoke

    count = do_revoke(store_of(request), message_id, acting(user), user.username, body.reason)
    return {"message": message_id, "withdrawn": count}


@router.get("/audit", responses=RESPONSES, summary="Who did what, and saw what, when (auditors)")
def audit_log(request: Request, user: Agent) -> list[dict[str, Any]]:
    if user.role is not Role.AUDITOR:
        raise AccessError(f"{user.username} is not an auditor")
    return [e.to_json() for e in store_of(request).log()]
