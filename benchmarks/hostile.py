"""The server under hostile input: time per request and the server's memory, before and after.

Run by ``make bench``. Starts ``ctcoop serve`` on a free port with a fresh data store (the UN list
of the reference data is loaded on start), warms it up, reads its resident memory (VmRSS) and
peak (VmHWM) from /proc, sends the hostile suite of issue 12 (8,000 repeated state codes, bodies
over the limit, deeply nested JSON, the longest names allowed and names over the limit, the
whole UN-member matrix) and reads the memory again. Each hostile request is timed beside an
ordinary request of the same kind, in the same run.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import table, write_section  # noqa: E402


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _memory(pid: int) -> tuple[float, float]:
    """(resident, peak resident) in MiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _request(url: str, body: bytes | None = None) -> tuple[int, float, int]:
    """(status, seconds, bytes of the answer)."""
    headers = {"content-type": "application/json"} if body is not None else {}
    request = urllib.request.Request(url, data=body, headers=headers)
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            data = response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        data, status = exc.read(), exc.code
    return status, time.perf_counter() - start, len(data)


def _timed(url: str, body: bytes | None = None, runs: int = 5) -> tuple[int, float, int]:
    results = [_request(url, body) for _ in range(runs)]
    return results[0][0], statistics.median(r[1] for r in results), results[0][2]


def _screen(names: list[str]) -> bytes:
    queries = {
        f"q{i}": {"schema": "Person", "properties": {"name": [n]}} for i, n in enumerate(names)
    }
    return json.dumps({"queries": queries}).encode()


def main() -> int:
    port = _port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="ctcoop-hostile-") as tmp:
        env = {**os.environ, "CTCOOP_DATA_DIR": tmp}
        server = subprocess.Popen(
            [sys.executable, "-m", "ctcoop", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(600):
                try:
                    if _request(base + "/api/v1/health")[0] == 200:
                        break
                except OSError:
                    time.sleep(0.2)
            rows = _suite(base, server.pid)
            rows += _sweep(base, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = "\n".join(
        [
            "The server (`ctcoop serve`, one process) under the hostile inputs of issue 12; each",
            "time is the median of 5 requests, beside an ordinary request of the same kind.",
            "",
            table(rows),
            "",
        ]
    )
    print(text)
    write_section("hostile", "The server under hostile input", text)
    return 0


def _suite(base: str, pid: int) -> list[tuple[str, str, str, str]]:
    coverage = base + "/api/v1/coverage?measure=extradition&on=2012-01-01&states="
    ordinary = _screen(["Aiman al-Zawahiri"] * 10)
    for url, body in ((coverage + "PAK,IND", None), (base + "/api/v1/screen", ordinary)):
        _request(url, body)  # warm up: the knowledge base and the list index are loaded
    before, _ = _memory(pid)
    rows: list[tuple[str, str, str, str]] = []

    def add(what: str, hostile: tuple[int, float, int], baseline: tuple[int, float, int]) -> None:
        rows.append(
            (
                what,
                f"HTTP {hostile[0]}, {hostile[1] * 1000:.0f} ms, {hostile[2]:,} bytes",
                "median of 5",
                f"ordinary: HTTP {baseline[0]}, {baseline[1] * 1000:.0f} ms",
            )
        )

    add(
        "coverage with 8,000 repeated state codes",
        _timed(coverage + ",".join(["PAK", "IND"] * 4000)),
        _timed(coverage + "PAK,IND"),
    )
    add(
        "coverage with 400 distinct codes (over the limit of 300)",
        _timed(coverage + ",".join(f"X{i}" for i in range(400))),
        _timed(coverage + "PAK,IND"),
    )
    add(
        "screening body of 2 MB (over the 1 MiB limit)",
        _timed(base + "/api/v1/screen", b'{"queries": {}}' + b" " * 2_000_000),
        _timed(base + "/api/v1/screen", ordinary),
    )
    add(
        "JSON nested 100,000 deep",
        _timed(base + "/api/v1/screen", b"[" * 100_000 + b"]" * 100_000),
        _timed(base + "/api/v1/screen", ordinary),
    )
    longest = " ".join(["Abdulrahman"] * 16)[:300]
    add(
        "25 names of the longest length allowed (16 words; 400 words a request)",
        _timed(base + "/api/v1/screen", _screen([longest] * 25)),
        _timed(base + "/api/v1/screen", _screen(["Aiman al-Zawahiri"] * 25)),
    )
    add(
        "100 names of 16 words (6,400 words: over the 400 a request)",
        _timed(base + "/api/v1/screen", _screen([longest] * 100)),
        _timed(base + "/api/v1/screen", ordinary),
    )
    add(
        "100 names of 800 words (over the limit)",
        _timed(base + "/api/v1/screen", _screen([" ".join(["word"] * 800)] * 100)),
        _timed(base + "/api/v1/screen", ordinary),
    )
    after, peak = _memory(pid)
    rows.append(
        (
            "server memory (RSS) before / after the suite; peak",
            f"{before:.0f} / {after:.0f} MiB; peak {peak:.0f} MiB",
            "/proc VmRSS, VmHWM",
            "target: under 600 MiB throughout",
        )
    )
    return rows


def _sweep(base: str, pid: int) -> list[tuple[str, str, str, str]]:
    """1,000 different dates of one question: the caches must not grow the server without end."""
    import datetime as dt

    before, _ = _memory(pid)
    start = time.perf_counter()
    day = dt.date(1990, 1, 1)
    for n in range(1000):
        on = (day + dt.timedelta(days=11 * n)).isoformat()
        _request(f"{base}/api/v1/bases?a=IND&b=PAK&measure=extradition&on={on}")
    took = time.perf_counter() - start
    after, peak = _memory(pid)
    return [
        (
            "1,000-date sweep of /api/v1/bases (IND, PAK, extradition): RSS growth",
            f"{after - before:+.0f} MiB ({before:.0f} to {after:.0f}; peak {peak:.0f}) in {took:.0f} s",
            "/proc VmRSS before and after",
            "target: growth under 50 MiB",
        )
    ]


if __name__ == "__main__":
    sys.exit(main())
