"""Screening start-up, local against distributed batches, and repeatability (for screening.py).

- first query after ``lists load``: the list is loaded into an empty data store by
  ``ctcoop lists load`` (which indexes it and persists the index), then a new process screens
  one name, timed from its start to its exit: with the persisted index, with a query whose name
  parts the list knows and with one it does not, and without the persisted index;
- local against distributed: the same 10,000 names (yente's negatives and treated positives,
  queried as the rest of the benchmark queries them) screened by the local batch and by the
  Dask batch on one pool of two workers, both from the same indexed list, in this process;
- repeatability: the same names screened again in a new process with another
  ``PYTHONHASHSEED``, by ``ctcoop screen-batch --list-file`` (which indexes the list itself),
  and its output compared row for row with the first run's (and the Dask run's).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

Row = tuple[str, str, str, str]
NOTES = [
    "- The first-query times run from the start of a new process to its exit; the queries go "
    "through the library (`ScreeningStore.matcher`), as `ctcoop screen` and the API do once "
    "they read the persisted index. A query with a name part that no listed name has needs "
    "rigour's person-name tagger, which is built inside rigour's compiled core (seconds, once "
    "per process) and cannot be persisted; the parts of the list's names are persisted with "
    "the index, so a query made of them needs no tagger.",
    "- Both batches start from the same indexed list with rigour's tagger already built in the "
    "calling process; the Dask workers are forked from it. The other row is a new process "
    "that indexes the list itself, so it also checks that a persisted index gives what a "
    "fresh one does.",
]
KNOWN_QUERY = "Aiman al-Zawahiri"  # listed: every part of it is a part of a listed name
NEW_QUERY = "Jonathan Smithfield"  # parts no listed name has: rigour's person tagger is built

FIRST_QUERY = """
import os, sys
from pathlib import Path
from ctcoop.kb.store import DataStore
from ctcoop.screening.store import ScreeningStore
screening = ScreeningStore.open(DataStore(Path(os.environ["CTCOOP_DATA_DIR"])))
if sys.argv[2] == "none":
    screening.index_cache = None
version = screening.active("un")
hits = screening.matcher([version]).screen({"name": sys.argv[1]}, limit=5)
print(len(hits))
"""


def _timed_process(args: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def bench_first_query(list_path: Path, repeats: int = 3) -> list[Row]:
    """Seconds from a new process's start to its first answer, after ``lists load``."""
    python = sys.executable
    out: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "CTCOOP_DATA_DIR": str(Path(folder) / "data")}
        load = _timed_process([python, "-m", "ctcoop", "lists", "load", str(list_path)], env)
        cases: list[tuple[str, list[str], str]] = [
            ("bare interpreter (`python -c pass`)", [python, "-c", "pass"], ""),
            (
                "`import followthemoney` alone",
                [python, "-c", "import followthemoney"],
                "",
            ),
            (
                f"persisted index, a query of listed parts ('{KNOWN_QUERY}')",
                [python, "-c", FIRST_QUERY, KNOWN_QUERY, "cache"],
                "< 2 s",
            ),
            (
                f"persisted index, a query with new parts ('{NEW_QUERY}')",
                [python, "-c", FIRST_QUERY, NEW_QUERY, "cache"],
                "< 2 s",
            ),
            (
                f"without the persisted index ('{KNOWN_QUERY}')",
                [python, "-c", FIRST_QUERY, KNOWN_QUERY, "none"],
                "",
            ),
            (
                f"`ctcoop screen '{KNOWN_QUERY}'` (the command as it is wired today)",
                [python, "-m", "ctcoop", "screen", KNOWN_QUERY],
                "",
            ),
        ]
        for label, args, target in cases:
            times = sorted(_timed_process(args, env) for _ in range(repeats))
            out.append((label, f"{times[len(times) // 2]:.2f} s", f"median of {repeats}", target))
    out.insert(
        0, ("`ctcoop lists load` (parses, stores, indexes, persists)", f"{load:.1f} s", "", "")
    )
    return out


def write_names(
    rows: Sequence[dict[str, str]], path: Path, query_of: Callable[[dict[str, str]], Any]
) -> int:
    """The queries of ``rows`` as a batch CSV (id, name, dob, country); how many."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["id", "name", "dob", "country"])
        writer.writeheader()
        for n, row in enumerate(rows):
            query = query_of(row)
            writer.writerow(
                {
                    "id": f"q{n}",
                    "name": query["name"],
                    "dob": query.get("dob", ""),
                    "country": query.get("country", ""),
                }
            )
    return len(rows)


def table(rows: list[Row]) -> str:
    lines = ["| what | measured | how | target / ratio |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def compare_rows(a: Path, b: Path) -> tuple[int, int]:
    """(rows compared, rows differing) of two result files, line by line."""
    left = a.read_text(encoding="utf-8").splitlines()
    right = b.read_text(encoding="utf-8").splitlines()
    differing = sum(1 for x, y in zip(left, right, strict=False) if x != y)
    return max(len(left), len(right)), differing + abs(len(left) - len(right))


def bench_batches(
    list_path: Path, names: Path, count: int, matcher: Any, workers: int = 2
) -> list[Row]:
    """Local against distributed on the same names and list; then a repeat in a new process."""
    from ctcoop.screening.matching.batch import screen_batch
    from ctcoop.screening.matching.distributed import screen_batch_dask
    from ctcoop.screening.matching.engine import Matcher

    prepared = matcher.prepared()
    folder = names.parent
    local, dask_out, again = (folder / f"{n}.jsonl" for n in ("local", "dask", "again"))
    start = time.perf_counter()
    screen_batch(Matcher.from_prepared(prepared), names, local)
    t_local = time.perf_counter() - start
    start = time.perf_counter()
    summary = screen_batch_dask([], names, dask_out, workers=workers, prepared=prepared)
    t_dask = time.perf_counter() - start
    seed = "12345" if os.environ.get("PYTHONHASHSEED") != "12345" else "54321"
    env = {**os.environ, "PYTHONHASHSEED": seed}
    args = ["screen-batch", str(names), "--out", str(again), "--list-file", str(list_path)]
    t_again = _timed_process([sys.executable, "-m", "ctcoop", *args], env)
    rows, differing = compare_rows(local, again)
    rows_d, differing_d = compare_rows(local, dask_out)
    cores = os.cpu_count() or 1
    builds = summary.extra.get("matcher_builds")
    return [
        (
            f"local batch, {count:,} names, 1 process",
            f"{t_local:.1f} s ({count / t_local:,.0f} names/s)",
            "",
            "",
        ),
        (
            f"Dask batch, {count:,} names, one pool of {workers} workers ({cores} cores)",
            f"{t_dask:.1f} s ({count / t_dask:,.0f} names/s)",
            f"{summary.extra.get('worker_processes')} worker processes, matcher built "
            f"{builds} times, pool started once",
            f"{t_local / t_dask:.2f}x local",
        ),
        (
            "two runs row for row: the local run against a new process's run "
            f"(`ctcoop screen-batch --list-file`, PYTHONHASHSEED={seed}, {t_again:.0f} s)",
            f"{rows:,} rows compared, {differing:,} differing",
            "",
            "identical" if not differing else "DIFFERENT",
        ),
        (
            "the local run against the Dask run, row for row",
            f"{rows_d:,} rows compared, {differing_d:,} differing",
            "",
            "identical" if not differing_d else "DIFFERENT",
        ),
    ]
