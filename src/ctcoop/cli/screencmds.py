"""Screening commands: screen, screen-batch, compare, compare-batch.

The list screened against is a file given with ``--list-file`` (UN XML, OFAC CSV folder or EU
CSV), or else the active version of ``--list`` (default ``un``) in the screening store.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ctcoop.cli.output import Output, Table, out
from ctcoop.cli.screenspecs import SCREEN_COMMANDS  # noqa: F401 - re-exported
from ctcoop.errors import InputError
from ctcoop.kb import KnowledgeBase
from ctcoop.kb.store import DataStore
from ctcoop.screening.matching import DEFAULT_THRESHOLD, Matcher
from ctcoop.screening.matching import compare as compare_names
from ctcoop.screening.matching.batch import BatchSummary


def _threshold(value: float) -> float:
    if not 0.0 < value <= 1.0:
        raise InputError(f"--threshold: {value} is not in (0, 1]", argument="threshold")
    return value


def _refuse_empty(entities: Any, used: dict[str, Any]) -> None:
    """Never screen against a list that names no one: every name would pass unmatched."""
    from ctcoop.screening.defaults import TARGET_SCHEMATA

    if not any(e.schema.name in TARGET_SCHEMATA for e in entities):
        raise InputError(
            f"the list {used.get('file') or used.get('list')} names no one: screening against it "
            "would find nothing; load a complete list",
            argument="list",
        )


def matcher_for(
    list_name: str | None, list_file: Path | None, store: DataStore | None, threshold: float
) -> tuple[Matcher, dict[str, Any]]:
    """The matcher over the list the command was given, and which version that is: a stored
    version's index as saved at ``lists load`` (see :mod:`ctcoop.screening.indexcache`), a
    list file indexed now."""
    threshold = _threshold(threshold)
    if list_file is not None:
        from ctcoop.screening.lists import load_list

        snapshot = load_list(list_file)
        used: dict[str, Any] = {"file": str(list_file), "sha256": snapshot.sha256}
        _refuse_empty(snapshot.entities, used)
        return Matcher(snapshot.entities, threshold=threshold), used
    if store is None:
        raise InputError("no list to screen against: give --list-file PATH", argument="list")
    from ctcoop.screening.store import ScreeningStore

    screening = ScreeningStore.open(store)
    try:
        version = screening.active(list_name or "un")
        if version is None:
            raise InputError(
                f"no version of the list {list_name or 'un'!r} is loaded; run "
                "'ctcoop lists load FILE' or give --list-file PATH",
                argument="list",
            )
        used = {
            "list": version.list_name,
            "version": version.id,
            "published": version.published.isoformat() if version.published else None,
            "sha256": version.sha256,
        }
        matcher = screening.matcher([version], threshold)
    finally:
        screening.close()
    _refuse_empty(matcher.entities, used)
    return matcher, used


def screen(
    kb: KnowledgeBase,
    name: str,
    dob: str | None = None,
    country: str | None = None,
    schema: str | None = None,
    limit: int = 10,
    list: str | None = None,
    list_file: Path | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    store: DataStore | None = None,
    state: str | None = None,
    on: str | None = None,
) -> Output:
    query = {
        k: v
        for k, v in {"name": name, "schema": schema, "dob": dob, "country": country}.items()
        if v
    }
    matcher, used = matcher_for(list, list_file, store, threshold)
    hits = matcher.screen(query, limit=limit)
    laws = _laws(kb, hits, state, on)
    from ctcoop.screening.regimes import resolutions_of

    results = [
        hit.as_json()
        | {"resolutions": resolutions_of(kb, hit.regime)}
        | ({"law": law} if law is not None else {})
        for hit, law in zip(hits, laws, strict=True)
    ]
    data = {
        "query": query,
        "threshold": matcher.threshold,
        "entries": len(matcher),
        "list": used,
        "results": results,
    }
    matches = sum(h.match for h in hits)
    text = [
        f"[bold]{name}[/bold]: {matches} match(es) at threshold {matcher.threshold:.2f} "
        f"among {len(matcher):,} listed entries ("
        + (
            f"list {used['list']} version {used['version']}"
            if "version" in used
            else f"file {used['file']}"
        )
        + ")"
    ]
    for h in hits:
        flag = "MATCH" if h.match else "below threshold"
        text.append(
            f"\n[bold]{h.score:.2f}[/bold] {flag}: {h.entity.caption} ({h.entity.id}; "
            f"{h.regime or 'regime unknown'}, {h.reference_number or 'no reference'})"
        )
        carried_by = resolutions_of(kb, h.regime)
        if carried_by:
            text.append(f"  regime {h.regime}, under resolutions {', '.join(carried_by)}")
        text += [f"  - {e}" for e in h.explanations]
        law = laws[hits.index(h)]
        if law is not None:
            text += [f"  → {o['statement']}" for o in law["obligations"][:3]]
            text += [f"  → {n}" for n in law["notes"]]
    rows = [
        (
            f"{h.score:.2f}",
            "yes" if h.match else "",
            h.entity.caption,
            h.regime,
            h.reference_number,
            h.entity.id,
        )
        for h in hits
    ]
    table = Table("Hits", ["score", "match", "name", "regime", "reference", "id"], rows)
    return out(data, *text, tables=[table])


def _laws(
    kb: KnowledgeBase, hits: list[Any], state: str | None, on: str | None
) -> list[dict[str, Any] | None]:
    """For a screening state, the law that obliges it to freeze under each hit's regime."""
    if not state:
        return [None] * len(hits)
    from ctcoop.errors import CtcoopError
    from ctcoop.interfaces import inputs
    from ctcoop.screening.regimes import regime_law

    code, day = kb.resolve_state(state).id, inputs.on_date(on, "--on")
    found: list[dict[str, Any] | None] = []
    for hit in hits:
        try:
            found.append(regime_law(kb, hit.regime, code, day).to_json() if hit.regime else None)
        except CtcoopError as exc:
            found.append({"obligations": [], "notes": [str(exc)]})
    return found


