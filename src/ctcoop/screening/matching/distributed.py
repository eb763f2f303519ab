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
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from followthemoney import EntityProxy

from ctcoop.screening.matching.batch import (
    BatchSummary,
    ResultWriter,
    check_out,
    done_rows,
    read_queries,
)
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
) -> list[tuple[int, dict[str, str], list[dict[str, Any]]]]:
    """Screen one partition: (row number, query, hits) for each (number, line, query)."""
    matcher = _matcher(entities, threshold)
    return [
        (number, query, [h.as_json() for h in matcher.screen(query, limit=limit)])
        for number, _line, query in rows
    ]


def _chunks(path: Path, skip: int, size: int) -> Iterator[list[tuple[int, int, dict[str, str]]]]:
    rows = ((n, line, q) for n, (line, q) in enumerate(read_queries(path), start=1) if n > skip)
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


def screen_batch_dask(
    entities: Sequence[EntityProxy],
    path: Path,
    out: Path,
    limit: int = 5,
    threshold: float = DEFAULT_THRESHOLD,
    workers: int = 2,
    partition_rows: int = PARTITION_ROWS,
) -> BatchSummary:
    """Screen ``path`` into ``out`` with Dask; resumable like the local batch."""
    import dask
    import dask.bag as db

    check_out(out)
    skip = done_rows(out)
    payload = [e.to_dict() for e in entities]
    scheduler = "processes" if workers > 1 else "threads"
    summary = BatchSummary(skipped=skip, out=str(out), engine=f"dask ({scheduler})")
    writer = ResultWriter(out, fresh=not out.exists() or out.stat().st_size == 0)
    try:
        chunks = _chunks(path, skip, partition_rows)
        while wave := list(itertools.islice(chunks, max(1, workers) * 2)):
            bag = db.from_sequence(wave, npartitions=len(wave))  # type: ignore[no-untyped-call]
            done = bag.map(screen_partition, payload, threshold, limit)
            with dask.config.set(scheduler=scheduler, num_workers=max(1, workers)):
                results = done.compute()
            for part in results:
                for number, query, hits in part:
                    writer.write(number, query, hits)
                    summary.rows += 1
                    summary.hits += len(hits)
                    summary.matched += any(h["match"] for h in hits)
        summary.extra["partitions_of_rows"] = partition_rows
    finally:
        writer.close()
    return summary
