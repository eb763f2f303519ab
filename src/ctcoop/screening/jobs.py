"""Batch screening jobs of the service: a CSV screened in the background, its progress polled,
its result downloaded (``POST /api/v1/screen/batch`` and the page ``/screen``).

The file is checked when it is submitted (a header with a ``name`` column, readable in its
encoding, at least one and at most :data:`MAX_ROWS` rows), so a bad file is refused at once with
its line and field; then :func:`~ctcoop.screening.matching.batch.screen_batch` screens it in a
thread, row by row, as ``ctcoop screen-batch`` does: rows that cannot be screened go to the
rejects with their reason, the others to the result CSV (``CSV_COLUMNS``).

Bounded: at most :data:`KEEP` jobs are kept (to make room the oldest finished one is dropped
with its files) and at most :data:`RUNNING` run at once; the files live in one temporary folder.
Job ids are random, so one user cannot guess another's.
"""

from __future__ import annotations

import csv
import dataclasses
import re
import secrets
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ctcoop.errors import CtcoopError, DataError, InputError, NotFoundError

if TYPE_CHECKING:
    from ctcoop.interfaces.shapes import BatchJobView
    from ctcoop.screening.service import Screener

__all__ = ["KEEP", "MAX_ROWS", "RUNNING", "BatchJobs", "Job"]

MAX_ROWS = 10_000
"""Rows of one file (about a minute of screening); larger files: ``ctcoop screen-batch``."""
KEEP = 20
"""Jobs kept, finished or not; the oldest finished one is dropped to make room."""
RUNNING = 2
"""Jobs running at once."""
PROBLEMS = 10
"""Reasons for rejected rows shown in a job's status (all are in its rejects CSV)."""
JobState = Literal["queued", "indexing", "running", "done", "failed"]


@dataclass
class Job:
    """One batch: the uploaded file's name, the lists, and how far it has come."""

    id: str
    name: str
    lists: tuple[str, ...]
    limit: int
    rows: int
    folder: Path
    encoding: str | None = None
    state: JobState = "queued"
    done: int = 0
    matched: int = 0
    rejected: int = 0
    problems: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def input(self) -> Path:
        return self.folder / "input.csv"

    @property
    def out(self) -> Path:
        return self.folder / "result.csv"

    @property
    def rejects(self) -> Path:
        from ctcoop.screening.matching.batch import rejects_path

        return rejects_path(self.out)

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    def filename(self, suffix: str) -> str:
        """The download's name: the uploaded file's, with ``suffix``."""
        stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(self.name).stem)[:60].strip("._") or "batch"
        return f"{stem}-{suffix}.csv"

    def view(self, base: str) -> BatchJobView:
        """The job's status; ``base`` is the address its files are served under."""
        done = self.state == "done"
        return {
            "id": self.id,
            "name": self.name,
            "state": self.state,
            "lists": list(self.lists),
            "limit": self.limit,
            "rows": self.rows,
            "done": self.done,
            "matched": self.matched,
            "rejected": self.rejected,
            "problems": list(self.problems),
            "error": self.error,
            "result": f"{base}/{self.id}/result.csv" if done else None,
            "rejects": f"{base}/{self.id}/rejects.csv" if done and self.rejected else None,
        }


