"""Batch screening and batch comparison: CSV in, JSONL or CSV out, streamed and resumable.

Input rows are read one at a time and each result is written (and flushed) as soon as it is
known, in input order, one output line per input row. When the output file already holds
results (an earlier run was interrupted), those rows are skipped: the run goes on where it
stopped. A half-written last line is cut off first.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ctcoop.errors import CtcoopError, DataError, InputError, Problem
from ctcoop.screening.matching.engine import DEFAULT_THRESHOLD, Matcher, compare
from ctcoop.screening.matching.rows import Record, complete_records, read_records

ON_ERROR = ("skip", "stop")
REJECT_COLUMNS = ("row", "line", "field", "reason", "input")

__all__ = [
    "CSV_COLUMNS",
    "BatchSummary",
    "compare_batch",
    "done_rows",
    "read_pairs",
    "read_queries",
    "result_line",
    "screen_batch",
]

QUERY_COLUMNS = ("name", "id", "dob", "country", "schema")
CSV_COLUMNS = (
    "row",
    "id",
    "name",
    "dob",
    "country",
    "schema",
    "hits",
    "match",
    "top_id",
    "top_name",
    "top_score",
    "regime",
    "reference_number",
    "explanations",
    "notices",
)
Row = tuple[int, dict[str, str]]


@dataclass
class BatchSummary:
    """What a batch run did."""

    rows: int = 0
    skipped: int = 0
    matched: int = 0
    hits: int = 0
    out: str = ""
    engine: str = "local"
    rejected: int = 0
    rejects: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "rows_read": self.rows + self.rejected,
            "rows_screened": self.rows,
            "rows_rejected": self.rejected,
            "rows_skipped_already_done": self.skipped,
            "rows_with_a_match": self.matched,
            "hits_reported": self.hits,
            "out": self.out,
            "rejects": self.rejects,
            "engine": self.engine,
            **self.extra,
        }


def _open_csv(path: Path) -> IO[str]:
    if not path.is_file():
        raise InputError(f"no such file: {path}", argument="IN")
    return path.open(encoding="utf-8-sig", newline="")


def read_queries(path: Path, encoding: str | None = None) -> Iterator[Record]:
    """Every record of a CSV with a ``name`` column: its query (the known columns), or why it
    was rejected (malformed CSV, too many fields, an empty name). DataError for a bad file,
    raised on the call (the header is read now), before any output is opened."""
    _, records = read_records(path, ("name",), encoding)
    return _queries(records)


def _queries(records: Iterator[Record]) -> Iterator[Record]:
    for record in records:
        if record.cells is not None and not record.cells.get("name"):
            yield Record(record.number, record.line, None, record.raw, "the name is empty", "name")
        elif record.cells is not None:
            query = {k: record.cells[k] for k in QUERY_COLUMNS if record.cells.get(k)}
            yield Record(record.number, record.line, query, record.raw)
        else:
            yield record


def read_pairs(path: Path, encoding: str | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each row of a CSV with ``name1`` and ``name2`` (and ``schema``);
    a malformed row is a DataError naming its line (read like ``screen-batch`` input)."""
    _, records = read_records(path, ("name1", "name2"), encoding)  # the header checked now
    return _pairs(path, records)


def _pairs(path: Path, records: Iterator[Record]) -> Iterator[tuple[int, dict[str, str]]]:
    for record in records:
        if record.cells is None:
            raise DataError(
                [Problem(str(path), record.line, record.field, record.error or "", "correct it")]
            )
        yield record.line, {k: v for k, v in record.cells.items() if k}


def done_rows(out: Path) -> int:
    """How many results ``out`` already holds; cuts off a half-written last line."""
    if out.suffix.lower() == ".csv":
        return max(0, complete_records(out) - 1)  # quote-aware; the header is not a result
    if not out.exists():
        return 0
    data = out.read_bytes()
    if data and not data.endswith(b"\n"):
        data = data[: data.rfind(b"\n") + 1]
        out.write_bytes(data)
    return data.count(b"\n")


def rejects_path(out: Path) -> Path:
    """Where the rows that could not be screened go, beside the results."""
    return out.with_name(out.name + ".rejects.csv")


