"""The screening engine: a list indexed once, queries scored against a few candidates each.

>>> matcher = Matcher(entities)                      # FollowTheMoney entities of a list
>>> for entity, score, why in matcher.match({"name": "Usama bin Ladin", "dob": "1957"}):
...     print(entity.caption, score, why)

A hit is a match when its score reaches the threshold, :data:`DEFAULT_THRESHOLD` (0.70)
unless told otherwise. At 0.70 the name comparison reaches its best F1 on the development
pairs (``cases-dev.csv``) and one unexplained name part on each side (``… AL-MOSULI`` against
``… AL-TIKRITI``) is enough to stay below it; see docs/benchmarks.md for the measured figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from followthemoney import EntityProxy, model

from ctcoop.screening.matching.features import FEATURES
from ctcoop.screening.matching.index import CandidateIndex
from ctcoop.screening.matching.names import PartInfo, learn_person_parts, person_parts
from ctcoop.screening.matching.record import Record, prepare, query_entity
from ctcoop.screening.notices import Notice, notices

__all__ = ["DEFAULT_THRESHOLD", "Hit", "Matcher", "Prepared", "compare", "score_records"]

from ctcoop.screening.defaults import DEFAULT_THRESHOLD

CANDIDATES = 50
"""How many candidates from the index are scored for each query."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One entry of the list scored against a query."""

    entity: EntityProxy
    score: float
    match: bool
    explanations: tuple[str, ...]
    regime: str | None
    reference_number: str | None
    notices: tuple[Notice, ...] = ()
    """What the list says of the entry besides its names: deceased, delisted."""

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.entity.id,
            "name": self.entity.caption,
            "schema": self.entity.schema.name,
            "score": self.score,
            "match": self.match,
            "regime": self.regime,
            "reference_number": self.reference_number,
            "explanations": list(self.explanations),
            "notices": [n.to_json() for n in self.notices],
        }


def score_records(query: Record, result: Record) -> tuple[float, list[str]]:
    """Score one query against one entry: the best main feature, then the qualifiers."""
    mains: list[tuple[float, str]] = []
    for feature in FEATURES:
        if feature.qualifier:
            continue
        value, detail = feature.func(query, result)
        if detail and value > 0:
            mains.append((value * feature.weight, f"{feature.name}: {detail}"))
    mains.sort(key=lambda m: -m[0])
    best = mains[0][0] if mains else 0.0
    explanations = [text for value, text in mains if value >= best / 2]
    if best <= 0:
        return 0.0, explanations
    for feature in FEATURES:
        if not feature.qualifier:
            continue
        value, detail = feature.func(query, result)
        if value and detail:
            best += value * feature.weight
            explanations.append(f"{feature.name} ({value * feature.weight:+.2f}): {detail}")
    return round(min(1.0, max(0.0, best)), 4), explanations


@dataclass(frozen=True, slots=True)
class Prepared:
    """A list indexed for matching, as plain data: what is persisted once per list version and
    reloaded in a new process (or a worker) instead of analysing every name again."""

    entities: tuple[dict[str, Any], ...]
    """The matchable entities, as FollowTheMoney dicts, in the order the records follow."""
    sanctions: tuple[dict[str, Any], ...]
    records: tuple[Record, ...]
    index: CandidateIndex
    lexicon: dict[str, PartInfo]
    """What rigour said of each part of the list's person names (see ``names.person_part``)."""


@lru_cache(maxsize=256)
def _compatible(query_schema: str, result_schema: str) -> bool:
    return bool(model.get(query_schema).can_match(model.get(result_schema)))  # type: ignore[union-attr]


