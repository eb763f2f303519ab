"""Delta re-screening: when a new version of a list arrives, screen everything screened before
against the designations that are new or amended in it (and only those), and report new hits.

The name matching itself is delegated to a :class:`Matcher` (``ctcoop.screening.matching``
provides one); any object with this ``match`` method will do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from followthemoney import EntityProxy

from ctcoop.errors import InputError
from ctcoop.screening.defaults import DEFAULT_THRESHOLD, TARGET_SCHEMATA
from ctcoop.screening.diff import ListDiff, designations, diff_entities
from ctcoop.screening.store import Hit, ListVersion, ScreeningStore, query_key


class Matcher(Protocol):
    """Scores a query against candidate entities.

    Returns (entity, score in [0, 1], explanations a person can read), best first; it may leave
    out candidates that do not match at all.
    """

    def match(
        self, query: dict[str, Any], candidates: Sequence[EntityProxy]
    ) -> list[tuple[EntityProxy, float, list[str]]]: ...


@dataclass(frozen=True, slots=True)
class NewHit:
    query: dict[str, Any]
    query_key: str
    entity_id: str
    name: str
    reference_number: str
    program: tuple[str, ...]
    change: str  # "added" | "amended"
    score: float
    explanations: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "id": self.entity_id,
            "name": self.name,
            "reference_number": self.reference_number,
            "regime": list(self.program),
            "change": self.change,
            "score": round(self.score, 4),
            "explanations": list(self.explanations),
        }


@dataclass(frozen=True, slots=True)
class RescreenReport:
    list_name: str
    old: ListVersion
    new: ListVersion
    diff: ListDiff
    queries: int  # distinct queries screened before
    candidates: int  # new or amended designations screened against
    new_hits: tuple[NewHit, ...]
    run_id: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "list": self.list_name,
            "old_version": self.old.id,
            "new_version": self.new.id,
            "changes": self.diff.counts(),
            "queries": self.queries,
            "candidates": self.candidates,
            "new_hits": [h.to_json() for h in self.new_hits],
            "run": self.run_id,
        }


def matcher_name(matcher: object) -> str:
    kind = type(matcher)
    return f"{kind.__module__}.{kind.__qualname__}"


def rescreen(
    store: ScreeningStore,
    matcher: Matcher,
    new_version: int,
    *,
    old_version: int | None = None,
    threshold: float | None = None,
    record: bool = True,
) -> RescreenReport:
    """Re-screen past queries against what ``new_version`` adds or amends; report new hits.

    ``old_version`` defaults to the version published just before ``new_version``. A hit is new
    when the same query was never reported against the same entity before. With ``record`` the
    re-screen is stored as a run (kind ``rescreen``), so its hits are not reported twice.
    """
    new = store.version(new_version)
    old = store.version(old_version) if old_version is not None else _previous(store, new)
    if old.list_name != new.list_name:
        raise InputError(
            f"versions {old.id} and {new.id} are of different lists", argument="OLD NEW"
        )
    cut = _threshold(matcher, threshold)
    new_entities = store.entities(new.id)
    diff = diff_entities(store.entities(old.id), new_entities)
    changed = diff.changed_entity_ids()
    candidates = [e for e in new_entities if e.id in changed and e.schema.name in TARGET_SCHEMATA]
    info = {d.entity_id: d for d in designations(new_entities).values()}
    kinds = {d.entity_id: "added" for d in diff.added} | {
        a.new.entity_id: "amended" for a in diff.amended
    }
    reported = store.reported(new.list_name)
    queries = store.screened_queries(new.list_name)
    hits: list[NewHit] = []
    results: list[tuple[dict[str, Any], list[Hit]]] = []
    for query in queries:
        key = query_key(query)
        found = _matches(matcher, query, candidates, changed, cut)
        results.append((query, [Hit(i, s, tuple(x), info[i].key) for i, s, x in found]))
        for ident, score, explanations in found:
            if (key, ident) in reported:
                continue
            d = info[ident]
            hits.append(
                NewHit(
                    query,
                    key,
                    ident,
                    d.caption,
                    d.key,
                    d.program,
                    kinds[ident],
                    score,
                    tuple(explanations),
                )
            )
    run_id = None
    if record:
        run_id = store.record_run(
            list_name=new.list_name,
            version_id=new.id,
            matcher=matcher_name(matcher),
            threshold=cut,
            results=results,
            kind="rescreen",
            base_version_id=old.id,
        )
    hits.sort(key=lambda h: (-h.score, h.query_key, h.entity_id))
    return RescreenReport(
        new.list_name, old, new, diff, len(queries), len(candidates), tuple(hits), run_id
    )


def _matches(
    matcher: Matcher,
    query: dict[str, Any],
    candidates: Sequence[EntityProxy],
    changed: set[str],
    cut: float,
) -> list[tuple[str, float, list[str]]]:
    """The matcher's hits at or above the threshold, among the changed designations only."""
    if not candidates:
        return []
    found = matcher.match(query, candidates)
    return [(str(e.id), s, x) for e, s, x in found if s >= cut and str(e.id) in changed]


def _previous(store: ScreeningStore, new: ListVersion) -> ListVersion:
    earlier = [
        v
        for v in store.versions(new.list_name)
        if v.id != new.id
        and (v.published, v.id) < (new.published, new.id)
        and (v.published is None) == (new.published is None)
    ]
    if not earlier:
        raise InputError(
            f"version {new.id} of {new.list_name!r} has no earlier version to compare with; "
            "give --old",
            argument="--old",
        )
    return max(earlier, key=lambda v: (v.published, v.id))


def _threshold(matcher: object, threshold: float | None) -> float:
    if threshold is None:
        own = getattr(matcher, "threshold", None)
        threshold = float(own) if isinstance(own, int | float) else DEFAULT_THRESHOLD
    if not 0.0 <= threshold <= 1.0:
        raise InputError(
            f"the threshold must be between 0 and 1, not {threshold}", argument="--threshold"
        )
    return threshold
