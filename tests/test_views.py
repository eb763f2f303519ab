"""Answers assembled from shared parts say exactly what the library says."""

from __future__ import annotations

import datetime as dt

import pytest

from ctcoop.interfaces import views
from ctcoop.kb import KnowledgeBase
from ctcoop.law.bases import bases
from ctcoop.model import Measure

PAIRS = [
    ("USA", "DEU", "2012-01-01"),
    ("IND", "PAK", "2010-01-01"),
    ("KHM", "BRN", "2011-05-27"),
    ("FRA", "GBR", "2019-06-01"),
]


@pytest.mark.parametrize(("a", "b", "on"), PAIRS)
@pytest.mark.parametrize("measure", [Measure.EXTRADITION, Measure.ASSET_FREEZING])
def test_bases_view_matches_library(
    kb: KnowledgeBase, a: str, b: str, on: str, measure: Measure
) -> None:
    result = bases(kb, a, b, measure, dt.date.fromisoformat(on))
    for _ in range(2):  # the second time from the shared parts
        data = views.bases(kb, result)
        for basis, shown in zip(result.bases, data["bases"], strict=True):
            assert [s.text for s in basis.explanation()] == [
                s["text"] for s in shown["explanation"]
            ]
            assert [p.article for p in basis.provisions] == [
                p["article"] for p in shown["provisions"]
            ]
            cited = {i for s in shown["explanation"] for i in s["sources"]}
            cited |= {i for p in shown["provisions"] for i in p["sources"]}
            assert cited <= set(data["sources"])
