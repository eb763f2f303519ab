"""Batch screening on Dask, for customer files too large for one process.

One pool of worker processes serves the whole batch. The list is indexed once, in the calling
process (or read from its persisted index, ``prepared``), and each worker receives it once, when
it starts (:func:`install`): no worker analyses the list's names again, and none is restarted
between waves of rows. The input is cut into partitions of rows (``dask.bag``); partitions are
computed a few at a time on that pool and written in input order as they finish, so the output
is streamed and a run resumes, like the local one, after the rows already in the output file.
With one worker the partitions run in the calling process.

Where processes can be forked (Linux), the workers are forked from the calling process and
share its copy of the list and of rigour's person-name tagger; elsewhere they are spawned and
receive the indexed list once each. Whether the pool pays depends on the machine and the batch:
see "Local and distributed batch screening" in docs/benchmarks.md.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from followthemoney import EntityProxy

from ctcoop.errors import InputError
from ctcoop.screening.matching.batch import BatchOutputs, BatchSummary, check_out, read_queries
from ctcoop.screening.matching.engine import DEFAULT_THRESHOLD, Matcher, Prepared
from ctcoop.screening.matching.rows import Record

__all__ = ["install", "screen_batch_dask", "screen_partition"]

PARTITION_ROWS = 500
WAVE = 2
"""Partitions per worker computed at a time (the rows held in memory: workers x WAVE x rows)."""

Screened = tuple[int, list[dict[str, Any]] | None, str | None]
_WORKER: dict[str, Any] = {}
"""This process's matcher (set once by :func:`install`), its process id and how many times one
was built here."""


def install(prepared: Prepared, threshold: float) -> None:
    """Give this process its matcher: the pool's initializer, run once per worker."""
    builds = _WORKER.get("builds", 0) if _WORKER.get("pid") == os.getpid() else 0
    _WORKER.update(
        matcher=Matcher.from_prepared(prepared, threshold=threshold),
        pid=os.getpid(),
        builds=builds + 1,
    )


def screen_partition(
    rows: Sequence[tuple[int, dict[str, str]]], limit: int
) -> tuple[list[Screened], tuple[int, int]]:
    """Screen one partition with this process's matcher: (row number, hits, None), or (number,
    None, reason) for a row whose values cannot be screened; and (process id, matcher builds)."""
    matcher: Matcher = _WORKER["matcher"]
    out: list[Screened] = []
    for number, query in rows:
        try:
            out.append((number, [h.as_json() for h in matcher.screen(query, limit=limit)], None))
        except InputError as exc:
            out.append((number, None, str(exc)))
    return out, (os.getpid(), _WORKER["builds"])


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
    prepared: Prepared | None = None,
) -> BatchSummary:
    """Screen ``path`` into ``out`` with Dask on one pool of ``workers`` processes; resumable,
    with rejects, like the local batch. ``prepared``: the list already indexed (``entities``
    are then not indexed again)."""
    check_out(out)
    records = read_queries(path, encoding)  # a bad file fails here, before any output
    workers = max(1, workers)
    scheduler = "processes" if workers > 1 else "synchronous"
    outputs = BatchOutputs(out, path, on_error, engine=f"dask ({scheduler})")
    if prepared is None:
        prepared = Matcher(entities, threshold=threshold).prepared()
    pending = (r for r in records if r.number > outputs.summary.skipped)
    builds: dict[int, int] = {}
    try:
        with _pool(workers, prepared, threshold) as pool:
            while wave := list(itertools.islice(pending, workers * WAVE * partition_rows)):
                results = _compute(wave, partition_rows, limit, pool, builds)
                for record in wave:  # in input order, each row once
                    hits, reason = results.get(record.number, (None, record.error))
                    outputs.settle(record, hits, reason, record.field)
        outputs.summary.extra.update(
            partitions_of_rows=partition_rows,
            worker_processes=len(builds),
            matcher_builds=sum(builds.values()),
        )
    finally:
        outputs.close()
        _WORKER.clear()
    return outputs.summary


def _compute(
    wave: list[Record],
    partition_rows: int,
    limit: int,
    pool: ProcessPoolExecutor | None,
    builds: dict[int, int],
) -> dict[int, tuple[list[dict[str, Any]] | None, str | None]]:
    """The results of one wave of rows, by row number, computed on ``pool`` (or here)."""
    import dask.bag as db

    good = [(r.number, r.cells) for r in wave if r.cells is not None]
    parts = [good[i : i + partition_rows] for i in range(0, len(good), partition_rows)]
    results: dict[int, tuple[list[dict[str, Any]] | None, str | None]] = {}
    if not parts:
        return results
    bag = db.from_sequence(parts, npartitions=len(parts))  # type: ignore[no-untyped-call]
    done = bag.map(screen_partition, limit)
    if pool is None:
        computed = done.compute(scheduler="synchronous")
    else:
        computed = done.compute(scheduler="processes", pool=pool)
    for screened, (pid, count) in computed:
        builds[pid] = count
        for number, hits, reason in screened:
            results[number] = (hits, reason)
    return results


@contextmanager
def _pool(
    workers: int, prepared: Prepared, threshold: float
) -> Iterator[ProcessPoolExecutor | None]:
    """The batch's one pool of workers, each given the matcher once when it starts; None (and
    the matcher installed here) for one worker."""
    if workers == 1:
        install(prepared, threshold)
        yield None
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    if context.get_start_method() == "fork":
        from ctcoop.screening.matching.names import warm_person_tagger

        warm_person_tagger()  # built once here and shared, not once in every worker
    executor = ProcessPoolExecutor(
        workers, mp_context=context, initializer=install, initargs=(prepared, threshold)
    )
    try:
        yield executor
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
