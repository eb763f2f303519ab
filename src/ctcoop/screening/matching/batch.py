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
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "rows_screened": self.rows,
            "rows_skipped_already_done": self.skipped,
            "rows_with_a_match": self.matched,
            "hits_reported": self.hits,
            "out": self.out,
            "engine": self.engine,
            **self.extra,
        }


def _open_csv(path: Path) -> IO[str]:
    if not path.is_file():
        raise InputError(f"no such file: {path}", argument="IN")
    return path.open(encoding="utf-8-sig", newline="")


def read_queries(path: Path) -> Iterator[Row]:
    """(line number, query) for each row of a CSV with a ``name`` column; DataError if bad."""
    with _open_csv(path) as handle:
        reader = csv.DictReader(handle)
        header = [h.strip().lower() for h in reader.fieldnames or []]
        if "name" not in header:
            raise DataError(
                [
                    Problem(
                        str(path),
                        1,
                        "name",
                        "the header has no 'name' column",
                        "start the file with a header: name,id,dob,country,schema",
                    )
                ]
            )
        for raw in reader:
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
            line = reader.line_num
            if not row.get("name"):
                raise DataError(
                    [
                        Problem(
                            str(path),
                            line,
                            "name",
                            "the name is empty",
                            "give a name on every row, or remove the row",
                        )
                    ]
                )
            yield line, {k: row[k] for k in QUERY_COLUMNS if row.get(k)}


def read_pairs(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each row of a CSV with ``name1`` and ``name2`` (and ``schema``)."""
    with _open_csv(path) as handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in reader.fieldnames or []]
        missing = [c for c in ("name1", "name2") if c not in header]
        if missing:
            raise DataError(
                [
                    Problem(
                        str(path),
                        1,
                        missing[0],
                        f"the header has no {missing[0]!r} column",
                        "start the file with: schema,name1,name2",
                    )
                ]
            )
        for raw in reader:
            yield reader.line_num, {k: (v or "").strip() for k, v in raw.items() if k}


def done_rows(out: Path) -> int:
    """How many results ``out`` already holds; cuts off a half-written last line."""
    if not out.exists():
        return 0
    data = out.read_bytes()
    if data and not data.endswith(b"\n"):
        data = data[: data.rfind(b"\n") + 1]
        out.write_bytes(data)
    lines = data.count(b"\n")
    return max(0, lines - 1) if out.suffix.lower() == ".csv" else lines


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
    ]


def screen_query(
    matcher: Matcher, line: int, path: Path, query: dict[str, str], limit: int
) -> list[dict[str, Any]]:
    """The hits of one row; a bad value becomes a DataError naming the file, line and field."""
    try:
        return [h.as_json() for h in matcher.screen(query, limit=limit)]
    except InputError as exc:
        field_name = {"birthDate": "dob", "country": "country"}.get(exc.argument or "", "")
        raise DataError(
            [
                Problem(
                    str(path),
                    line,
                    field_name or exc.argument,
                    str(exc),
                    "correct the value, or leave the cell empty",
                )
            ]
        ) from None


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
) -> BatchSummary:
    """Screen every row of ``path`` against ``matcher`` into ``out``, resuming if possible."""
    check_out(out)
    skip = done_rows(out)
    summary = BatchSummary(skipped=skip, out=str(out))
    writer = ResultWriter(out, fresh=not out.exists() or out.stat().st_size == 0)
    try:
        for number, (line, query) in enumerate(read_queries(path), start=1):
            if number <= skip:
                continue
            hits = screen_query(matcher, line, path, query, limit)
            writer.write(number, query, hits)
            summary.rows += 1
            summary.hits += len(hits)
            summary.matched += any(h["match"] for h in hits)
            if progress is not None:
                progress(1)
    finally:
        writer.close()
    return summary


def compare_batch(
    path: Path,
    out: Path,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Score every pair of ``path`` (schema,name1,name2) into ``out`` with score and match."""
    if out.suffix.lower() != ".csv":
        raise InputError(f"--out: {out} must end in .csv", argument="out")
    summary = BatchSummary(out=str(out))
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer: csv.DictWriter[str] | None = None
        for line, row in read_pairs(path):
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
    return summary
