"""Shared dependencies, declared once with Annotated."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends, Query, Request

from ctcoop.errors import InputError
from ctcoop.kb import KnowledgeBase
from ctcoop.model import Measure, parse_day, parse_measure


def get_kb(request: Request) -> KnowledgeBase:
    kb = request.app.state.kb
    assert isinstance(kb, KnowledgeBase)
    return kb


def get_on(
    on: Annotated[
        str | None,
        Query(
            description="The date asked about, YYYY-MM-DD (default: today)", examples=["2010-01-01"]
        ),
    ] = None,
) -> dt.date:
    if on is None:
        return dt.date.today()
    try:
        return parse_day(on)
    except ValueError as exc:
        raise InputError(f"on: {exc}", argument="on") from None


def get_measure(
    measure: Annotated[
        str, Query(description="A measure of the vocabulary", examples=["extradition"])
    ],
) -> Measure:
    try:
        return parse_measure(measure)
    except ValueError as exc:
        raise InputError(f"measure: {exc}", argument="measure") from None


KB = Annotated[KnowledgeBase, Depends(get_kb)]
On = Annotated[dt.date, Depends(get_on)]
MeasureParam = Annotated[Measure, Depends(get_measure)]
