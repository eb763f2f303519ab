"""The Dask batch: one pool of workers for the whole batch, each building its matcher once; the
same rows, in the same order, as the local batch; the same output in every process."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ctcoop.screening.lists import load_list
from ctcoop.screening.matching import Matcher
from ctcoop.screening.matching.batch import screen_batch

pytest.importorskip("dask.bag", reason="dask is not installed")

from ctcoop.screening.matching import distributed

LIST = Path(__file__).parent / "fixtures" / "mini-un.xml"
NAMES = [
    "Karim Hassan",
    "Kareem Hasan al-Fulani",
    "Ivan Petrovich",
    "Иван Петрович",
    "Maria Exampel",
    "Hassan Karim",
    "Ivan Sidorov",
    "Maria Example",
    "",  # rejected: no name
    "Petrovich Ivan",
]


def _customers(path: Path, copies: int = 2) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "dob"])
        for n in range(copies):
            for i, name in enumerate(NAMES):
                writer.writerow([f"c{n}-{i}", name, "1970" if i % 3 == 0 else ""])
    return path


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_list(LIST).entities)


@pytest.mark.parametrize("workers", [1, 2])
def test_one_pool_for_the_batch_each_worker_builds_its_matcher_once(
    matcher: Matcher, tmp_path: Path, workers: int
) -> None:
    customers = _customers(tmp_path / "in.csv", copies=3)  # 30 rows: four waves of 8 or fewer
    local, dask_out = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    screen_batch(matcher, customers, local)
    summary = distributed.screen_batch_dask(
        [], customers, dask_out, workers=workers, partition_rows=2, prepared=matcher.prepared()
    )
    processes = summary.extra["worker_processes"]
    assert 1 <= processes <= workers
    assert summary.extra["matcher_builds"] == processes  # once per worker, not once per wave
    assert (summary.rows, summary.rejected) == (27, 3)
    assert dask_out.read_text(encoding="utf-8") == local.read_text(encoding="utf-8")


def test_a_resumed_run_goes_on_after_the_rows_done(matcher: Matcher, tmp_path: Path) -> None:
    customers = _customers(tmp_path / "in.csv")
    whole, resumed = tmp_path / "whole.jsonl", tmp_path / "resumed.jsonl"
    prepared = matcher.prepared()
    distributed.screen_batch_dask([], customers, whole, workers=2, prepared=prepared)
    lines = whole.read_text(encoding="utf-8").splitlines(keepends=True)
    resumed.write_text("".join(lines[:5]) + lines[5][:10], encoding="utf-8")  # cut mid-line
    summary = distributed.screen_batch_dask([], customers, resumed, workers=2, prepared=prepared)
    assert summary.skipped == 5
    assert resumed.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8")


def test_entities_are_indexed_when_no_index_is_given(tmp_path: Path) -> None:
    customers = _customers(tmp_path / "in.csv", copies=1)
    out = tmp_path / "out.jsonl"
    entities = list(load_list(LIST).entities)
    summary = distributed.screen_batch_dask(entities, customers, out, workers=1)
    assert summary.rows == 9 and summary.extra["matcher_builds"] == 1


RUN = """
import sys
from pathlib import Path
from ctcoop.kb.store import DataStore
from ctcoop.screening.store import ScreeningStore
from ctcoop.screening.matching.batch import screen_batch
from ctcoop.screening.matching.distributed import screen_batch_dask

data, names, out, engine = sys.argv[1:5]
screening = ScreeningStore.open(DataStore(Path(data)))
version = screening.active("un") or screening.load(Path(sys.argv[5])).version
matcher = screening.matcher([version])
if engine == "local":
    screen_batch(matcher, Path(names), Path(out))
else:
    screen_batch_dask([], Path(names), Path(out), workers=2, prepared=matcher.prepared())
"""


def test_runs_in_processes_with_other_hash_seeds_give_the_same_rows(tmp_path: Path) -> None:
    """The first process indexes and persists the list; the others read it back, with other
    hash seeds, one of them on the Dask pool: every output is the same, row for row."""
    customers = _customers(tmp_path / "in.csv", copies=1)
    data = tmp_path / "data"
    outputs = []
    for seed, engine in (("1", "local"), ("2", "local"), ("3", "dask")):
        out = tmp_path / f"out-{seed}.jsonl"
        subprocess.run(
            [sys.executable, "-c", RUN, str(data), str(customers), str(out), engine, str(LIST)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            capture_output=True,
        )
        outputs.append(out.read_text(encoding="utf-8").splitlines())
    assert len(outputs[0]) == 9
    assert outputs[1] == outputs[0]
    assert outputs[2] == outputs[0]
