"""Open data: how long the exports take on the shipped knowledge base (RDF graph, Turtle, the
SHACL check, the CSV package), and the SPARQL endpoint: starting its worker, then each of the ten
documented queries (docs/sparql.md) beside a trivial query of the same endpoint in the same run.
Writes its section of docs/benchmarks.md.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import write_section  # noqa: E402 - the benchmarks folder is not a package

RUNS = 5


def timed(work: Callable[[], Any], runs: int = RUNS) -> tuple[float, Any]:
    """The median of ``runs`` timings (seconds), and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def queries() -> list[tuple[str, str]]:
    from ctcoop.opendata.sparql import examples

    return [(e.name, e.query) for e in examples(ROOT / "docs" / "sparql.md")]


def main() -> int:
    from ctcoop.kb import load_kb
    from ctcoop.opendata.rdf import graph, serialize
    from ctcoop.opendata.shapes import check
    from ctcoop.opendata.sparql import Endpoint
    from ctcoop.opendata.tables import package

    kb = load_kb()
    rows = []
    build, g = timed(lambda: graph(kb), 3)
    rows.append(("RDF graph of the shipped knowledge base", f"{len(g):,} triples", ms(build)))
    turtle, data = timed(lambda: serialize(g, "turtle"), 3)
    rows.append(("Turtle", f"{len(data) / 1e6:.1f} MB", ms(turtle)))
    shacl, report = timed(lambda: check(g), 1)
    rows.append(
        ("SHACL check (pyshacl)", "conforms" if report.conforms else "does not conform", ms(shacl))
    )
    csv_time, files = timed(lambda: package(kb), 3)
    size = sum(len(v) for v in files.values())
    rows.append(("CSV data package", f"{len(files)} files, {size / 1e6:.1f} MB", ms(csv_time)))

    nt = serialize(g, "nt")
    endpoint = Endpoint(lambda: nt, timeout=60, max_rows=100_000)
    try:
        start = time.perf_counter()
        endpoint.query("ASK { ?s ?p ?o }")
        rows.append(
            (
                "SPARQL: start the worker and load the store, first query",
                "",
                ms(time.perf_counter() - start),
            )
        )
        trivial, _ = timed(lambda: endpoint.query("ASK { ?s ?p ?o }"))
        rows.append(("SPARQL baseline: `ASK { ?s ?p ?o }`", "", ms(trivial)))
        for name, query in queries():
            took, answer = timed(lambda q=query: endpoint.query(q))
            rows.append(
                (
                    f"SPARQL: {name}",
                    f"{len(answer.content):,} bytes",
                    f"{ms(took)} ({took / trivial:.0f}x the baseline)",
                )
            )
    finally:
        endpoint.close()
    lines = [
        f"Measured {dt.date.today()} on {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}: the shipped knowledge base (no imports); medians of "
        f"{RUNS} runs (3 for the exports, 1 for the SHACL check). No target was set for these.",
        "",
        "| what | size | time |",
        "|---|---|---|",
        *(f"| {a} | {b} | {c} |" for a, b, c in rows),
    ]
    text = "\n".join(lines)
    print(text)
    write_section("opendata", "Open data", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
