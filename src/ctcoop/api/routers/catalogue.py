"""Instruments, actors, members, search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ctcoop.api.deps import KB, On
from ctcoop.api.models import (
    ActorOut,
    InstrumentList,
    InstrumentOut,
    MembersOut,
    ParticipantsOut,
    SearchOut,
)
from ctcoop.interfaces import inputs, shapes, views
from ctcoop.model import Kind, Level, Role

router = APIRouter(tags=["knowledge base"])


@router.get("/instruments", response_model=InstrumentList, summary="List instruments")
def list_instruments(
    kb: KB,
    level: Annotated[str | None, Query(examples=["global"])] = None,
    kind: Annotated[str | None, Query(examples=["convention"])] = None,
    forum: Annotated[str | None, Query(examples=["org:un"])] = None,
    measure: Annotated[str | None, Query(examples=["extradition"])] = None,
) -> shapes.InstrumentListView:
    m = inputs.measure(measure)
    found = kb.find_instruments(
        level=inputs.choice(Level, level, "level"),
        kind=inputs.choice(Kind, kind, "kind"),
        forum=forum,
        measure=m,
    )
    found.sort(key=lambda i: (i.level.value, str(i.adopted or ""), i.id))
    return views.instrument_list(found)


@router.get("/instruments/{ident}", response_model=InstrumentOut, summary="One instrument")
def get_instrument(kb: KB, ident: str) -> shapes.InstrumentView:
    return views.instrument(kb, kb.instrument(ident))


@router.get(
    "/instruments/{ident}/parties",
    response_model=ParticipantsOut,
    summary="An instrument's participants: signature, consent, entry into force, status",
)
def get_parties(kb: KB, ident: str, on: On) -> shapes.ParticipantsView:
    return views.participants(kb, kb.instrument(ident), on)


@router.get("/actors/{ident}", response_model=ActorOut, summary="A state, organisation or body")
def get_actor(kb: KB, ident: str, on: On) -> shapes.ActorOnView:
    return views.actor_on(kb, kb.resolve(ident), on)


@router.get("/members/{org}", response_model=MembersOut, summary="Members on a date")
def get_members(
    kb: KB,
    org: str,
    on: On,
    roles: Annotated[str, Query(description="comma-separated roles")] = "member",
) -> shapes.MembersView:
    wanted = [
        r
        for r in (inputs.choice(Role, x.strip(), "roles") for x in roles.split(",") if x.strip())
        if r is not None
    ]
    return views.members(kb, kb.resolve_organization(org), on, wanted)


@router.get("/search", response_model=SearchOut, summary="Search ids, names and aliases")
def search(
    kb: KB, q: Annotated[str, Query(min_length=1, examples=["financing"])]
) -> shapes.SearchView:
    return views.search(kb, q)
