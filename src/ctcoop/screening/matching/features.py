"""The features of a match: each a short pure function returning (score, explanation).

Shaped like nomenklatura's matching logic: *main* features (the names, an identifier) give a
base score, the best of them counts; *qualifiers* (date of birth, country) then raise or lower
it by their weight. The final score is kept in [0, 1].

==================  ======  ===========================================================
feature             weight  what it says
==================  ======  ===========================================================
name_match           1.00   the best pair of names (strong names: name, alias, ...)
weak_alias_match     0.85   the best pair with a weak alias ("Low" quality on UN lists)
identifier_match     0.95   a passport, id or registration number in common
dob_match           +0.05   same date of birth (same year only: +0.02)
dob_mismatch        -0.20   no date of birth within a year of the query's
country_match       +0.02   a nationality or country in common
country_mismatch    -0.10   the entity's countries do not include the query's
==================  ======  ===========================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ctcoop.screening.matching.align import DEFAULT_CONFIG, NameConfig, NameScore, compare_names
from ctcoop.screening.matching.names import NameForm
from ctcoop.screening.matching.record import Record

__all__ = ["FEATURES", "Feature", "best_name"]

Result = tuple[float, str | None]


@dataclass(frozen=True, slots=True)
class Feature:
    """One piece of evidence and how much it counts."""

    name: str
    func: Callable[[Record, Record], Result]
    weight: float
    qualifier: bool = False


def best_name(
    query: Record, result: Record, weak: bool, config: NameConfig = DEFAULT_CONFIG
) -> NameScore | None:
    """The best-scoring pair of a query name and a (weak or strong) name of the result.

    Names that share no blocking key with the query (no part alike in spelling, sound or
    known variant) are not compared."""
    results = [n for n in result.names if n.weak is weak]
    if not results or not query.names:
        return None
    queries: tuple[NameForm, ...] = query.names_as(results[0].type)
    keys = frozenset().union(*(q.keys for q in queries))
    best: NameScore | None = None
    for r in results:
        if keys.isdisjoint(r.keys):
            continue
        for q in queries:
            score = compare_names(q, r, config)
            if best is None or score.score > best.score:
                best = score
                if best.score >= 1.0:
                    return best
    return best


def name_match(query: Record, result: Record) -> Result:
    best = best_name(query, result, weak=False)
    return (best.score, best.explain()) if best else (0.0, None)


def weak_alias_match(query: Record, result: Record) -> Result:
    best = best_name(query, result, weak=True)
    return (best.score, best.explain()) if best else (0.0, None)


def identifier_match(query: Record, result: Record) -> Result:
    common = query.ids & result.ids
    if common:
        return 1.0, f"identifier in common: {', '.join(sorted(common))}"
    return 0.0, None


def _years(dobs: tuple[str, ...]) -> set[int]:
    return {int(d[:4]) for d in dobs if d[:4].isdigit()}


def dob_match(query: Record, result: Record) -> Result:
    if not query.dobs or not result.dobs:
        return 0.0, None
    exact = [d for d in query.dobs if len(d) >= 10 and d in result.dobs]
    if exact:
        return 1.0, f"same date of birth: {exact[0]}"
    common = _years(query.dobs) & _years(result.dobs)
    if common:
        return 0.4, f"same year of birth: {min(common)}"
    return 0.0, None


def dob_mismatch(query: Record, result: Record) -> Result:
    qy, ry = _years(query.dobs), _years(result.dobs)
    if not qy or not ry:
        return 0.0, None
    if any(abs(a - b) <= 1 for a in qy for b in ry):
        return 0.0, None
    listed = ", ".join(str(y) for y in sorted(ry)[:3]) + ("..." if len(ry) > 3 else "")
    return 1.0, f"born {min(qy)}, listed as born {listed}"


def country_match(query: Record, result: Record) -> Result:
    common = query.countries & result.countries
    if common:
        return 1.0, f"country in common: {', '.join(sorted(common))}"
    return 0.0, None


def country_mismatch(query: Record, result: Record) -> Result:
    if not query.countries or not result.countries or query.countries & result.countries:
        return 0.0, None
    listed = ", ".join(sorted(result.countries))
    return 1.0, f"country {', '.join(sorted(query.countries))} not among the listed: {listed}"


FEATURES: tuple[Feature, ...] = (
    Feature("name_match", name_match, 1.0),
    Feature("weak_alias_match", weak_alias_match, 0.85),
    Feature("identifier_match", identifier_match, 0.95),
    Feature("dob_match", dob_match, 0.05, qualifier=True),
    Feature("dob_mismatch", dob_mismatch, -0.2, qualifier=True),
    Feature("country_match", country_match, 0.02, qualifier=True),
    Feature("country_mismatch", country_mismatch, -0.1, qualifier=True),
)