class Matcher:
    """Screen queries against a list of FollowTheMoney entities.

    ``Sanction`` entities among ``entities`` are kept to say which regime and reference number
    each listed entity carries; documents and other non-matchable entities are ignored.
    """

    def __init__(
        self,
        entities: Iterable[EntityProxy],
        threshold: float = DEFAULT_THRESHOLD,
        candidates: int = CANDIDATES,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], not {threshold}")
        self.threshold = threshold
        self.limit = candidates
        self._sanctions: dict[str, list[EntityProxy]] = defaultdict(list)
        self.entities: list[EntityProxy] = []
        self._sanction_list: list[EntityProxy] = []
        for entity in entities:
            if entity.schema.name == "Sanction":
                self._sanction_list.append(entity)
                for target in entity.get("entity"):
                    self._sanctions[target].append(entity)
            elif entity.schema.matchable and entity.id:
                self.entities.append(entity)
        self.records = [prepare(e) for e in self.entities]
        self._by_id = {r.id: n for n, r in enumerate(self.records)}
        self.index = CandidateIndex(self.records)
        self.withdrawn: dict[str, Notice] = {}
        """Entries a newer version of the list no longer has (set by the screening service)."""

    @classmethod
    def from_prepared(
        cls,
        prepared: Prepared,
        threshold: float = DEFAULT_THRESHOLD,
        candidates: int = CANDIDATES,
    ) -> Matcher:
        """The matcher of a list indexed before (:meth:`prepared`), without analysing its names."""
        matcher = cls([], threshold, candidates)
        matcher._sanction_list = [EntityProxy.from_dict(d) for d in prepared.sanctions]
        for sanction in matcher._sanction_list:
            for target in sanction.get("entity"):
                matcher._sanctions[target].append(sanction)
        matcher.entities = [EntityProxy.from_dict(d) for d in prepared.entities]
        matcher.records = list(prepared.records)
        matcher._by_id = {r.id: n for n, r in enumerate(matcher.records)}
        matcher.index = prepared.index
        learn_person_parts(prepared.lexicon)
        return matcher

    def prepared(self) -> Prepared:
        """The indexed list as plain data, to persist (see :meth:`from_prepared`)."""
        parts = {
            token.text
            for record in self.records
            for name in record.names
            if name.type == "PER"
            for token in name.tokens
        }
        return Prepared(
            entities=tuple(e.to_dict() for e in self.entities),
            sanctions=tuple(s.to_dict() for s in self._sanction_list),
            records=tuple(self.records),
            index=self.index,
            lexicon=person_parts(sorted(parts)),
        )

    def __len__(self) -> int:
        return len(self.entities)

    def match(
        self,
        query: Mapping[str, Any],
        candidates: Sequence[EntityProxy | str] | None = None,
        limit: int = 10,
        min_score: float = 0.5,
    ) -> list[tuple[EntityProxy, float, list[str]]]:
        """The best-scoring entries for ``query``: (entity, score, explanations), best first."""
        hits = self.screen(query, candidates, limit=limit, min_score=min_score)
        return [(h.entity, h.score, list(h.explanations)) for h in hits]

    def screen(
        self,
        query: Mapping[str, Any] | EntityProxy,
        candidates: Sequence[EntityProxy | str] | None = None,
        limit: int = 10,
        min_score: float = 0.5,
    ) -> list[Hit]:
        """Like :meth:`match`, with the regime, reference number and match flag of each hit."""
        entity = query if isinstance(query, EntityProxy) else query_entity(query)
        record = prepare(entity)
        numbers = self._numbers(record, candidates)
        hits: list[Hit] = []
        for number in numbers:
            result = self.records[number]
            if not _compatible(record.schema, result.schema):
                continue
            score, explanations = score_records(record, result)
            if score < min_score:
                continue
            regime, reference = self.sanction_of(result.id)
            hits.append(
                Hit(
                    entity=self.entities[number],
                    score=score,
                    match=score >= self.threshold,
                    explanations=tuple(explanations),
                    regime=regime,
                    reference_number=reference,
                    notices=self.notices_of(number),
                )
            )
        hits.sort(key=lambda h: (-h.score, str(h.entity.id)))
        return hits[:limit]

    def _numbers(self, record: Record, candidates: Sequence[EntityProxy | str] | None) -> list[int]:
        if candidates is None:
            return self.index.candidates(record.names, self.limit, record.ids)
        ids = [c if isinstance(c, str) else str(c.id) for c in candidates]
        return [self._by_id[i] for i in ids if i in self._by_id]

    def notices_of(self, number: int) -> tuple[Notice, ...]:
        """What the list says of entry ``number`` besides its names
        (:mod:`ctcoop.screening.notices`)."""
        entity = self.entities[number]
        found = notices(entity, self._sanctions.get(str(entity.id), []))
        gone = self.withdrawn.get(str(entity.id))
        return found if gone is None else (*found, gone)

    def sanction_of(self, entity_id: str) -> tuple[str | None, str | None]:
        """The regime (programme) and reference number under which an entry is listed."""
        for sanction in self._sanctions.get(entity_id, []):
            regime = sanction.first("program") or sanction.first("programId")
            reference = sanction.first("unscId") or sanction.first("authorityId")
            return regime, reference or sanction.first("recordId")
        return None, None


def compare(name1: str, name2: str, schema: str = "Person") -> tuple[float, list[str]]:
    """Score two names directly, in [0, 1], with the explanation."""
    left = prepare(query_entity({"name": name1, "schema": schema}))
    right = prepare(query_entity({"name": name2, "schema": schema}))
    return score_records(left, right)
