"""``ctcoop lists``: load sanctions lists, show the stored versions, compare two, re-screen.

Their specs (``LISTS_COMMANDS`` in :mod:`ctcoop.cli.listspecs`) are
:class:`ctcoop.cli.spec.Command` records; a handler with a ``store`` parameter gets the data store.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ctcoop.cli.commands import parse_on
from ctcoop.cli.listspecs import LISTED
from ctcoop.cli.output import Output, Table, out
from ctcoop.errors import DataError, InputError, Problem
from ctcoop.kb import KnowledgeBase
from ctcoop.kb.store import DataStore


def _store(store: DataStore, db: str | None) -> Any:
    from ctcoop.screening.store import ScreeningStore

    return ScreeningStore.open(store, db)


def lists_load(
    kb: KnowledgeBase,
    store: DataStore,
    path: Path,
    kind: str | None = None,
    db: str | None = None,
    max_bytes: int | None = None,
    activate: bool = False,
    published: str | None = None,
    accept_shrink: str | None = None,
) -> Output:
    from ctcoop.screening.lists.common import ListDataError
    from ctcoop.screening.store import ListRejectedError

    screening = _store(store, db)
    day = _day(published, "--published") if published else None
    try:
        result = screening.load(
            path,
            kind,
            max_bytes=max_bytes,
            activate=True if activate else None,
            published=day,
            accept_shrink=accept_shrink,
        )
    except ListRejectedError:
        raise
    except DataError as exc:
        raise ListDataError([*exc.problems, _unchanged(screening, path, kind)]) from None
    finally:
        screening.close()
    v = result.version
    state = (
        "now the active version"
        if result.activated
        else (f"stored; version {result.previous_active} stays active (it was published later)")
    )
    lines = [
        f"[green]{'Loaded' if result.created else 'Already loaded'}[/green] {v.list_name} "
        f"version {v.id} from {v.source}",
        f"published {v.published or 'unknown'}; sha256 {v.sha256[:16]}…; {state}",
        ", ".join(f"{n} {schema}" for schema, n in v.counts.items()),
    ]
    data = {
        "ok": True,
        "created": result.created,
        "activated": result.activated,
        "previous_active": result.previous_active,
        "version": v.to_json(),
    }
    return out(data, *lines)


def _unchanged(screening: Any, path: Path, kind: str | None) -> Problem:
    names = {"un": ["un"], "eu": ["eu"], "ofac": ["ofac-sdn", "ofac-cons"]}.get(kind or "", [])
    names = names or ["un", "eu", "ofac-sdn", "ofac-cons"]
    active = [a for a in (screening.active(n) for n in names) if a is not None]
    said = "; ".join(
        f"{a.list_name} version {a.id} (published {a.published or 'unknown'}) is still active"
        for a in active
    )
    state = said or "no version of this list is stored yet"
    return Problem(
        str(path),
        None,
        None,
        f"nothing was loaded; {state}",
        "correct or replace the file, then load it again",
    )


def _day(text: str, arg: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{arg}: {text!r} is not a date (YYYY-MM-DD)", argument=arg) from None


def lists_list(
    kb: KnowledgeBase, store: DataStore, list_name: str | None = None, db: str | None = None
) -> Output:
    screening = _store(store, db)
    try:
        versions = screening.versions(list_name)
    finally:
        screening.close()
    rows = [
        [
            v.id,
            v.list_name,
            v.published or "",
            v.loaded_at.strftime("%Y-%m-%d %H:%M"),
            v.sha256[:12],
            ", ".join(f"{n} {s}" for s, n in v.counts.items() if s in LISTED),
            "active" if v.active else ("rejected: " + v.rejected if v.rejected else ""),
        ]
        for v in versions
    ]
    table = Table(
        "Stored list versions",
        ["id", "list", "published", "loaded (UTC)", "sha256", "listed", "state"],
        rows,
    )
    text = [] if versions else ["No list loaded yet: ctcoop lists load FILE"]
    return out({"versions": [v.to_json() for v in versions]}, *text, tables=[table])


def lists_diff(
    kb: KnowledgeBase,
    store: DataStore,
    versions: list[int] | None = None,
    list_name: str = "un",
    db: str | None = None,
    limit: int = 50,
) -> Output:
    from ctcoop.screening.diff import diff_entities

    screening = _store(store, db)
    try:
        if versions:
            if len(versions) != 2:
                raise InputError("give two version ids (OLD NEW), or none", argument="OLD NEW")
            old, new = screening.version(versions[0]), screening.version(versions[1])
        else:
            old, new = screening.latest_two(list_name)
        diff = diff_entities(screening.entities(old.id), screening.entities(new.id))
    finally:
        screening.close()
    data = {"old": old.to_json(), "new": new.to_json(), **diff.to_json()}
    counts = diff.counts()
    head = (
        f"{new.list_name}: version {old.id} ({old.published}) → {new.id} ({new.published}): "
        f"{counts['added']} added, {counts['removed']} removed, {counts['amended']} amended, "
        f"{counts['unchanged']} unchanged"
    )
    tables = [
        Table(
            f"Added ({counts['added']})",
            ["reference", "name", "regime", "schema"],
            [[d.key, d.caption, ", ".join(d.program), d.schema] for d in diff.added[:limit]],
        ),
        Table(
            f"Removed ({counts['removed']})",
            ["reference", "name", "regime", "schema"],
            [[d.key, d.caption, ", ".join(d.program), d.schema] for d in diff.removed[:limit]],
        ),
        Table(
            f"Amended ({counts['amended']})",
            ["reference", "name", "changed fields"],
            [[a.key, a.new.caption, ", ".join(a.fields)] for a in diff.amended[:limit]],
        ),
    ]
    return out(data, head, tables=tables)


def lists_law(kb: KnowledgeBase, regime: str, state: str, on: str | None = None) -> Output:
    from ctcoop.screening.regimes import regime_law

    law = regime_law(kb, regime, state, parse_on(on))
    lines = [
        f"[bold]{law.regime.name}[/bold] ({law.regime.list_type}), for {kb.name_of(law.state)} "
        f"on {law.on}"
    ]
    lines += [
        f"  {o.sentence()} ({', '.join(p.article for p in o.provisions)})" for o in law.obligations
    ]
    lines += [f"  note: {n}" for n in law.notes]
    rows = [
        [r.instrument, r.role, r.during.start or "", r.during.end or ""]
        for r in law.regime.resolutions
    ]
    table = Table("Resolutions behind the regime", ["instrument", "role", "from", "until"], rows)
    return out(law.to_json(), *lines, tables=[table])


def lists_rescreen(
    kb: KnowledgeBase,
    store: DataStore,
    new: int | None = None,
    old: int | None = None,
    list_name: str = "un",
    threshold: float | None = None,
    db: str | None = None,
) -> Output:
    from ctcoop.screening.rescreen import rescreen

    screening = _store(store, db)
    try:
        if new is None:
            active = screening.active(list_name)
            if active is None:
                raise InputError(f"no version of {list_name!r} is loaded", argument="--list")
            new = active.id
        matcher = _default_matcher(screening.entities(new))
        report = rescreen(screening, matcher, new, old_version=old, threshold=threshold)
    finally:
        screening.close()
    head = (
        f"{report.list_name}: version {report.old.id} → {report.new.id}: "
        f"{report.queries} past queries re-screened against {report.candidates} new or "
        f"amended designations; {len(report.new_hits)} new hits"
    )
    rows = [
        [
            h.query.get("name", h.query_key),
            h.name,
            h.reference_number,
            ", ".join(h.program),
            h.change,
            f"{h.score:.2f}",
        ]
        for h in report.new_hits
    ]
    table = Table("New hits", ["query", "listed", "reference", "regime", "change", "score"], rows)
    return out(report.to_json(), head, tables=[table])


def _default_matcher(entities: list[Any]) -> Any:
    """The project's matching engine, indexed on the new version's entities."""
    try:
        from ctcoop.screening.matching.engine import Matcher
    except ImportError as exc:
        raise InputError(
            f"the matching engine is not available ({exc})", argument="matcher"
        ) from None
    return Matcher(entities)