class BatchJobs:
    """The service's batch jobs, bounded in number (:data:`KEEP`) and in running ones."""

    def __init__(
        self,
        screener: Screener,
        *,
        keep: int = KEEP,
        running: int = RUNNING,
        max_rows: int = MAX_ROWS,
    ) -> None:
        self.screener = screener
        self.keep, self.running, self.max_rows = keep, running, max_rows
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._folder: Path | None = None

    def submit(
        self,
        data: bytes,
        name: str,
        lists: Sequence[str] | None = None,
        limit: int = 5,
        encoding: str | None = None,
    ) -> Job:
        """Check the file and start screening it; InputError (naming the line and field, and
        the fix) for a bad file or when the service is busy."""
        chosen = self.screener.chosen(lists)
        folder = Path(tempfile.mkdtemp(prefix="job-", dir=self._root()))
        job = Job(secrets.token_urlsafe(9), name, chosen, limit, 0, folder, encoding)
        try:
            job.input.write_bytes(data)
            job.rows = self._count(job)
            with self._lock:
                self._make_room()
                self._jobs[job.id] = job
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        threading.Thread(target=self._run, args=(job,), name="ctcoop-batch", daemon=True).start()
        return job

    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise NotFoundError("batch job", job_id)
        return job

    def file(self, job_id: str, which: Literal["result", "rejects"]) -> tuple[Job, bytes]:
        """The result (or rejects) CSV of a finished job."""
        job = self.get(job_id)
        if job.state != "done":
            raise InputError(
                f"job: the batch {job_id} is {job.state} ({job.done} of {job.rows} rows); "
                "fetch its files when its state is done",
                argument="job",
            )
        path = job.out if which == "result" else job.rejects
        if not path.exists():
            raise NotFoundError(f"{which} of the batch", job_id)
        return job, path.read_bytes()

    def close(self) -> None:
        """Remove every job's files (the jobs are forgotten)."""
        with self._lock:
            self._jobs.clear()
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)
                self._folder = None

    def _root(self) -> Path:
        with self._lock:
            if self._folder is None or not self._folder.is_dir():
                self._folder = Path(tempfile.mkdtemp(prefix="ctcoop-batches-"))
            return self._folder

    def _make_room(self) -> None:
        """Under the lock: refuse when too many run; drop the oldest finished to keep ``keep``."""
        active = sum(not j.finished for j in self._jobs.values())
        if active >= self.running:
            raise InputError(
                f"file: {active} batches are running, the most this service runs at once; "
                "send the file again when one has finished",
                argument="file",
            )
        while len(self._jobs) >= self.keep:
            oldest = next((j for j in self._jobs.values() if j.finished), None)
            if oldest is None:
                break
            del self._jobs[oldest.id]
            shutil.rmtree(oldest.folder, ignore_errors=True)

    def _count(self, job: Job) -> int:
        """The data rows of the job's file, read through once; InputError for a bad file."""
        from ctcoop.screening.matching.rows import read_records

        rows = 0
        try:
            _, records = read_records(job.input, ("name",), job.encoding)
            for _ in records:
                rows += 1
                if rows > self.max_rows:
                    raise InputError(
                        f"file: {job.name} has over {self.max_rows:,} rows; at most "
                        f"{self.max_rows:,} are screened in one batch: split the file, or use "
                        "ctcoop screen-batch",
                        argument="file",
                    )
        except DataError as exc:
            first = exc.problems[0]  # the fix as the API takes it, not the command line's
            fix = first.fix.replace("--encoding ", "?encoding=")
            problem = dataclasses.replace(first, file=job.name, fix=fix)
            raise InputError(f"file: {problem}", argument="file") from None
        if rows == 0:
            raise InputError(
                f"file: {job.name} has a header but no rows; put one name a row below it",
                argument="file",
            )
        return rows

    def _run(self, job: Job) -> None:
        from ctcoop.screening.matching.batch import screen_batch

        try:
            job.state = "indexing"
            matcher, _ = self.screener.matcher(job.lists)
            job.state = "running"

            def progress(count: int) -> None:
                job.done += count

            summary = screen_batch(
                matcher, job.input, job.out, job.limit, progress, encoding=job.encoding
            )
            job.matched, job.rejected = summary.matched, summary.rejected
            job.problems = _problems(job.rejects)
            job.state = "done"
        except CtcoopError as exc:
            job.error, job.state = str(exc), "failed"
        except Exception as exc:  # a thread's error must reach its poller, not vanish
            job.error = f"the batch stopped on an unexpected error ({exc.__class__.__name__})"
            job.state = "failed"
        finally:
            job.input.unlink(missing_ok=True)


def _problems(rejects: Path) -> list[str]:
    """The first reasons in a rejects file: ``line 3, field dob: ...``."""
    if not rejects.exists():
        return []
    with rejects.open(encoding="utf-8", newline="") as handle:
        out = []
        for row in csv.DictReader(handle):
            where = f"line {row['line']}" + (f", field {row['field']}" if row["field"] else "")
            out.append(f"{where}: {row['reason']}")
            if len(out) == PROBLEMS:
                break
    return out
