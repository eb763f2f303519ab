"""Batch screening on Dask, for customer files too large for one process.

The input is cut into partitions of rows (``dask.bag``); each worker builds the matcher once
from the list's entities (sent as FollowTheMoney JSON) and screens its partitions. Partitions
are computed a few at a time and written in input order as they finish, so the output is
streamed and a run resumes, like the local one, after the rows already in the output file.
Tested on the local scheduler (threads for one worker, processes for more); pointing
``scheduler`` at a ``dask.distributed`` client runs the same graph on a cluster.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from followthemoney import EntityProxy

from ctcoop.errors import InputError
from ctcoop.screening.matching.batch import BatchOutputs, BatchSummary, check_out, read_queries
from ctcoop.screening.matching.engine import DEFAULT_THRESHOLD, Matcher

__all__ = ["screen_batch_dask", "screen_partition"]

PARTITION_ROWS = 500
_MATCHERS: dict[tuple[int, float], Matcher] = {}
"""One matcher per worker process and list, built on the first partition it receives."""


def _matcher(entities: Sequence[dict[str, Any]], threshold: float) -> Matcher:
    key = (hash(tuple(str(e.get("id")) for e in entities)), threshold)
    if key not in _MATCHERS:
        _MATCHERS.clear()
        proxies = [EntityProxy.from_dict(e) for e in entities]
        _MATCHERS[key] = Matcher(proxies, threshold=threshold)
    return _MATCHERS[key]


def screen_partition(
    rows: Sequence[tuple[int, int, dict[str, str]]],
    entities: Sequence[dict[str, Any]],
    threshold: float,
    limit: int,
) -> list[tuple[int, dict[str, str], list[dict[str, Any]] | None, str | None]]:
    """Screen one partition: (row number, query, hits, None), or (number, query, None, reason)
    for a row whose values cannot be screened."""
    matcher = _matcher(entities, threshold)
    out: list[tuple[int, dict[str, str], list[dict[str, Any]] | None, str | None]] = []
    for number, _line, query in rows:
        try:
            out.append(
                (number, query, [h.as_json() for h in matcher.screen(query, limit=limit)], None)
            )
        except InputError as exc:
            out.append((number, query, None, str(exc)))
    return out


def screen_batch_dask(
    entities: Sequence[EntityProxy],
    path: Path,
    out: Path,
    limit: int = 5,
    threshold: float = DEFAULT_THRESHOLD,
    workers: int = 2,
    partition_rows: int = PARTITION_ROWS,
    *,
    on_error: str = "skip",
    encoding: str | None = None,
) -> BatchSummary:
    """Screen ``path`` into ``out`` with Dask; resumable, with rejects, like the local batch."""
    import dask
    import dask.bag as db

    check_out(out)
    scheduler = "processes" if workers > 1 else "threads"
    records = read_queries(path, encoding)  # a bad file fails here, before any output
    outputs = BatchOutputs(out, path, on_error, engine=f"dask ({scheduler})")
    payload = [e.to_dict() for e in entities]
    pending = (r for r in records if r.number > outputs.summary.skipped)
    try:
        while wave := list(itertools.islice(pending, max(1, workers) * 2 * partition_rows)):
            good = [(r.number, r.line, r.cells) for r in wave if r.cells is not None]
            parts = [good[i : i + partition_rows] for i in range(0, len(good), partition_rows)]
            results: dict[int, tuple[list[dict[str, Any]] | None, str | None]] = {}
            if parts:
                bag = db.from_sequence(parts, npartitions=len(parts))  # type: ignore[no-untyped-call]
                done = bag.map(screen_partition, payload, threshold, limit)
                with dask.config.set(scheduler=scheduler, num_workers=max(1, workers)):
                    for part in done.compute():
                        for number, _query, hits, reason in part:
                            results[number] = (hits, reason)
            for record in wave:  # in input order, each row once
                hits, reason = results.get(record.number, (None, record.error))
                outputs.settle(record, hits, reason, record.field)
        outputs.summary.extra["partitions_of_rows"] = partition_rows
    finally:
        outputs.close()
    return outputs.summary
