"""Screening as a service: the active lists indexed once, each hit tied to the law behind it.

Used by ``ctcoop screen``, ``POST /api/v1/screen`` and the web page ``/screen``. The index is
rebuilt when the active version of a list changes (a new list is loaded); it is read from the
index persisted for those versions when there is one (:mod:`ctcoop.screening.indexcache`).
One index is built at a time (a second request for it waits for the first); :meth:`index_status`
says whether it is ready, and :meth:`warm` builds it in the background, so a page can show
progress while the first query waits. When the store holds a newer version of a list than the
active one, the entries it no longer has are marked delisted (:mod:`ctcoop.screening.notices`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from ctcoop.errors import CtcoopError, NotFoundError
from ctcoop.interfaces.shapes import IndexStatusView
from ctcoop.kb import KnowledgeBase
from ctcoop.kb.store import DataStore

LISTS = ("un",)
"""The lists screened against unless others are chosen."""
KNOWN = ("un", "ofac-sdn", "ofac-cons", "eu")
"""The lists a caller may choose from (those with an active version)."""
HELD = 3
"""Matchers kept in memory at once, one per choice of list versions."""
IndexState = Literal["ready", "loading", "stored", "unbuilt", "none"]


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
        self._guard = threading.Lock()  # the tables of matchers and of those being built
        self._build = threading.Lock()  # one index built at a time
        self._loading: set[tuple[int, ...]] = set()

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

    def chosen(self, lists: Sequence[str] | None) -> tuple[str, ...]:
        """The lists asked for (default: the screener's); InputError for one ctcoop cannot read."""
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
        chosen = self.chosen(lists)
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
            key, newer = _key(screening, versions)
            with self._guard:
                if key in self._matchers:
                    self._matchers.move_to_end(key)
                    return self._matchers[key]
            with self._build:
                return self._built(screening, key, versions, newer)
        finally:
            screening.close()

    def _built(
        self, screening: Any, key: tuple[int, ...], versions: list[Any], newer: list[Any]
    ) -> tuple[Any, list[dict[str, Any]]]:
        """The matcher of ``key``, built now unless another request built it meanwhile."""
        with self._guard:
            if key in self._matchers:
                return self._matchers[key]
            self._loading.add(key)
        try:
            matcher = screening.matcher(versions)
            for version, later in zip(versions, newer, strict=True):
                if later is not None:
                    matcher.withdrawn.update(_withdrawn(screening, version, later))
            found = (matcher, [v.to_json() for v in versions])
        finally:
            with self._guard:
                self._loading.discard(key)
        with self._guard:
            self._matchers[key] = found
            while len(self._matchers) > HELD:
                self._matchers.popitem(last=False)
        return found

    def index_status(self, lists: Sequence[str] | None = None) -> IndexStatusView:
        """Whether the index of ``lists`` is in memory (``ready``), being built (``loading``),
        persisted and quick to read (``stored``), still to be built (``unbuilt``), or whether no
        version of them is loaded (``none``)."""
        from ctcoop.screening.indexcache import index_key

        chosen = self.chosen(lists)
        screening, versions = self._active(chosen)
        try:
            key, _ = _key(screening, versions)
            cache = screening.index_cache
            stored = bool(versions) and cache is not None and cache.has(index_key(versions))
        finally:
            screening.close()
        with self._guard:
            ready, loading = key in self._matchers, key in self._loading
        state: IndexState = (
            "none"
            if not versions
            else "ready"
            if ready
            else "loading"
            if loading
            else "stored"
            if stored
            else "unbuilt"
        )
        return {
            "lists": list(chosen),
            "state": state,
            "message": _MESSAGES[state].format(lists=", ".join(n.upper() for n in chosen)),
            "versions": [v.to_json() for v in versions],
        }

    def warm(self, lists: Sequence[str] | None = None) -> IndexStatusView:
        """Start building the index of ``lists`` in the background unless it is ready or being
        built; the status, as after the start."""
        status = self.index_status(lists)
        if status["state"] not in ("stored", "unbuilt"):
            return status
        chosen = self.chosen(lists)
        screening, versions = self._active(chosen)
        try:
            key, _ = _key(screening, versions)
        finally:
            screening.close()
        with self._guard:
            self._loading.add(key)
        threading.Thread(
            target=self._warm, args=(chosen, key), name="ctcoop-index", daemon=True
        ).start()
        message = _MESSAGES["loading"].format(lists=", ".join(n.upper() for n in chosen))
        return status | {"state": "loading", "message": message}

    def _warm(self, lists: tuple[str, ...], key: tuple[int, ...]) -> None:
        try:
            with contextlib.suppress(CtcoopError):  # the query that follows reports it
                self.matcher(lists)
        finally:
            with self._guard:
                self._loading.discard(key)

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


_MESSAGES = {
    "none": "No version of {lists} is loaded: load one with ctcoop lists load",
    "ready": "The index of {lists} is ready",
    "loading": "Building the index of {lists}: the first query after a start or a new list "
    "waits for it (seconds; later queries are fast)",
    "stored": "The index of {lists} is stored; reading it takes a moment",
    "unbuilt": "The index of {lists} is not built yet: the first query builds it (seconds)",
}


def _key(screening: Any, versions: Sequence[Any]) -> tuple[tuple[int, ...], list[Any]]:
    """The key of the matcher of ``versions``: their ids and, for each, the id of the newest
    sound version stored after it (0 for none), whose missing entries are marked delisted; and
    those newer versions."""
    newer = [_newer(screening, v) for v in versions]
    return tuple(v.id for v in versions) + tuple(n.id if n else 0 for n in newer), newer


def _order(version: Any) -> tuple[dt.date, int]:
    return version.published or dt.date.min, version.id


def _newer(screening: Any, version: Any) -> Any:
    """The newest version of the same list published after ``version`` (loaded after it, on the
    same date) and not rejected (a truncated file would "delist" everyone), or None."""
    later = [
        v
        for v in screening.versions(version.list_name)
        if v.rejected is None and _order(v) > _order(version)
    ]
    return max(later, key=_order, default=None)


def _withdrawn(screening: Any, version: Any, later: Any) -> dict[str, Any]:
    from ctcoop.screening.defaults import TARGET_SCHEMATA
    from ctcoop.screening.notices import withdrawn

    published = later.published.isoformat() if later.published else None
    return withdrawn(
        screening.entity_ids(version.id, TARGET_SCHEMATA),
        screening.entity_ids(later.id, TARGET_SCHEMATA),
        version.list_name.upper(),
        later.id,
        published,
    )
