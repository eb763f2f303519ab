"""Batch jobs of the service: a bad file refused at once with its line and field; progress to the
end; at most so many jobs kept and running."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from followthemoney import model

from ctcoop.errors import InputError, NotFoundError
from ctcoop.screening.jobs import BatchJobs, Job
from ctcoop.screening.matching import Matcher


class FakeScreener:
    """The two things jobs ask of the screener; ``gate`` holds every job at its index."""

    def __init__(self) -> None:
        person = model.make_entity("Person")
        person.id = "p1"
        person.add("name", "Jane Example")
        person.add("notes", "Reportedly deceased in 2015.")
        self.matcher_ = Matcher([person])
        self.gate = threading.Event()
        self.gate.set()

    def chosen(self, lists: Sequence[str] | None) -> tuple[str, ...]:
        return tuple(lists or ("un",))

    def matcher(self, lists: Sequence[str] | None = None) -> tuple[Any, list[Any]]:
        self.gate.wait(10)
        return self.matcher_, []


@pytest.fixture
def screener() -> FakeScreener:
    return FakeScreener()


@pytest.fixture
def jobs(screener: FakeScreener) -> Iterator[BatchJobs]:
    found = BatchJobs(screener, keep=2, running=1, max_rows=3)  # type: ignore[arg-type]
    yield found
    found.close()


def finished(job: Job) -> Job:
    for _ in range(200):
        if job.finished:
            return job
        time.sleep(0.02)
    raise AssertionError(f"job {job.id} is still {job.state}")


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "list.csv:1: no header: the file is empty"),
        (b"nom,dob\nJane,1970\n", "list.csv:1: field 'name': the header has no 'name' column"),
        (b"name\n", "has a header but no rows"),
        (b"name\nA\nB\nC\nD\n", "has over 3 rows"),
        (b"name\nJane\n\xff\xfe\n", "list.csv:3: the file is not utf-8"),
        (b"%PDF-1.4\n\x00\x01", "field 'name': the header has no 'name' column"),
    ],
)
def test_a_bad_file_is_refused_with_its_line(jobs: BatchJobs, data: bytes, says: str) -> None:
    with pytest.raises(InputError, match=r"^file: ") as caught:
        jobs.submit(data, "list.csv")
    assert says in str(caught.value)
    assert "Traceback" not in str(caught.value)


def test_a_job_runs_to_the_end_with_its_result(jobs: BatchJobs) -> None:
    job = finished(jobs.submit(b"name,dob\nJane Example,\nJohn,soon\n", "my list.csv"))
    view = job.view("/b")
    assert (view["state"], view["rows"], view["done"]) == ("done", 2, 2)
    assert (view["matched"], view["rejected"]) == (1, 1)
    assert view["problems"] == [
        "line 3, field dob: dob: 'soon' is not understood; write YYYY, YYYY-MM or YYYY-MM-DD"
    ]
    assert view["result"] == f"/b/{job.id}/result.csv" and view["rejects"]
    found, data = jobs.file(job.id, "result")
    text = data.decode()
    assert text.splitlines()[0].endswith(",explanations,notices")
    assert "deceased: Reportedly deceased in 2015." in text
    assert found.filename("screened") == "my_list-screened.csv"
    assert not job.input.exists()  # the upload is not kept once screened


def test_at_most_so_many_run_and_are_kept(jobs: BatchJobs, screener: FakeScreener) -> None:
    screener.gate.clear()
    first = jobs.submit(b"name\nJane Example\n", "a.csv")
    with pytest.raises(InputError, match="1 batches are running"):
        jobs.submit(b"name\nJane Example\n", "b.csv")
    with pytest.raises(InputError, match="fetch its files when its state is done"):
        jobs.file(first.id, "result")
    screener.gate.set()
    finished(first)
    second = finished(jobs.submit(b"name\nJane Example\n", "b.csv"))
    third = finished(jobs.submit(b"name\nJane Example\n", "c.csv"))  # keep=2: the first goes
    with pytest.raises(NotFoundError):
        jobs.get(first.id)
    assert not first.folder.exists()
    assert jobs.get(second.id) is second and jobs.get(third.id) is third
