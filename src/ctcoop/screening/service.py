"""Screening as a service: the active lists indexed once, each hit tied to the law behind it.

Used by ``ctcoop screen``, ``POST /api/v1/screen`` and the web page ``/screen``. The index is
rebuilt when the active version of a list changes (a new list is loaded); it is read from the
index persisted for those versions when there is one (:mod:`ctcoop.screening.indexcache`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from ctcoop.errors import CtcoopError, NotFoundError
from ctcoop.kb import KnowledgeBase
from ctcoop.kb.store import DataStore

LISTS = ("un",)


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
        self._key: tuple[int, ...] | None = None
        self._matcher: Any = None
        self._versions: list[dict[str, Any]] = []

    def _active(self) -> tuple[Any, list[Any]]:
        from ctcoop.screening.store import ScreeningStore

        screening = ScreeningStore.open(self.store, self.db)
        versions = [v for v in (screening.active(name) for name in self.lists) if v is not None]
        return screening, versions

    def matcher(self) -> Any:
        """The engine over the active versions; NotFoundError when no list is loaded."""
        screening, versions = self._active()
        try:
            if not versions:
                raise NotFoundError(
                    "active sanctions list",
                    ", ".join(self.lists),
                    ["load one: ctcoop lists load consolidated.xml"],
                )
            if not any(v.listed for v in versions):
                raise NotFoundError(
                    "sanctions list with entries",
                    ", ".join(f"{v.list_name} version {v.id}" for v in versions),
                    ["the active versions list no one: load a complete list"],
                )
            key = tuple(v.id for v in versions)
            if key != self._key:
                self._matcher = screening.matcher(versions)
                self._key = key
                self._versions = [v.to_json() for v in versions]
            return self._matcher
        finally:
            screening.close()

    def screen(
        self,
        query: Mapping[str, Any],
        *,
        state: str | None = None,
        on: dt.date | None = None,
        limit: int = 10,
    ) -> dict[str, Any]:
        """Top hits for ``query`` with explanations; for a screening state, the duty to freeze."""
        matcher = self.matcher()
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
            "lists": self._versions,
            "results": results,
            "total": len(results),
        }

    def _law(self, regime: str, state: str, on: dt.date) -> dict[str, Any]:
        from ctcoop.screening.regimes import regime_law

        try:
            return regime_law(self.kb, regime, state, on).to_json()
        except CtcoopError as exc:
            return {"regime": regime, "obligations": [], "notes": [str(exc)]}
