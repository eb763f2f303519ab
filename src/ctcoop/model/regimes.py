"""UN sanctions regimes: which Security Council resolutions carry each regime, and when.

A regime is named as the Consolidated List names it (``UN_LIST_TYPE``). Each resolution behind it
carries the regime's measures over a half-open interval of days (from adoption unless stated),
read by the one "holds on date" rule of :class:`Interval`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ctcoop.model.dates import Interval, Truth


@dataclass(frozen=True)
class RegimeInstrument:
    instrument: str
    role: str  # what the instrument did for the regime
    during: Interval = field(default_factory=Interval)  # when it carries the regime (open: always)

    def applies(self, on: dt.date) -> bool:
        """Whether it carries the regime on ``on`` (an undecided partial date counts as not)."""
        return self.during.holds_on(on) is Truth.TRUE


@dataclass(frozen=True)
class Regime:
    list_type: str
    name: str
    measures: tuple[str, ...]
    resolutions: tuple[RegimeInstrument, ...]
    sources: tuple[str, ...]
    committee: str | None = None
    note: str | None = None

    @property
    def id(self) -> str:
        return self.list_type

    @property
    def instruments(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.instrument for r in self.resolutions))
