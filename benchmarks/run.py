"""ctcoop benchmarks: each figure measured side by side with its baseline, in one run.

Run with ``make bench``. Prints a table and rewrites docs/benchmarks.md with the figures.
Reference data (../shared/data or $CTCOOP_REFERENCE_DATA) is imported when present, so the
reasoning runs over real party status.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from ctcoop.kb.reference import UNTC

ROOT = Path(__file__).resolve().parent.parent


def reference() -> Path | None:
    path = Path(os.environ.get("CTCOOP_REFERENCE_DATA", ROOT.parent / "shared" / "data"))
    return path if path.is_dir() else None


def prepare_store(store_dir: Path) -> str:
    from ctcoop.kb import load_kb
    from ctcoop.kb.importers import run_import
    from ctcoop.kb.store import DataStore

    ref = reference()
    if ref is None:
        return "embedded knowledge base only (reference data absent)"
    kb, store = load_kb(), DataStore(store_dir)
    for name, instrument in UNTC.items():
        run_import(
            kb,
            store,
            "untc",
            ref / "treaties" / "untc-chapter18-2014" / name,
            instrument=instrument,
        )
    return "embedded knowledge base + UN Treaty Collection chapter XVIII (2014) imported"


def timed_runs(argv: list[str], runs: int, env: dict[str, str]) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True
        )
        out.append(time.perf_counter() - start)
    return out


def program() -> list[str]:
    """``ctcoop`` as a user runs it: the installed console script, else ``python -m ctcoop``."""
    script = Path(sys.executable).parent / "ctcoop"
    return [str(script)] if script.exists() else [sys.executable, "-m", "ctcoop"]


def bench_cli(store_dir: Path, runs: int = 30) -> list[tuple[str, str, str, str]]:
    """Each command beside a bare interpreter start, interleaved run by run (so that the load of
    the machine falls on both alike): through the resident process, then on its own."""
    import compileall

    # An installed package has its bytecode compiled; the development tree may not
    # (PYTHONDONTWRITEBYTECODE), and compiling it on every run would be measured too.
    compileall.compile_dir(ROOT / "src" / "ctcoop", quiet=1)
    socket_dir = tempfile.mkdtemp(prefix="ctcb-", dir="/tmp")
    env = {
        **os.environ,
        "CTCOOP_DATA_DIR": str(store_dir),
        "CTCOOP_RESIDENT_SOCKET": f"{socket_dir}/r.sock",
    }
    alone = {**env, "CTCOOP_RESIDENT": "0"}
    basis = ["basis", "IND", "PAK", "--measure", "extradition", "--on", "2010-01-01", "--json"]
    commands = [
        ("`ctcoop basis IND PAK --measure extradition --json`", basis),
        ("`ctcoop status PAK unsc-1373 --json`", ["status", "PAK", "unsc-1373", "--json"]),
        ("`ctcoop members org:sco` (a table)", ["members", "org:sco", "--on", "2018-01-01"]),
    ]
    subprocess.run([*program(), *basis], stdout=subprocess.DEVNULL, env=alone, check=True)
    subprocess.run(
        [*program(), "resident", "start"], stdout=subprocess.DEVNULL, env=alone, check=True
    )
    base = [sys.executable, "-c", "pass"]
    try:
        times: dict[str, list[float]] = {"base": []}
        for _ in range(runs):
            times["base"] += timed_runs(base, 1, env)
            for label, argv in commands:
                times.setdefault(label, []).extend(timed_runs([*program(), *argv], 1, env))
            times.setdefault("alone", []).extend(timed_runs([*program(), *basis], 1, alone))
    finally:
        subprocess.run([*program(), "resident", "stop"], stdout=subprocess.DEVNULL, env=alone)
    times_cold = []  # a fresh, empty data folder each time: no snapshot, the YAML is parsed
    for _ in range(3):
        cold_env = {**alone, "CTCOOP_DATA_DIR": tempfile.mkdtemp(prefix="ctcoop-cold-")}
        times_cold += timed_runs([*program(), *basis], 1, cold_env)
    b = statistics.median(times["base"])
    rows = [
        (
            "`python3 -c pass` (baseline, the venv's interpreter)",
            f"{b * 1000:.1f} ms",
            f"median of {runs}",
            "1.0×",
        )
    ]
    for label, _argv in commands:
        c = statistics.median(times[label])
        rows.append(
            (
                f"{label}, answered by the resident process",
                f"{c * 1000:.1f} ms",
                f"median of {runs}",
                f"{c / b:.1f}× baseline (target ≤ 3×)",
            )
        )
    c = statistics.median(times["alone"])
    rows.append(
        (
            "`ctcoop basis …` on its own (`CTCOOP_RESIDENT=0`), warm snapshot",
            f"{c * 1000:.1f} ms",
            f"median of {runs}",
            f"{c / b:.1f}× baseline",
        )
    )
    rows.append(
        (
            "same, cold (no snapshot: YAML parsed)",
            f"{statistics.median(times_cold) * 1000:.0f} ms",
            "median of 3",
            f"{statistics.median(times_cold) / b:.1f}× baseline",
        )
    )
    return rows


def ready_after(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from starting a server (``PORT`` in ``argv`` replaced) to its first answer of
    ``/api/v1/health``."""
    import urllib.request

    from ctcoop.api.localserver import free_port

    port = str(free_port())
    start = time.perf_counter()
    server = subprocess.Popen(
        [a.replace("PORT", port) for a in argv],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1):
                    return time.perf_counter() - start
            except OSError:
                if server.poll() is not None or time.perf_counter() - start > 600:
                    raise RuntimeError(f"{argv[:4]} did not start") from None
                time.sleep(0.01)
    finally:
        server.terminate()
        server.wait()


