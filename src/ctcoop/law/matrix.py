"""The coverage matrix: for a measure and a date, the best level of legal basis for every pair.

Levels are coded 0 none, 1 global, 2 regional, 3 bilateral (a binding basis in force for both).
A second matrix marks pairs for which some binding basis has an unknown status, so that "none" is
never read where the data cannot tell. Political commitments and provisions that only say "should"
or "may" never count as a level; a third matrix marks the pairs they reach, for a map that shows
them apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ctcoop.kb import KnowledgeBase
from ctcoop.law.bases import RANK, cached_status, candidates, obliges
from ctcoop.law.datastatus import un_members
from ctcoop.model import BindingRule, Instrument, Measure, Truth

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

LEVEL_NAMES = {0: "none", 1: "global", 2: "regional", 3: "bilateral"}


@dataclass(frozen=True)
class CoverageMatrix:
    measure: Measure
    on: dt.date
    states: tuple[str, ...]
    level: npt.NDArray[np.int8]  # states x states: best level of a binding basis in force
    unknown: npt.NDArray[np.bool_]  # states x states: some basis of unknown status
    soft: npt.NDArray[np.bool_]  # states x states: a commitment or a "should" applies to both

    def best(self, a: str, b: str) -> str:
        i, j = self.states.index(a), self.states.index(b)
        return LEVEL_NAMES[int(self.level[i, j])]

    def cells(self) -> list[list[str]]:
        """The matrix with level names instead of codes."""
        return [[LEVEL_NAMES[int(v)] for v in row] for row in self.level]

    def row(self, state: str, binding_only: bool = True) -> dict[str, str]:
        """For one state, the best level with every other; "unknown" where the data cannot tell.
        With ``binding_only`` false, a pair with neither a binding basis nor an unknown one but
        with a political commitment or a recommendation applying to both is "non_binding"."""
        if state not in self.states:
            return {}
        i = self.states.index(state)
        out: dict[str, str] = {}
        cells = zip(self.states, self.level[i], self.unknown[i], self.soft[i], strict=True)
        for other, code, unsure, soft in cells:
            if other != state:
                name = LEVEL_NAMES[int(code)]
                if name == "none" and unsure:
                    name = "unknown"
                elif name == "none" and soft and not binding_only:
                    name = "non_binding"
                out[other] = name
        return out

    def counts(self) -> dict[str, int]:
        import numpy as np

        upper = np.triu_indices(len(self.states), k=1)
        values = self.level[upper]
        out = {LEVEL_NAMES[k]: int((values == k).sum()) for k in LEVEL_NAMES}
        out["unknown_with_none"] = int(((values == 0) & self.unknown[upper]).sum())
        return out


def _vectors(
    kb: KnowledgeBase, inst: Instrument, states: tuple[str, ...], on: dt.date
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_], list[str | None]]:
    import numpy as np

    results = [cached_status(kb, s, inst.id, on) for s in states]
    bound = np.fromiter((r.applies is Truth.TRUE for r in results), bool, len(states))
    unknown = np.fromiter((r.applies is Truth.UNKNOWN for r in results), bool, len(states))
    sides = [r.state if r.state in inst.parties else r.via for r in results]
    return bound, unknown, sides


def coverage_matrix(
    kb: KnowledgeBase, measure: Measure, on: dt.date, states: list[str] | None = None
) -> CoverageMatrix:
    import numpy as np

    chosen = tuple(states or un_members(kb, on))
    n = len(chosen)
    level = np.zeros((n, n), dtype=np.int8)
    unknown = np.zeros((n, n), dtype=bool)
    soft = np.zeros((n, n), dtype=bool)
    for inst in candidates(kb, measure, on):
        bound, unsure, sides = _vectors(kb, inst, chosen, on)
        if not obliges(inst, measure):
            # a commitment or a "should" never fills a level: it is marked apart
            soft |= (
                np.outer(bound, bound)
                if inst.binds is not BindingRule.PARTIES
                else (_opposite_sides(inst, bound, bound, sides)[0])
            )
            continue
        possible = bound | unsure
        if inst.binds is BindingRule.PARTIES:
            pairs, maybe = _opposite_sides(inst, bound, possible, sides)
        else:
            pairs, maybe = np.outer(bound, bound), np.outer(possible, possible)
        np.maximum(level, np.where(pairs, RANK[inst.level], 0).astype(np.int8), out=level)
        unknown |= maybe & ~pairs
    np.fill_diagonal(level, 0)
    np.fill_diagonal(unknown, False)
    np.fill_diagonal(soft, False)
    return CoverageMatrix(measure, on, chosen, level, unknown, soft)


def _opposite_sides(
    inst: Instrument,
    bound: npt.NDArray[np.bool_],
    possible: npt.NDArray[np.bool_],
    sides: list[str | None],
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    import numpy as np

    first, second = inst.parties[0], inst.parties[1]
    on_first = np.fromiter((s == first for s in sides), bool, len(sides))
    on_second = np.fromiter((s == second for s in sides), bool, len(sides))
    pairs = np.outer(bound & on_first, bound & on_second)
    maybe = np.outer(possible & on_first, possible & on_second)
    return pairs | pairs.T, maybe | maybe.T
