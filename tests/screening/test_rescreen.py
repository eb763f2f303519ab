"""Delta re-screening with a tiny exact-name matcher defined here (the real engine lives in
ctcoop.screening.matching and is tested there)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from followthemoney import EntityProxy

from ctcoop.errors import InputError
from ctcoop.screening.rescreen import Matcher, rescreen
from ctcoop.screening.store import Hit, ScreeningStore

FIXTURES = Path(__file__).parent / "fixtures"


class ExactName:
    """Scores 1.0 when the query's name equals a name or alias of the entity, case-folded."""

    threshold = 0.9

    def __init__(self) -> None:
        self.seen: list[int] = []

    def match(
        self, query: dict[str, Any], candidates: Sequence[EntityProxy]
    ) -> list[tuple[EntityProxy, float, list[str]]]:
        self.seen.append(len(candidates))
        wanted = str(query.get("name", "")).casefold()
        out = []
        for entity in candidates:
            names = entity.get("name") + entity.get("alias") + entity.get("weakAlias")
            if wanted in {n.casefold() for n in names}:
                out.append((entity, 1.0, [f"name: {query['name']!r} is listed"]))
        return out


def screen_v1(store: ScreeningStore, queries: list[dict[str, Any]]) -> int:
    """A first screening against version 1, as the batch screener would record it."""
    version = store.load(FIXTURES / "un-v1.xml").version
    matcher = ExactName()
    candidates = store.entities(version.id, ["Person", "Organization"])
    results = [
        (q, [Hit(str(e.id), s, tuple(x)) for e, s, x in matcher.match(q, candidates)])
        for q in queries
    ]
    return store.record_run(
        list_name="un", version_id=version.id, matcher="ExactName", threshold=0.9, results=results
    )


QUERIES = [
    {"id": "cust-1", "name": "Peter Sample"},  # listed only in version 2: a new hit
    {"id": "cust-2", "name": "Abu Example"},  # a weak alias added to QDi.901 in version 2
    {"id": "cust-3", "name": "Johnny Example"},  # QDi.901 as before: hit already reported
    {"id": "cust-4", "name": "Example Trading Company"},  # unchanged entry: not re-screened
    {"id": "cust-5", "name": "Nobody In Particular"},
]


def test_new_hits_only_from_added_and_amended(screening: ScreeningStore) -> None:
    screen_v1(screening, QUERIES)
    new = screening.load(FIXTURES / "un-v2.xml").version
    matcher = ExactName()
    report = rescreen(screening, matcher, new.id)
    assert report.queries == 5
    assert report.candidates == 2  # LYi.904 (added) and QDi.901 (amended)
    assert set(matcher.seen) == {2}  # every query saw only those two
    found = {(h.query_key, h.reference_number, h.change) for h in report.new_hits}
    assert found == {("id:cust-1", "LYi.904", "added"), ("id:cust-2", "QDi.901", "amended")}
    hit = next(h for h in report.new_hits if h.query_key == "id:cust-1")
    assert hit.program == ("Libya",) and hit.name == "PETER SAMPLE" and hit.score == 1.0
    assert report.run_id is not None
    assert {(q, e) for q, e in screening.reported("un")} >= {
        ("id:cust-1", "un-9000004"),
        ("id:cust-2", "un-9000001"),
        ("id:cust-3", "un-9000001"),
    }
    again = rescreen(screening, ExactName(), new.id)  # the hits are known now
    assert again.new_hits == ()


def test_matcher_protocol_is_structural() -> None:
    matcher: Matcher = ExactName()
    assert matcher.match({"name": "x"}, []) == []


def test_threshold_filters(screening: ScreeningStore) -> None:
    class Half(ExactName):
        def match(
            self, query: dict[str, Any], candidates: Sequence[EntityProxy]
        ) -> list[tuple[EntityProxy, float, list[str]]]:
            return [(e, 0.5, why) for e, _, why in super().match(query, candidates)]

    screen_v1(screening, QUERIES[:1])
    new = screening.load(FIXTURES / "un-v2.xml").version
    assert rescreen(screening, Half(), new.id, record=False).new_hits == ()  # 0.5 < 0.9
    assert len(rescreen(screening, Half(), new.id, threshold=0.5).new_hits) == 1
    with pytest.raises(InputError, match="between 0 and 1"):
        rescreen(screening, Half(), new.id, threshold=2.0)


def test_needs_an_earlier_version(screening: ScreeningStore) -> None:
    only = screening.load(FIXTURES / "un-v1.xml").version
    with pytest.raises(InputError, match="no earlier version"):
        rescreen(screening, ExactName(), only.id)


def test_hits_outside_the_changes_are_not_new(screening: ScreeningStore) -> None:
    """A matcher that ignores the candidates it is given cannot report unchanged entries."""

    class Greedy(ExactName):
        def __init__(self, everything: list[EntityProxy]) -> None:
            super().__init__()
            self.everything = everything

        def match(
            self, query: dict[str, Any], candidates: Sequence[EntityProxy]
        ) -> list[tuple[EntityProxy, float, list[str]]]:
            return super().match(query, self.everything)

    old = screening.load(FIXTURES / "un-v1.xml").version
    query = {"id": "c", "name": "Example Trading Company"}
    screening.record_run(
        list_name="un", version_id=old.id, matcher="none", threshold=0.9, results=[(query, [])]
    )  # say the first screening missed it
    new = screening.load(FIXTURES / "un-v2.xml").version
    greedy = Greedy(screening.entities(new.id, ["Organization"]))
    assert greedy.match({"name": "Example Trading Company"}, [])  # it would match KPe.903
    assert rescreen(screening, greedy, new.id).new_hits == ()
