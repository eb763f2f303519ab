"""Screening as a service: the active lists indexed once, each hit tied to the law behind it.

Used by ``ctcoop screen``, ``POST /api/v1/screen`` and the web page ``/screen``. The index is
rebuilt when the active version of a list changes (a new list is loaded); it is read from the
index persisted for those versions when there is one (:mod:`ctcoop.screening.indexcache`).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

from ctcoop.errors import CtcoopError, NotFoundError
from ctcoop.kb import KnowledgeBase
from ctcoop.kb.store import DataStore

LISTS = ("un",)
"""The lists screened against unless others are chosen."""
KNOWN = ("un", "ofac-sdn", "ofac-cons", "eu")
"""The lists a caller may choose from (those with an active version)."""
HELD = 3
"""Matchers kept in memory at once, one per choice of list versions."""


class Screener:
    def __init__(
        self,
        kb: KnowledgeBase,
        store: DataStore,
        lists: Sequence[str] = LISTS,
        db: str | None = None,
    ) -> None:
        self.kb = kb
        self.store = store
        self.lists = tuple(lists)
        self.db = db
        self._matchers: OrderedDict[tuple[int, ...], tuple[Any, list[dict[str, Any]]]] = (
            OrderedDict()
        )

    def _active(self, lists: Sequence[str]) -> tuple[Any, list[Any]]:
        from ctcoop.screening.store import ScreeningStore

        screening = ScreeningStore.open(self.store, self.db)
        versions = [v for v in (screening.active(name) for name in lists) if v is not None]
        return screening, versions

    def available(self) -> list[dict[str, Any]]:
        """The lists that can be chosen: each known list with an active version."""
        screening, versions = self._active(KNOWN)
        screening.close()
        return [v.to_json() for v in versions]

    def _chosen(self, lists: Sequence[str] | None) -> tuple[str, ...]:
        from ctcoop.errors import InputError

        chosen = tuple(dict.fromkeys(lists or self.lists))
        unknown = [name for name in chosen if name not in KNOWN]
        if unknown:
            raise InputError(
                f"lists: {', '.join(map(repr, unknown))} is not a sanctions list ctcoop reads; "
                f"use {', '.join(KNOWN)}",
                argument="lists",
            )
        return chosen

    def matcher(self, lists: Sequence[str] | None = None) -> tuple[Any, list[dict[str, Any]]]:
        """The engine over the active versions of ``lists`` (default: the screener's), and those
        versions; NotFoundError when none is loaded."""
        chosen = self._chosen(lists)
        screening, versions = self._active(chosen)
        try:
            if not versions:
                raise NotFoundError(
                    "active sanctions list",
                    ", ".join(chosen),
                    ["load one: ctcoop lists load consolidated.xml"],
                )
            if not any(v.listed for v in versions):
                raise NotFoundError(
                    "sanctions list with entries",
                    ", ".join(f"{v.list_name} version {v.id}" for v in versions),
                    ["the active versions list no one: load a complete list"],
                )
            key = tuple(v.id for v in versions)
            if key not in self._matchers:
                self._matchers[key] = (screening.matcher(versions), [v.to_json() for v in versions])
                while len(self._matchers) > HELD:
                    self._matchers.popitem(last=False)
            self._matchers.move_to_end(key)
            return self._matchers[key]
        finally:
            screening.close()

    def screen(
        self,
        query: Mapping[str, Any],
        *,
        state: str | None = None,
        on: dt.date | None = None,
        limit: int = 10,
        lists: Sequence[str] | None = None,
    ) -> dict[str, Any]:
        """Top hits for ``query`` in ``lists`` (default: the screener's) with explanations; for a
        screening state, the duty to freeze."""
        matcher, versions = self.matcher(lists)
        day = on or dt.date.today()
        hits = matcher.screen(query, limit=limit)
        results = []
        from ctcoop.screening.regimes import resolutions_of

        for hit in hits:
            item = hit.as_json() | {"resolutions": resolutions_of(self.kb, hit.regime)}
            if state and hit.regime:
                item["law"] = self._law(hit.regime, state, day)
            results.append(item)
        return {
            "query": dict(query),
            "state": state,
            "on": day.isoformat(),
            "threshold": matcher.threshold,
            "lists": versions,
            "results": results,
            "total": len(results),
        }

    def _law(self, regime: str, state: str, on: dt.date) -> dict[str, Any]:
        from ctcoop.screening.regimes import regime_law

        try:
            return regime_law(self.kb, regime, state, on).to_json()
        except CtcoopError as exc:
            return {"regime": regime, "obligations": [], "notes": [str(exc)]}