class RejectWriter:
    """The rejects file: row, line, field, reason and the input as read; opened on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: IO[str] | None = None

    def write(self, record: Record, reason: str, field_name: str | None) -> None:
        if self.handle is None:
            fresh = not self.path.exists() or self.path.stat().st_size == 0
            self.handle = self.path.open("a", encoding="utf-8", newline="")
            if fresh:
                csv.writer(self.handle).writerow(REJECT_COLUMNS)
        raw = record.raw.rstrip("\r\n")
        csv.writer(self.handle).writerow(
            [record.number, record.line, field_name or "", reason, raw[:2000]]
        )
        self.handle.flush()

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


def result_line(query: dict[str, str], hits: list[dict[str, Any]]) -> dict[str, Any]:
    """One JSONL line: the query and its hits."""
    return {"query": query, "results": hits}


def csv_row(row: int, query: dict[str, str], hits: list[dict[str, Any]]) -> list[Any]:
    top = hits[0] if hits else {}
    return [
        row,
        query.get("id", ""),
        query.get("name", ""),
        query.get("dob", ""),
        query.get("country", ""),
        query.get("schema", ""),
        len(hits),
        any(h["match"] for h in hits),
        top.get("id", ""),
        top.get("name", ""),
        top.get("score", ""),
        top.get("regime") or "",
        top.get("reference_number") or "",
        " | ".join(top.get("explanations", [])),
        " | ".join(f"{n['kind']}: {n['text']}" for n in top.get("notices", [])),
    ]


def screen_query(
    matcher: Matcher, line: int, path: Path, query: dict[str, str], limit: int
) -> list[dict[str, Any]]:
    """The hits of one row; a bad value becomes a DataError naming the file, line and field."""
    try:
        return [h.as_json() for h in matcher.screen(query, limit=limit)]
    except InputError as exc:
        raise DataError([_problem(path, line, exc)]) from None


def _problem(path: Path, line: int, exc: InputError) -> Problem:
    field_name = {"birthDate": "dob", "country": "country"}.get(exc.argument or "", "")
    return Problem(
        str(path),
        line,
        field_name or exc.argument,
        str(exc),
        "correct the value, or leave it empty",
    )


class ResultWriter:
    def __init__(self, out: Path, fresh: bool) -> None:
        self.jsonl = out.suffix.lower() != ".csv"
        self.handle = out.open("a", encoding="utf-8", newline="")
        self.csv = csv.writer(self.handle)
        if fresh and not self.jsonl:
            self.csv.writerow(CSV_COLUMNS)

    def write(self, row: int, query: dict[str, str], hits: list[dict[str, Any]]) -> None:
        if self.jsonl:
            self.handle.write(json.dumps(result_line(query, hits), ensure_ascii=False) + "\n")
        else:
            self.csv.writerow(csv_row(row, query, hits))
        self.handle.flush()

    def close(self) -> None:
        self.handle.close()


def check_out(out: Path) -> None:
    if out.suffix.lower() not in (".csv", ".jsonl", ".json"):
        raise InputError(f"--out: {out} must end in .csv or .jsonl", argument="out")
    if not out.parent.exists():
        raise InputError(f"--out: the folder {out.parent} does not exist", argument="out")


def screen_batch(
    matcher: Matcher,
    path: Path,
    out: Path,
    limit: int = 5,
    progress: Callable[[int], None] | None = None,
    *,
    on_error: str = "skip",
    encoding: str | None = None,
) -> BatchSummary:
    """Screen every row of ``path`` against ``matcher`` into ``out``, resuming if possible.

    A row that cannot be screened (malformed, an empty name, a date or country not understood)
    goes to the rejects file with its reason (``on_error="skip"``) or stops the run (``"stop"``).
    Each row goes to exactly one of the two files, so a resumed run skips exactly the rows done.
    """
    check_out(out)
    records = read_queries(path, encoding)  # a bad file fails here, before any output
    outputs = BatchOutputs(out, path, on_error)
    try:
        for record in records:
            if record.number <= outputs.summary.skipped:
                continue
            hits, reason, field_name = _screen_record(matcher, record, limit)
            outputs.settle(record, hits, reason, field_name)
            if progress is not None:
                progress(1)
    finally:
        outputs.close()
    return outputs.summary


class BatchOutputs:
    """Where each screened row ends: a result line in ``out``, or its reason in the rejects file
    beside it (or the run stops, with ``on_error="stop"``). Each row goes to exactly one of
    the two, so the rows already in them are the rows a resumed run skips."""

    def __init__(self, out: Path, path: Path, on_error: str, engine: str = "local") -> None:
        if on_error not in ON_ERROR:
            raise InputError(f"--on-error: use one of {', '.join(ON_ERROR)}", argument="on-error")
        bad = rejects_path(out)
        skip = done_rows(out) + max(0, complete_records(bad) - 1)
        self.summary = BatchSummary(skipped=skip, out=str(out), rejects=str(bad), engine=engine)
        self.path, self.on_error = path, on_error
        self.writer = ResultWriter(out, fresh=not out.exists() or out.stat().st_size == 0)
        self.rejects = RejectWriter(bad)

    def settle(
        self,
        record: Record,
        hits: list[dict[str, Any]] | None,
        reason: str | None,
        field_name: str | None,
    ) -> None:
        if hits is None:
            if self.on_error == "stop":
                raise DataError(
                    [Problem(str(self.path), record.line, field_name, reason or "", "correct it")]
                )
            self.rejects.write(record, reason or "", field_name)
            self.summary.rejected += 1
            return
        self.writer.write(record.number, record.cells or {}, hits)
        self.summary.rows += 1
        self.summary.hits += len(hits)
        self.summary.matched += any(h["match"] for h in hits)

    def close(self) -> None:
        self.writer.close()
        self.rejects.close()


def _screen_record(
    matcher: Matcher, record: Record, limit: int
) -> tuple[list[dict[str, Any]] | None, str | None, str | None]:
    if record.cells is None:
        return None, record.error, record.field
    try:
        return [h.as_json() for h in matcher.screen(record.cells, limit=limit)], None, None
    except InputError as exc:
        field_name = {"birthDate": "dob", "country": "country"}.get(exc.argument or "", "")
        return None, str(exc), field_name or exc.argument


def compare_batch(
    path: Path,
    out: Path,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Callable[[int], None] | None = None,
    encoding: str | None = None,
) -> BatchSummary:
    """Score every pair of ``path`` (schema,name1,name2) into ``out`` with score and match."""
    if out.suffix.lower() != ".csv":
        raise InputError(f"--out: {out} must end in .csv", argument="out")
    summary = BatchSummary(out=str(out))
    pairs = read_pairs(path, encoding)
    part = out.with_name(out.name + ".part")  # the output is replaced only by a complete run
    try:
        _compare_into(part, pairs, path, threshold, summary, progress)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    part.replace(out)
    return summary


def _compare_into(
    part: Path,
    pairs: Iterator[tuple[int, dict[str, str]]],
    path: Path,
    threshold: float,
    summary: BatchSummary,
    progress: Callable[[int], None] | None,
) -> None:
    with part.open("w", encoding="utf-8", newline="") as handle:
        writer: csv.DictWriter[str] | None = None
        for line, row in pairs:
            for column in ("name1", "name2"):
                if not row.get(column):
                    raise DataError(
                        [
                            Problem(
                                str(path),
                                line,
                                column,
                                f"{column} is empty",
                                "give both names on every row",
                            )
                        ]
                    )
            try:
                score, _ = compare(row["name1"], row["name2"], row.get("schema") or "Person")
            except CtcoopError as exc:
                raise DataError(
                    [
                        Problem(
                            str(path),
                            line,
                            "schema",
                            str(exc),
                            "use Person, Organization, Company or Vessel",
                        )
                    ]
                ) from None
            if writer is None:
                writer = csv.DictWriter(handle, [*row.keys(), "score", "match"])
                writer.writeheader()
            writer.writerow({**row, "score": score, "match": score >= threshold})
            summary.rows += 1
            summary.matched += score >= threshold
            if progress is not None:
                progress(1)
