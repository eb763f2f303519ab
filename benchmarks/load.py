"""Load benchmark of the running server: the basis endpoint and a state page beside a trivial
endpoint of the same app, in the same run, with concurrency. Uses wrk (Debian's package; installed
by this script when missing and apt-get is allowed) against a uvicorn server on 127.0.0.1 only;
each run is bounded in time. Writes its section of docs/benchmarks.md.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import prepare_store, write_section  # noqa: E402 - the benchmarks folder is not a package

from ctcoop.api import localserver  # noqa: E402

ENDPOINTS = [
    ("trivial endpoint `/api/v1/health`", "/api/v1/health"),
    (
        "`/api/v1/bases?a=IND&b=PAK&measure=extradition&on=2010-01-01`",
        "/api/v1/bases?a=IND&b=PAK&measure=extradition&on=2010-01-01",
    ),
    ("state page `/states/PAK?on=2010-01-01`", "/states/PAK?on=2010-01-01"),
]
DURATION, CONNECTIONS, THREADS = 10, 16, 2


def ensure_wrk() -> str | None:
    found = shutil.which("wrk")
    if found or os.geteuid() != 0:
        return found
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True, check=False)
    return shutil.which("wrk")


def parse(output: str) -> tuple[float, float, float]:
    """(requests/s, p50 ms, p99 ms) from `wrk --latency`."""

    def ms(label: str) -> float:
        match = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", output)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    return rate, ms("50"), ms("99")


def run_wrk(wrk: str, url: str, script: Path | None = None) -> tuple[float, float, float]:
    argv = [wrk, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency"]
    argv += ["-s", str(script)] if script else []
    done = subprocess.run(
        [*argv, url], capture_output=True, text=True, check=True, timeout=DURATION + 30
    )
    return parse(done.stdout)


def random_pairs_script() -> str:
    """A wrk script asking for the bases of a random pair of UN members each time."""
    import datetime as dt

    from ctcoop.kb import load_kb
    from ctcoop.law.datastatus import un_members

    states = un_members(load_kb(), dt.date(2010, 1, 1))
    names = ", ".join(f'"{s}"' for s in states)
    return (
        f"local s = {{{names}}}\nmath.randomseed(7)\nrequest = function()\n"
        "  local a, b = s[math.random(#s)], s[math.random(#s)]\n"
        '  return wrk.format("GET", "/api/v1/bases?a=" .. a .. "&b=" .. b .. '
        '"&measure=extradition&on=2010-01-01")\nend\n'
    )


def main() -> int:
    wrk = ensure_wrk()
    if wrk is None:
        print("wrk is not installed (apt-get install wrk): load benchmark skipped")
        return 0
    with tempfile.TemporaryDirectory(prefix="ctcoop-load-") as tmp:
        data = prepare_store(Path(tmp))
        server = localserver.start({**os.environ, "CTCOOP_DATA_DIR": tmp})
        base = server.url
        try:
            rows = []
            for label, path in ENDPOINTS:
                urllib.request.urlopen(base + path, timeout=30).read()
                rows.append((label, *run_wrk(wrk, base + path)))
            script = Path(tmp) / "pairs.lua"
            script.write_text(random_pairs_script())
            rows.append(
                (
                    "`/api/v1/bases`, a random pair of UN members per request (answers not cached)",
                    *run_wrk(wrk, base + "/", script),
                )
            )
        finally:
            server.stop()
    trivial = rows[0][1]
    lines = [
        f"uvicorn, 1 worker, on 127.0.0.1; wrk {THREADS} threads, {CONNECTIONS} connections, "
        f"{DURATION} s per endpoint, on the same 2-core machine; data: {data}.",
        "",
        "| endpoint | requests/s | p50 | p99 | vs trivial endpoint |",
        "|---|---|---|---|---|",
    ]
    for label, rate, p50, p99 in rows:
        lines.append(
            f"| {label} | {rate:,.0f} | {p50:.1f} ms | {p99:.1f} ms | {rate / trivial:.0%} |"
        )
    lines += [
        "",
        "Target: the basis endpoint at ≥ 50 % of the trivial endpoint's throughput. A repeated",
        "question is answered from a bounded cache of encoded answers (the knowledge base is",
        "read-only); the random-pair row shows the cost of answering new questions.",
    ]
    text = "\n".join(lines)
    print(text)
    write_section("load", "The server under load", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