BARE_APP = """from fastapi import FastAPI

app = FastAPI()


@app.get("/api/v1/health")
def health() -> dict[str, bool]:
    return {"ok": True}
"""


def bench_serve_start(store_dir: Path, runs: int = 5) -> list[tuple[str, str, str, str]]:
    """``ctcoop serve`` beside a bare FastAPI app with one endpoint, both under uvicorn, started
    alternately; time to the first answer. The reference data is imported (and the UN list
    loaded) by a first, unmeasured start: what is measured is every later start."""
    folder = Path(tempfile.mkdtemp(prefix="ctcoop-bare-"))
    (folder / "bareapp.py").write_text(BARE_APP)
    env = {**os.environ, "CTCOOP_DATA_DIR": str(store_dir), "CTCOOP_RESIDENT": "0"}
    bare = [sys.executable, "-m", "uvicorn", "--app-dir", str(folder), "bareapp:app"]
    bare += ["--port", "PORT", "--log-level", "warning"]
    ours = [*program(), "serve", "--port", "PORT"]
    ready_after(ours, env)  # imports the reference data, loads the UN list
    times_bare, times_ours = [], []
    for _ in range(runs):
        times_bare.append(ready_after(bare, env))
        times_ours.append(ready_after(ours, env))
    b, c = statistics.median(times_bare), statistics.median(times_ours)
    return [
        ("a bare FastAPI app under uvicorn (baseline)", f"{b:.2f} s", f"median of {runs}", "1.0×"),
        (
            "`ctcoop serve`, reference data already imported",
            f"{c:.2f} s",
            f"median of {runs}",
            f"{c / b:.1f}× baseline (target ≤ 2×)",
        ),
    ]


