"""The candidate index: a query is scored against a few entries that share a key, not all.

Every significant part of every name of an entry gives keys: its Latin form, its consonant
skeleton (so that a typo in the vowels, or a name written in Arabic, still meets its entry),
its first four letters, its rigour name symbols (a given name in any script); each whole name
gives its Latin form without spaces (see ``names.name_keys``). A query's keys are looked up,
each hit weighed by how rare the key is (inverse document frequency), and the best ``limit``
entries are scored. Identifiers (passport, id numbers) are keys too.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from ctcoop.screening.matching.names import NameForm
from ctcoop.screening.matching.record import Record

__all__ = ["CandidateIndex"]


class CandidateIndex:
    """An inverted index from keys to entries, with key weights."""

    def __init__(self, records: Sequence[Record]) -> None:
        postings: dict[str, set[int]] = defaultdict(set)
        for number, record in enumerate(records):
            for name in record.names:
                for key in name.keys:
                    postings[key].add(number)
            for ident in record.ids:
                postings["i:" + ident].add(number)
        total = max(1, len(records))
        self._postings = {k: tuple(v) for k, v in postings.items()}
        self._weights = {k: math.log(1 + total / len(v)) for k, v in postings.items()}
        self.size = len(records)

    def candidates(
        self, names: Iterable[NameForm], limit: int = 50, ids: Iterable[str] = ()
    ) -> list[int]:
        """The entries most likely to match the names (or sharing an identifier), best first."""
        scores: dict[int, float] = defaultdict(float)
        keys: set[str] = {"i:" + ident for ident in ids}
        for name in names:
            keys |= name.keys
        for key in sorted(keys):  # a fixed order: sums, and so ties, the same in every process
            posting = self._postings.get(key)
            if posting is None:
                continue
            weight = self._weights[key]
            for number in posting:
                scores[number] += weight
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return [number for number, _ in ranked[:limit]]
