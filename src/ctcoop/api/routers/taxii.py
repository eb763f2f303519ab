"""A TAXII 2.1 interface to the exchange: discovery at ``/taxii2/``, one API root, one
collection per agency's inbox. A user (HTTP Basic, or the bearer token of
``/api/v1/exchange/auth/login``) reads the collection of its own agency and writes to the others:
adding objects to another agency's collection sends them, as one message, through the gate.

The message's codes come from an ``x_ctcoop`` member of the envelope (``purpose``, ``handling``,
``tlp``, ``evaluation``, ``data``, ``on``), by default information exchange, H0, amber, X4
(cannot be assessed). A retried POST of the same objects to the same collection is the same
message (its bundle id is derived from them): it is never stored twice. The status of a POST is
complete at once: its successes are the objects delivered, its failures the objects the gate
refused, with the reason."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from ctcoop.api.deps import KB
from ctcoop.errors import AccessError, AuthenticationError, InputError, NotFoundError
from ctcoop.platform.accounts import User

router = APIRouter(prefix="/taxii2", tags=["taxii"])
MEDIA = "application/taxii+json;version=2.1"
ROOT = "/taxii2/api/"
NAMESPACE = uuid.UUID("6f6c6b1e-2d0a-4c1e-9a51-7c7470636f6f")  # ctcoop's own, for collection ids


def taxii(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, media_type=MEDIA)


def store_of(request: Request) -> Any:
    return request.app.state.exchange.get()


def taxii_user(request: Request) -> User:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    accounts = store_of(request).accounts
    if scheme.lower() == "basic":
        try:
            name, _, password = base64.b64decode(value).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            raise AuthenticationError("the Basic credentials cannot be read") from None
        user: User = accounts.authenticate(name, password)
        return user
    if scheme.lower() == "bearer":
        found: User = accounts.session(value.strip()).user
        return found
    raise AuthenticationError("give the credentials of an agency user (HTTP Basic or Bearer)")


TaxiiUser = Annotated[User, Depends(taxii_user)]


def collection_id(agency: str) -> str:
    return str(uuid.uuid5(NAMESPACE, agency))


def _agency_of(request: Request, ident: str) -> str:
    for agency in store_of(request).agencies():
        if collection_id(agency.id) == ident:
            return str(agency.id)
    raise NotFoundError("collection", ident)


def _acting(user: User) -> str:
    from ctcoop.exchange.service import acting_for

    return acting_for(user)


def _collection(agency: Any, mine: bool) -> dict[str, Any]:
    return {
        "id": collection_id(agency.id),
        "title": f"Inbox of {agency.id}",
        "description": f"{agency.name} ({agency.state}, {agency.kind.value})",
        "can_read": mine,
        "can_write": not mine,
        "media_types": ["application/stix+json;version=2.1"],
    }


@router.get("/", summary="TAXII discovery")
def discovery(request: Request, user: TaxiiUser) -> JSONResponse:
    return taxii(
        {
            "title": "ctcoop information exchange",
            "description": "Agencies' inboxes; every message goes through the legal-basis gate.",
            "default": ROOT,
            "api_roots": [ROOT],
        }
    )


@router.get("/api/", summary="TAXII API root")
def api_root(request: Request, user: TaxiiUser) -> JSONResponse:
    from ctcoop.exchange.service import MAX_BUNDLE

    return taxii(
        {
            "title": "ctcoop",
            "versions": [MEDIA],
            "max_content_length": MAX_BUNDLE,
        }
    )


@router.get("/api/collections/", summary="One collection per agency inbox")
def collections(request: Request, user: TaxiiUser) -> JSONResponse:
    mine = _acting(user)
    return taxii(
        {"collections": [_collection(a, a.id == mine) for a in store_of(request).agencies()]}
    )


@router.get("/api/collections/{ident}/", summary="A collection")
def collection(request: Request, user: TaxiiUser, ident: str) -> JSONResponse:
    agency = _agency_of(request, ident)
    return taxii(_collection(store_of(request).agency(agency), agency == _acting(user)))


@router.get("/api/collections/{ident}/objects/", summary="The objects in your inbox")
def get_objects(request: Request, user: TaxiiUser, ident: str) -> JSONResponse:
    from ctcoop.exchange.service import read

    agency = _agency_of(request, ident)
    if agency != _acting(user):
        raise AccessError(f"{user.username} reads only the collection of {_acting(user)}")
    store = store_of(request)
    objects: dict[str, Any] = {}
    for message, _ in store.inbox(agency):
        found = read(store, message.id, agency, user.username)
        for obj in (found["bundle"] or {}).get("objects", []):
            objects.setdefault(obj["id"], obj)
    return taxii({"more": False, "objects": list(objects.values())})


def _status(store: Any, message_id: str, objects: list[dict[str, Any]]) -> dict[str, Any]:
    message, deliveries, _ = store.message(message_id)
    [delivery] = deliveries
    details = [
        {"id": o["id"], "version": o.get("modified") or o.get("created") or ""} for o in objects
    ]
    delivered = delivery.state.value == "delivered"
    why = " ".join(delivery.decision["explanation"])
    return {
        "id": message_id.removeprefix("bundle--"),
        "status": "complete",
        "request_timestamp": message.created,
        "total_count": len(objects),
        "success_count": len(objects) if delivered else 0,
        "failure_count": 0 if delivered else len(objects),
        "pending_count": 0,
        "successes": details if delivered else [],
        "failures": [] if delivered else [d | {"message": why} for d in details],
    }


@router.post("/api/collections/{ident}/objects/", summary="Send objects to an agency")
async def add_objects(request: Request, kb: KB, user: TaxiiUser, ident: str) -> JSONResponse:
    from starlette.concurrency import run_in_threadpool

    from ctcoop.exchange.policies import shipped
    from ctcoop.exchange.service import send

    agency = _agency_of(request, ident)
    sender = _acting(user)
    if agency == sender:
        raise AccessError("your own inbox is read, not written to: send to another agency")
    try:
        envelope = json.loads(await request.body())
    except ValueError:
        raise InputError("the envelope is not JSON", argument="envelope") from None
    objects = envelope.get("objects") if isinstance(envelope, dict) else None
    if not isinstance(objects, list) or not objects:
        raise InputError('the envelope needs "objects": a list of STIX objects', argument="objects")
    codes = envelope.get("x_ctcoop") or {}
    if not isinstance(codes, dict):
        raise InputError("x_ctcoop: a JSON object of codes", argument="x_ctcoop")
    canonical = json.dumps([sender, agency, objects], sort_keys=True).encode()
    bundle = {
        "type": "bundle",
        "id": f"bundle--{uuid.uuid5(NAMESPACE, hashlib.sha256(canonical).hexdigest())}",
        "objects": objects,
    }
    evaluation = str(codes.get("evaluation", "X4"))
    on = codes.get("on")
    store = store_of(request)
    result = await run_in_threadpool(
        lambda: send(
            kb,
            store,
            shipped(kb, request.app.state.settings.exchange_policies),
            user.username,
            sender=sender,
            recipients=[agency],
            purpose=str(codes.get("purpose", "information_exchange")),
            handling=str(codes.get("handling", "H0")),
            restriction=codes.get("restriction"),
            tlp=str(codes.get("tlp", "amber")),
            reliability=evaluation[:1].upper(),
            accuracy=evaluation[1:2],
            bundle=json.dumps(bundle).encode(),
            on=dt.date.fromisoformat(on) if isinstance(on, str) else dt.date.today(),
            data=[str(d) for d in codes.get("data", [])],
        )
    )
    return taxii(_status(store, result.message.id, objects), status=202)


@router.get("/api/status/{ident}/", summary="The status of a POST")
def status(request: Request, user: TaxiiUser, ident: str) -> JSONResponse:
    from ctcoop.exchange.service import read

    store = store_of(request)
    message_id = f"bundle--{ident}"
    found = read(store, message_id, _acting(user), user.username)  # the sender or a holder
    return taxii(_status(store, message_id, (found["bundle"] or {}).get("objects", [])))
