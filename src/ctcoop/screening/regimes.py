"""The law behind a hit: which instruments oblige a state to freeze under a UN sanctions regime.

The knowledge base's ``regimes`` (data/global/regimes.yaml) map each regime of the Consolidated
List (its ``UN_LIST_TYPE``) to the Security Council resolutions that carry it. :func:`regime_law`
asks the knowledge base which of those bind a state on a date and have a mandatory assets-freeze
provision, so a hit can say *"unsc-2253 obliges PAK to freeze since 2015-12-17"*.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ctcoop.errors import NotFoundError
from ctcoop.kb import KnowledgeBase
from ctcoop.law.bases import cached_status, obliges
from ctcoop.law.status import StatusResult
from ctcoop.model import Measure, PartialDate, Provision, Regime, RegimeInstrument, Truth

FREEZE = Measure("asset_freezing")


@dataclass(frozen=True, slots=True)
class FreezeObligation:
    """One instrument that obliges ``state`` to freeze the funds of a regime's designees."""

    regime: str
    instrument: str
    symbol: str | None
    state: str
    on: dt.date
    since: str | None  # ISO date (or partial) from which it binds the state under the regime
    role: str
    provisions: tuple[Provision, ...]
    status: StatusResult

    def sentence(self) -> str:
        since = f" since {self.since}" if self.since else ""
        return f"{self.instrument} obliges {self.state} to freeze{since}"

    def to_json(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "symbol": self.symbol,
            "state": self.state,
            "since": self.since,
            "role": self.role,
            "provisions": [p.article for p in self.provisions],
            "statement": self.sentence(),
        }


@dataclass(frozen=True, slots=True)
class RegimeLaw:
    regime: Regime
    state: str
    on: dt.date
    obligations: tuple[FreezeObligation, ...]  # the most recent instrument first
    notes: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "regime": self.regime.list_type,
            "name": self.regime.name,
            "state": self.state,
            "on": self.on.isoformat(),
            "obligations": [o.to_json() for o in self.obligations],
            "notes": list(self.notes),
            "sources": list(self.regime.sources),
        }


def regimes(kb: KnowledgeBase) -> Mapping[str, Regime]:
    """The UN sanctions regimes of the knowledge base, by list type."""
    return kb.regimes


def regime(kb: KnowledgeBase, list_type: str) -> Regime:
    found = kb.regimes.get(list_type)
    if found is None:
        folded = {k.lower().replace(" ", "").replace("-", ""): v for k, v in kb.regimes.items()}
        found = folded.get(list_type.lower().replace(" ", "").replace("-", ""))
    if found is None:
        raise NotFoundError("sanctions regime", list_type, sorted(kb.regimes))
    return found


def regime_law(kb: KnowledgeBase, regime_name: str, state: str, on: dt.date) -> RegimeLaw:
    """The instruments that oblige ``state`` to freeze under a regime on ``on``, with status."""
    found = regime(kb, regime_name)
    code = kb.resolve_state(state).id
    obligations: list[tuple[str, int, FreezeObligation]] = []
    notes: list[str] = []
    for index, link in enumerate(found.resolutions):
        if not link.applies(on):
            continue
        inst = kb.instrument(link.instrument)
        if not obliges(inst, FREEZE):
            continue
        status = cached_status(kb, code, inst.id, on)
        if status.applies is Truth.TRUE:
            obligation = FreezeObligation(
                found.list_type,
                inst.id,
                inst.symbol,
                code,
                on,
                _since(status, link),
                link.role,
                inst.provisions_for(FREEZE),
                status,
            )
            obligations.append((obligation.since or "", index, obligation))
        elif status.applies is Truth.UNKNOWN:
            notes.append(f"{inst.id}: whether it binds {code} on {on} is unknown")
    if "asset_freezing" not in found.measures:
        notes.append(f"the {found.name} regime imposes no assets freeze")
    elif not obligations:
        notes.append(
            f"no instrument recorded in the knowledge base obliges {code} to freeze "
            f"under the {found.name} regime on {on}"
        )
    if found.note:
        notes.append(found.note)
    obligations.sort(key=lambda o: (o[0], o[1]), reverse=True)
    return RegimeLaw(found, code, on, tuple(o for _, _, o in obligations), tuple(notes))


def _since(status: StatusResult, link: RegimeInstrument) -> str | None:
    start: PartialDate | None = status.in_force_from
    text = str(start) if start is not None else None
    carries = link.during.start
    if carries is not None and (text is None or str(carries) > text):
        return str(carries)
    return text


def resolutions_of(kb: KnowledgeBase, list_type: str | None) -> list[str]:
    """The resolutions that carry a regime (empty for a list type the mapping does not know)."""
    if not list_type:
        return []
    try:
        return list(regime(kb, list_type).instruments)
    except NotFoundError:
        return []