def bench_bases(store_dir: Path) -> list[tuple[str, str, str, str]]:
    from ctcoop.kb import load_kb
    from ctcoop.kb.store import DataStore
    from ctcoop.law.bases import bases
    from ctcoop.law.datastatus import un_members
    from ctcoop.model import Measure

    kb = load_kb(store=DataStore(store_dir))
    on = dt.date(2010, 1, 1)
    states = un_members(kb, on)
    rng = random.Random(7)
    pairs = [tuple(rng.sample(states, 2)) for _ in range(20000)]
    start = time.perf_counter()
    for a, b in pairs:
        bases(kb, a, b, Measure.EXTRADITION, on)
    first = time.perf_counter() - start
    start = time.perf_counter()
    for a, b in pairs:
        bases(kb, a, b, Measure.EXTRADITION, on)
    second = time.perf_counter() - start
    other = dt.date(2015, 6, 30)
    start = time.perf_counter()
    for a, b in pairs[:5000]:
        bases(kb, a, b, Measure.MUTUAL_LEGAL_ASSISTANCE, other)
    fresh = time.perf_counter() - start
    return [
        (
            "`bases()` 20,000 random UN-member pairs, extradition, first pass (statuses computed)",
            f"{len(pairs) / first:,.0f} queries/s",
            "1 process",
            "target ≥ 10,000/s",
        ),
        (
            "same pairs, second pass (statuses remembered)",
            f"{len(pairs) / second:,.0f} queries/s",
            "1 process",
            "target ≥ 10,000/s",
        ),
        (
            "5,000 pairs, another measure and date (cold)",
            f"{5000 / fresh:,.0f} queries/s",
            "1 process",
            "target ≥ 10,000/s",
        ),
    ]


def bench_matrix(store_dir: Path) -> list[tuple[str, str, str, str]]:
    from ctcoop.kb import load_kb
    from ctcoop.kb.store import DataStore
    from ctcoop.law.matrix import coverage_matrix
    from ctcoop.model import Measure

    kb = load_kb(store=DataStore(store_dir))
    on = dt.date(2012, 1, 1)
    start = time.perf_counter()
    matrices = [coverage_matrix(kb, m, on) for m in Measure]
    cold = time.perf_counter() - start
    fresh = load_kb(store=DataStore(store_dir))  # memory measured on its own pass: tracing is slow
    tracemalloc.start()
    kept = [coverage_matrix(fresh, m, on) for m in Measure]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    start = time.perf_counter()
    for m in Measure:
        coverage_matrix(kb, m, on)
    warm = time.perf_counter() - start
    n = len(matrices[0].states)
    return [
        (
            f"coverage matrix, all {n}×{n} UN-member pairs × {len(Measure)} measures, one date",
            f"{cold:.2f} s",
            f"statuses computed; peak {peak / 2**20:.0f} MiB allocated",
            "target ≤ 1 s",
        ),
        ("same, statuses remembered", f"{warm:.2f} s", "", "target ≤ 1 s"),
    ]


def table(rows: list[tuple[str, str, str, str]]) -> str:
    lines = ["| what | result | how | compared with |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    with tempfile.TemporaryDirectory(prefix="ctcoop-bench-") as tmp:
        store_dir = Path(tmp)
        data = prepare_store(store_dir)
        sections = {
            "Command line (`make bench`: same machine, same run)": bench_cli(store_dir),
            "Server start-up (time to the first answer)": bench_serve_start(store_dir),
            "Legal bases in-process": bench_bases(store_dir),
            "Coverage matrix": bench_matrix(store_dir),
        }
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    body = [f"Measured {dt.date.today()} on {machine}; data: {data}.", ""]
    for title, rows in sections.items():
        body += [f"### {title}", "", table(rows), ""]
    text = "\n".join(body)
    print(text)
    write_section("law", "Reasoning", text)
    return 0


def write_section(name: str, heading: str, section: str) -> None:
    """Rewrite the section between ``<!-- name:start -->`` and ``<!-- name:end -->`` of
    docs/benchmarks.md (appended under ``heading`` the first time)."""
    path = ROOT / "docs" / "benchmarks.md"
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{start}\n{section}\n{end}"
    if start in old:
        head, rest = old.split(start, 1)
        new = head + block + rest.split(end, 1)[1]
    else:
        new = old.rstrip() + f"\n\n## {heading}\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
