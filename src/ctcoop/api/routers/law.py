"""Status, legal bases, obligations, gaps, coverage, statistics."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ctcoop.api.answers import answer
from ctcoop.api.deps import KB, MeasureParam, On
from ctcoop.api.models import (
    BasesOut,
    CompareOut,
    ConsentsOut,
    CoverageOut,
    DataStatusOut,
    GapsOut,
    ObligationsOut,
    PartiesOut,
    StatusOut,
)
from ctcoop.errors import InputError
from ctcoop.interfaces import inputs, shapes, views
from ctcoop.model import Organization, State

router = APIRouter(tags=["reasoning"])


@router.get("/status", response_model=StatusOut, summary="Is a state bound by an instrument?")
def get_status(
    request: Request,
    kb: KB,
    state: Annotated[str, Query(examples=["PAK"])],
    instrument: Annotated[str, Query(examples=["unsc-1373"])],
    on: On,
) -> Response:
    from ctcoop.law.bases import cached_status

    s, i = kb.resolve_state(state).id, kb.instrument(instrument).id
    return answer(
        request, ("status", s, i, on), lambda: views.status(kb, cached_status(kb, s, i, on))
    )


@router.get("/bases", response_model=BasesOut, summary="Legal bases between two parties")
def get_bases(
    request: Request,
    kb: KB,
    a: Annotated[str, Query(examples=["IND"])],
    b: Annotated[str, Query(examples=["PAK"])],
    measure: MeasureParam,
    on: On,
    binding_only: Annotated[
        bool, Query(description="only binding bases in force for both parties")
    ] = False,
) -> Response:
    from ctcoop.law.bases import bases

    first, second = kb.resolve(a).id, kb.resolve(b).id
    return answer(
        request,
        ("bases", first, second, measure, on, binding_only),
        lambda: views.bases(kb, bases(kb, first, second, measure, on, binding_only=binding_only)),
    )


@router.get("/obligations/{state}", response_model=ObligationsOut, summary="What binds a state")
def get_obligations(
    kb: KB,
    state: str,
    on: On,
    measure: Annotated[str | None, Query(examples=["asset_freezing"])] = None,
) -> shapes.ObligationsView:
    from ctcoop.law.obligations import obligations

    m = inputs.measure(measure)
    return views.obligations(kb, obligations(kb, kb.resolve_state(state).id, on, m))


@router.get("/gaps", response_model=GapsOut, summary="Gaps of a state, an organisation or a pair")
def get_gaps(
    kb: KB,
    subject: Annotated[str, Query(examples=["PAK"])],
    on: On,
    other: Annotated[str | None, Query(examples=["IND"])] = None,
) -> shapes.StateGapsOut | shapes.OrgGapsOut | shapes.PairGapsOut:
    from ctcoop.law.gaps import org_gaps, pair_gaps, state_gaps

    if other is not None:
        a, b = kb.resolve_state(subject).id, kb.resolve_state(other).id
        return {"kind": "pair", **views.pair_gaps(pair_gaps(kb, a, b, on))}
    actor = kb.resolve(subject)
    if isinstance(actor, State):
        return {"kind": "state", **views.state_gaps(state_gaps(kb, actor.id, on))}
    if isinstance(actor, Organization):
        return {"kind": "organization", **views.org_gaps(org_gaps(kb, actor.id, on))}
    raise InputError(
        f"subject: {subject!r} is neither a state nor an organisation", argument="subject"
    )


@router.get("/coverage", response_model=CoverageOut, summary="Best level of basis per pair")
def get_coverage(
    kb: KB,
    measure: MeasureParam,
    on: On,
    states: Annotated[str | None, Query(examples=["IND,PAK,USA,DEU"])] = None,
) -> shapes.CoverageView:
    from ctcoop.law.matrix import coverage_matrix

    chosen = inputs.state_ids(kb, states)
    return views.coverage(coverage_matrix(kb, measure, on, chosen))


@router.get(
    "/compare", response_model=CompareOut, summary="States by instruments: each status on a date"
)
def get_compare(
    kb: KB,
    states: Annotated[str, Query(examples=["IND,PAK,USA"])],
    instruments: Annotated[str, Query(examples=["set:universal-12"])],
    on: On,
) -> shapes.CompareView:
    chosen = inputs.state_ids(kb, states) or []
    return views.compare(kb, chosen, inputs.instrument_ids(kb, instruments), on)


@router.get("/stats/parties", response_model=PartiesOut, summary="Parties on a date")
def get_parties(
    kb: KB, instruments: Annotated[str, Query(examples=["set:universal-12"])], on: On
) -> shapes.PartiesView:
    from ctcoop.law.stats import parties

    return views.parties(parties(kb, inputs.instrument_ids(kb, instruments), on))


@router.get("/stats/consents", response_model=ConsentsOut, summary="Consents per year")
def get_consents(
    kb: KB,
    instruments: Annotated[str, Query(examples=["set:universal-12"])],
    start: Annotated[int, Query(alias="from", ge=1900, le=2100)],
    end: Annotated[int, Query(alias="to", ge=1900, le=2100)],
) -> shapes.ConsentsView:
    from ctcoop.law.stats import consents

    if end < start:
        raise InputError("to: must not be before from", argument="to")
    return views.consents(consents(kb, inputs.instrument_ids(kb, instruments), start, end))


@router.get("/data/status", response_model=DataStatusOut, summary="What is known, from where")
def get_data_status(kb: KB, on: On) -> shapes.DataStatusView:
    from ctcoop.law.datastatus import data_status

    return views.data_status(kb, data_status(kb, on), on)
