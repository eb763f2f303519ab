"""Stored list versions, the active version of each list, and screening runs with their results.

SQLAlchemy 2.x; a SQLite file in the data store by default (``<data dir>/screening.sqlite``),
PostgreSQL (or any SQLAlchemy URL) when given one (``--db`` or ``$CTCOOP_SCREENING_DB``).

Tables::

    list_versions     one row per (list, file hash): source, publisher, publication date,
                      sha256, loaded time (UTC), entity counts per schema
    list_entities     the FollowTheMoney entities of each version, as JSON
    active_lists      per list, the version screening uses; only a successful load moves it
    screening_runs    who screened what against which version, with which matcher and threshold
    screened_queries  the queries of each run (so a new version can re-screen them)
    screening_results the hits of each run: query, entity, designation, score, explanations

The schema is made and upgraded by the Alembic migrations in ``screening/migrations/versions``
(version table ``screening_alembic_version``); a database made before the store used migrations
is recognised by its tables and adopted.

A load parses the whole file first and writes in one transaction: a malformed file, or a
failure halfway, leaves the versions and the active pointer as they were. Loading the same
file again finds the version by its hash and adds nothing. A store opened on a data store
indexes each version it makes active once and persists the index there
(:mod:`ctcoop.screening.indexcache`), so that the first query of a new process is fast.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from ctcoop.errors import DataError, InputError, NotFoundError, Problem
from ctcoop.kb.store import DataStore
from ctcoop.platform import storage
from ctcoop.screening.defaults import DEFAULT_THRESHOLD, TARGET_SCHEMATA
from ctcoop.screening.indexcache import IndexCache, index_key, matcher_for_versions
from ctcoop.screening.tables import (
    ActiveRow,
    EntityRow,
    QueryRow,
    ResultRow,
    RunRow,
    VersionRow,
)

if TYPE_CHECKING:
    from followthemoney import EntityProxy

    from ctcoop.screening.lists import ListSnapshot
    from ctcoop.screening.matching.engine import Matcher

DB_ENV = "CTCOOP_SCREENING_DB"
MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "screening_alembic_version"
ADOPT = ("list_versions", "0001")  # a database made before the store used migrations
SHRINK = 0.2  # a version with more than this share fewer listed entries is not made active


class ListRejectedError(DataError):
    """A list version stored but refused activation: the active version stays as it was."""

    def summary(self) -> str:
        return "the list version was not made active\n" + "\n".join(str(p) for p in self.problems)


FILENAME = "screening.sqlite"


@dataclass(frozen=True, slots=True)
class ListVersion:
    id: int
    list_name: str
    source: str
    publisher: str
    published: dt.date | None
    published_at: str | None
    sha256: str
    loaded_at: dt.datetime
    counts: dict[str, int]
    active: bool = False
    rejected: str | None = None  # why it was never made active
    accepted: str | None = None  # the operator's reason for accepting a shrunken version

    @property
    def listed(self) -> int:
        """The listed people, organisations, vessels and aircraft in this version."""
        return _listed(self.counts)

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        data["loaded_at"] = self.loaded_at.isoformat(timespec="seconds") + "Z"
        return data


@dataclass(frozen=True, slots=True)
class LoadResult:
    version: ListVersion
    created: bool  # False: this very file (same hash) was loaded before
    activated: bool  # the version is now the active one of its list
    previous_active: int | None


@dataclass(frozen=True, slots=True)
class Hit:
    """One match recorded for a query: the listed entity, its designation, score, reasons."""

    entity_id: str
    score: float
    explanations: tuple[str, ...] = ()
    designation: str | None = None


@dataclass(frozen=True, slots=True)
class RunInfo:
    id: int
    kind: str
    list_name: str
    version_id: int
    base_version_id: int | None
    matcher: str
    threshold: float
    started_at: dt.datetime
    queries: int
    hits: int


def query_key(query: dict[str, Any]) -> str:
    """A stable key for a query: its ``id`` when it has one, else a hash of its content."""
    ident = query.get("id")
    if ident not in (None, ""):
        return f"id:{ident}"
    canonical = json.dumps(query, sort_keys=True, ensure_ascii=False, default=str)
    return "sha:" + hashlib.sha256(canonical.encode()).hexdigest()[:40]


def database_url(data_store: DataStore, url: str | None = None) -> str:
    """The URL given, else ``$CTCOOP_SCREENING_DB``, else the SQLite file in the data store."""
    return storage.database_url(data_store, url, DB_ENV, FILENAME)


def _listed(counts: dict[str, int]) -> int:
    return sum(n for schema, n in counts.items() if schema in TARGET_SCHEMATA)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class ScreeningStore:
    """List versions and screening runs in one database."""

    def __init__(self, url: str, index_cache: IndexCache | None = None) -> None:
        self.url = url
        self.index_cache = index_cache
        self.engine = storage.open_engine(url)
        try:
            storage.migrate(self.engine, MIGRATIONS, VERSION_TABLE, adopt=ADOPT)
        except SQLAlchemyError as exc:
            raise storage.unavailable(url, "screening", exc) from None

    @classmethod
    def open(cls, data_store: DataStore, url: str | None = None) -> ScreeningStore:
        return cls(database_url(data_store, url), IndexCache.of(data_store))

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ list versions

    def load(
        self,
        path: Path,
        kind: str | None = None,
        *,
        max_bytes: int | None = None,
        activate: bool | None = None,
        published: dt.date | None = None,
        accept_shrink: str | None = None,
    ) -> LoadResult:
        """Parse ``path`` completely, then store it; a bad file changes nothing."""
        from ctcoop.screening.lists import load_list

        snapshot = load_list(path, kind, max_bytes=max_bytes)
        if published is not None:
            snapshot = dataclasses.replace(snapshot, published=published)
        return self.add_snapshot(snapshot, activate=activate, accept_shrink=accept_shrink)

    def add_snapshot(
        self,
        snapshot: ListSnapshot,
        *,
        activate: bool | None = None,
        accept_shrink: str | None = None,
    ) -> LoadResult:
        try:
            result = self._add_snapshot(snapshot, activate, accept_shrink)
        except IntegrityError:
            # another process stored the same file at the same moment: it is there now
            result = self._add_snapshot(snapshot, activate, accept_shrink)
        if result.activated:
            self._persist_index(result.version)
        return result

    def _add_snapshot(
        self,
        snapshot: ListSnapshot,
        activate: bool | None = None,
        accept_shrink: str | None = None,
    ) -> LoadResult:
        """Store ``snapshot`` (once per file hash) and make it active when it is the newest.

        ``activate``: None activates a version unless the active one was published later;
        True always; False never. A version with no listed entries, or with more than ``SHRINK``
        fewer than the active one, is stored as rejected and never made active (ListRejectedError),
        unless ``accept_shrink`` gives the operator's reason, which is kept with it.
        """
        refused: str | None = None
        with Session(self.engine) as session, session.begin():
            row = session.scalars(
                select(VersionRow).where(
                    VersionRow.list_name == snapshot.list_name, VersionRow.sha256 == snapshot.sha256
                )
            ).first()
            created = row is None
            if row is None:
                row = self._insert(session, snapshot)
            current = session.get(ActiveRow, snapshot.list_name)
            previous = current.version_id if current else None
            older = session.get(VersionRow, previous) if previous else None
            if previous != row.id:
                refused = self._gate(row, older, accept_shrink)
            if refused:
                activate = False
            elif activate is None:
                activate = not (
                    older and older.published and row.published and row.published < older.published
                )
            if activate:
                self._point(session, snapshot.list_name, row.id)
            version = self._version(row, active=activate or previous == row.id)
        if refused:
            raise ListRejectedError(
                [
                    Problem(
                        snapshot.source,
                        None,
                        None,
                        f"{refused}; it is stored as version {version.id}, marked rejected, and "
                        + (f"version {previous} stays active" if previous else "no list is active"),
                        "check that the file is complete; if the list really shrank, load it "
                        "again with --accept-shrink 'the reason'",
                    )
                ]
            )
        return LoadResult(version, created, activate or previous == version.id, previous)

    @staticmethod
    def _gate(row: VersionRow, older: VersionRow | None, accept: str | None) -> str | None:
        """Why ``row`` must not become active, or None; an accepted reason clears the refusal."""
        listed = _listed(row.counts)
        before = _listed(older.counts) if older is not None else 0
        if listed == 0:
            reason = "the file lists no one (no people, organisations, vessels or aircraft)"
        elif older is not None and listed < (1 - SHRINK) * before:
            reason = (
                f"it lists {listed} where the active version {older.id} lists {before} "
                f"(more than {SHRINK:.0%} fewer)"
            )
        else:
            return None
        if accept and listed > 0:  # an empty list is never accepted: screening would find nothing
            row.rejected, row.accepted = None, accept
            return None
        row.rejected = reason
        return reason

    def _insert(self, session: Session, snapshot: ListSnapshot) -> VersionRow:
        row = VersionRow(
            list_name=snapshot.list_name,
            source=snapshot.source,
            publisher=snapshot.publisher,
            published=snapshot.published,
            published_at=snapshot.published_at,
            sha256=snapshot.sha256,
            loaded_at=_now(),
            counts=snapshot.counts,
        )
        session.add(row)
        session.flush()
        rows = [
            {"version_id": row.id, "entity_id": e.id, "schema": e.schema.name, "data": e.to_dict()}
            for e in snapshot.entities
        ]
        for start in range(0, len(rows), 2000):
            session.execute(insert(EntityRow), rows[start : start + 2000])
        return row

    def _point(self, session: Session, list_name: str, version_id: int) -> None:
        current = session.get(ActiveRow, list_name)
        if current is None:
            session.add(ActiveRow(list_name=list_name, version_id=version_id, activated_at=_now()))
        elif current.version_id != version_id:
            current.version_id = version_id
            current.activated_at = _now()

    def activate(self, version_id: int, *, accept_shrink: str | None = None) -> ListVersion:
        """Make a stored version the active one of its list (a rejected one only with a reason,
        and never an empty one)."""
        with Session(self.engine) as session, session.begin():
            row = self._row(session, version_id)
            if row.rejected and (not accept_shrink or _listed(row.counts) == 0):
                raise ListRejectedError(
                    [
                        Problem(
                            row.source,
                            None,
                            None,
                            f"version {row.id} was rejected: {row.rejected}",
                            "give --accept-shrink 'the reason' to make it active anyway"
                            if _listed(row.counts)
                            else "load a list that names someone",
                        )
                    ]
                )
            if row.rejected:
                row.rejected, row.accepted = None, accept_shrink
            self._point(session, row.list_name, row.id)
            version = self._version(row, active=True)
        self._persist_index(version)
        return version

    def _persist_index(self, version: ListVersion) -> None:
        """Index an activated version now, not at its first query (with a data store only)."""
        if self.index_cache is not None and not self.index_cache.has(index_key([version])):
            self.matcher([version])

    def matcher(
        self, versions: Sequence[ListVersion], threshold: float = DEFAULT_THRESHOLD
    ) -> Matcher:
        """The matcher over ``versions``: their persisted index when it is sound, else indexed
        now (and persisted when the store was opened on a data store)."""
        return matcher_for_versions(self, versions, threshold, self.index_cache)

    def versions(self, list_name: str | None = None) -> list[ListVersion]:
        with Session(self.engine) as session:
            active = {a.version_id for a in session.scalars(select(ActiveRow))}
            query = select(VersionRow).order_by(VersionRow.list_name, VersionRow.id)
            if list_name:
                query = query.where(VersionRow.list_name == list_name)
            return [self._version(r, r.id in active) for r in session.scalars(query)]

    def version(self, version_id: int) -> ListVersion:
        with Session(self.engine) as session:
            row = self._row(session, version_id)
            current = session.get(ActiveRow, row.list_name)
            return self._version(row, current is not None and current.version_id == row.id)

    def active(self, list_name: str) -> ListVersion | None:
        with Session(self.engine) as session:
            current = session.get(ActiveRow, list_name)
            if current is None:
                return None
            return self._version(self._row(session, current.version_id), True)

    def latest_two(self, list_name: str) -> tuple[ListVersion, ListVersion]:
        """The two most recently published versions of a list: (older, newer)."""
        found = sorted(self.versions(list_name), key=lambda v: (v.published or dt.date.min, v.id))
        if len(found) < 2:
            raise InputError(
                f"the list {list_name!r} has {len(found)} stored version(s); load two versions "
                "to compare them, or give two version ids",
                argument="OLD NEW",
            )
        return found[-2], found[-1]

    def entities(self, version_id: int, schemata: Iterable[str] | None = None) -> list[EntityProxy]:
        from followthemoney import EntityProxy

        with Session(self.engine) as session:
            self._row(session, version_id)
            query = select(EntityRow.data).where(EntityRow.version_id == version_id)
            if schemata is not None:
                query = query.where(EntityRow.schema.in_(list(schemata)))
            return [
                EntityProxy.from_dict(d)
                for d in session.scalars(query.order_by(EntityRow.entity_id))
            ]

    def entity_ids(self, version_id: int, schemata: Iterable[str] | None = None) -> set[str]:
        """The ids of a version's entities (of ``schemata``), without reading the entities."""
        with Session(self.engine) as session:
            self._row(session, version_id)
            query = select(EntityRow.entity_id).where(EntityRow.version_id == version_id)
            if schemata is not None:
                query = query.where(EntityRow.schema.in_(list(schemata)))
            return set(session.scalars(query))

    def _row(self, session: Session, version_id: int) -> VersionRow:
        row = session.get(VersionRow, version_id)
        if row is None:
            known = [str(v) for v in session.scalars(select(VersionRow.id).order_by(VersionRow.id))]
            raise NotFoundError("list version", str(version_id), known[-5:])
        return row

    @staticmethod
    def _version(row: VersionRow, active: bool) -> ListVersion:
        return ListVersion(
            id=row.id,
            list_name=row.list_name,
            source=row.source,
            publisher=row.publisher,
            published=row.published,
            published_at=row.published_at,
            sha256=row.sha256,
            loaded_at=row.loaded_at,
            counts=dict(row.counts),
            active=active,
            rejected=row.rejected,
            accepted=row.accepted,
        )

    # ------------------------------------------------------------------ screening runs

    def record_run(
        self,
        *,
        list_name: str,
        version_id: int,
        matcher: str,
        threshold: float,
        results: Sequence[tuple[dict[str, Any], Sequence[Hit]]],
        kind: str = "screen",
        base_version_id: int | None = None,
    ) -> int:
        """Store one screening run: every query (hit or not) and its hits. Returns the run id."""
        with Session(self.engine) as session, session.begin():
            self._row(session, version_id)
            run = RunRow(
                kind=kind,
                list_name=list_name,
                version_id=version_id,
                base_version_id=base_version_id,
                matcher=matcher,
                threshold=threshold,
                started_at=_now(),
                queries=len(results),
                hits=sum(len(h) for _, h in results),
            )
            session.add(run)
            session.flush()
            queries, hits = [], []
            for query, found in results:
                key = query_key(query)
                queries.append({"run_id": run.id, "query_key": key, "query": query})
                hits += [
                    {
                        "run_id": run.id,
                        "query_key": key,
                        "entity_id": h.entity_id,
                        "designation": h.designation,
                        "score": float(h.score),
                        "explanations": list(h.explanations),
                    }
                    for h in found
                ]
            if queries:
                session.execute(insert(QueryRow), queries)
            if hits:
                session.execute(insert(ResultRow), hits)
            return run.id

    def screened_queries(self, list_name: str) -> list[dict[str, Any]]:
        """Every distinct query screened against ``list_name`` before (the latest form of each)."""
        with Session(self.engine) as session:
            rows = session.execute(
                select(QueryRow.query_key, QueryRow.query)
                .join(RunRow, RunRow.id == QueryRow.run_id)
                .where(RunRow.list_name == list_name)
                .order_by(QueryRow.id)
            )
            latest: dict[str, dict[str, Any]] = {}
            for row in rows:
                latest[row.query_key] = row.query
        return list(latest.values())

    def reported(self, list_name: str) -> set[tuple[str, str]]:
        """(query key, entity id) of every hit already reported for ``list_name``."""
        with Session(self.engine) as session:
            rows = session.execute(
                select(ResultRow.query_key, ResultRow.entity_id)
                .join(RunRow, RunRow.id == ResultRow.run_id)
                .where(RunRow.list_name == list_name)
            )
            return {(k, e) for k, e in rows}

    def runs(self, list_name: str | None = None) -> list[RunInfo]:
        with Session(self.engine) as session:
            query = select(RunRow).order_by(RunRow.id)
            if list_name:
                query = query.where(RunRow.list_name == list_name)
            return [
                RunInfo(
                    r.id,
                    r.kind,
                    r.list_name,
                    r.version_id,
                    r.base_version_id,
                    r.matcher,
                    r.threshold,
                    r.started_at,
                    r.queries,
                    r.hits,
                )
                for r in session.scalars(query)
            ]

    def results(self, run_id: int) -> list[tuple[str, Hit]]:
        """(query key, hit) of one run, in the order recorded."""
        with Session(self.engine) as session:
            rows = session.scalars(
                select(ResultRow).where(ResultRow.run_id == run_id).order_by(ResultRow.id)
            )
            return [
                (r.query_key, Hit(r.entity_id, r.score, tuple(r.explanations), r.designation))
                for r in rows
            ]
