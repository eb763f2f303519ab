"""Shared dependencies, declared once with Annotated."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends, Query, Request

from ctcoop.interfaces import inputs
from ctcoop.kb import KnowledgeBase
from ctcoop.model import Measure


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
    return inputs.on_date(on)


def get_measure(
    measure: Annotated[
        str, Query(description="A measure of the vocabulary", examples=["extradition"])
    ],
) -> Measure:
    return inputs.required_measure(measure)


KB = Annotated[KnowledgeBase, Depends(get_kb)]
On = Annotated[dt.date, Depends(get_on)]
MeasureParam = Annotated[Measure, Depends(get_measure)]