@contextmanager
def _progress(total: int | None, label: str) -> Iterator[Callable[[int], None]]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = [BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
    console = Console(file=sys.stderr)
    with Progress(
        *Progress.get_default_columns()[:1],
        *columns,
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def _count_rows(path: Path) -> int | None:
    try:
        with path.open("rb") as handle:
            return max(0, sum(1 for _ in handle) - 1)
    except OSError:
        return None


def screen_batch(
    kb: KnowledgeBase,
    path: Path,
    out: Path,
    limit: int = 5,
    engine: str = "local",
    workers: int = 2,
    list: str | None = None,
    list_file: Path | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    store: DataStore | None = None,
    on_error: str = "skip",
    encoding: str | None = None,
) -> Output:
    from ctcoop.screening.matching import batch

    if not path.is_file():
        raise InputError(f"no such file: {path}", argument="IN")
    batch.check_out(out)
    if engine == "dask":
        from ctcoop.screening.matching import distributed

        matcher, _ = matcher_for(list, list_file, store, threshold)
        summary = distributed.screen_batch_dask(
            [*matcher.entities],
            path,
            out,
            limit=limit,
            threshold=matcher.threshold,
            workers=workers,
            on_error=on_error,
            encoding=encoding,
            prepared=matcher.prepared(),
        )
    else:
        matcher, _ = matcher_for(list, list_file, store, threshold)
        with _progress(_count_rows(path), "screening") as advance:
            summary = batch.screen_batch(
                matcher,
                path,
                out,
                limit=limit,
                progress=advance,
                on_error=on_error,
                encoding=encoding,
            )
    return _summary(summary, "screened")


def _summary(summary: BatchSummary, verb: str) -> Output:
    data = summary.as_json()
    text = [
        f"{verb} {summary.rows:,} rows into {summary.out}"
        + (f" ({summary.skipped:,} already done, skipped)" if summary.skipped else ""),
        f"rows with a match: {summary.matched:,}",
    ]
    if summary.rejected:
        text.append(
            f"[yellow]rows rejected: {summary.rejected:,}[/yellow], each with its line and reason "
            f"in {summary.rejects}"
        )
    return out(data, *text)


def compare(
    kb: KnowledgeBase,
    name1: str,
    name2: str,
    schema: str = "Person",
    threshold: float = DEFAULT_THRESHOLD,
) -> Output:
    score, explanations = compare_names(name1, name2, schema)
    match = score >= _threshold(threshold)
    data = {
        "name1": name1,
        "name2": name2,
        "schema": schema,
        "score": score,
        "match": match,
        "threshold": threshold,
        "explanations": explanations,
    }
    text = [
        f"[bold]{score:.2f}[/bold] {'match' if match else 'no match'} (threshold {threshold:.2f})"
    ] + [f"  - {e}" for e in explanations]
    return out(data, *text)


def compare_batch(
    kb: KnowledgeBase,
    path: Path,
    out: Path,
    threshold: float = DEFAULT_THRESHOLD,
    encoding: str | None = None,
) -> Output:
    from ctcoop.screening.matching import batch

    with _progress(_count_rows(path), "comparing") as advance:
        summary = batch.compare_batch(
            path, out, _threshold(threshold), progress=advance, encoding=encoding
        )
    return _summary(summary, "scored")
