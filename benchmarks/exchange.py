"""Load benchmark of information exchange: sustained sends between 20 agencies through the API
with the gate on, beside the trivial endpoint of the same app in the same run, with the same
concurrency; then every acknowledged message is counted in the store (zero lost, zero
duplicated). Writes its section of docs/benchmarks.md.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))  # the sample STIX bundle the exchange's tests send

from run import write_section  # noqa: E402 - the benchmarks folder is not a package

import stixsample  # noqa: E402

STATES = [
    "IND",
    "PAK",
    "BGD",
    "LKA",
    "NPL",
    "USA",
    "DEU",
    "FRA",
    "ITA",
    "ESP",
    "CHN",
    "RUS",
    "KAZ",
    "KGZ",
    "IDN",
    "MYS",
    "SGP",
    "THA",
    "PHL",
    "GBR",
]
DURATION, CLIENTS = 20.0, 8
PASSWORD = "benchmark password"  # accounts of a throw-away store


def prepare(root: Path, key: str) -> list[str]:
    from ctcoop.exchange import service
    from ctcoop.exchange.store import ExchangeStore
    from ctcoop.kb import load_kb
    from ctcoop.kb.store import DataStore

    kb = load_kb()
    store = ExchangeStore.open(DataStore(root), key=key)
    agencies = []
    for state in STATES:
        ident = f"{state.lower()}-police"
        service.register(kb, store, "bench", ident, state, "police", ident)
        store.accounts.add_user(state.lower(), ident, "officer", PASSWORD)
        agencies.append(ident)
    store.close()
    return agencies


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def hammer(work: Any) -> tuple[list[float], int]:
    """Run ``work(client)`` from CLIENTS threads for DURATION seconds: latencies (s), errors."""
    import httpx

    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    end = time.monotonic() + DURATION

    def loop() -> None:
        with httpx.Client(timeout=30) as client:
            while time.monotonic() < end:
                start = time.perf_counter()
                ok = work(client)
                took = time.perf_counter() - start
                with lock:
                    latencies.append(took)
                    errors[0] += not ok

    threads = [threading.Thread(target=loop) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0]


def main() -> int:
    import httpx

    sys.path.insert(0, str(ROOT / "src"))
    from ctcoop.api import localserver
    from ctcoop.exchange.store import ExchangeStore, new_key
    from ctcoop.kb.store import DataStore

    with tempfile.TemporaryDirectory(prefix="ctcoop-exchange-bench-") as tmp:
        root, key = Path(tmp), new_key()
        agencies = prepare(root, key)
        env = {**os.environ, "CTCOOP_DATA_DIR": str(root), "CTCOOP_EXCHANGE_KEY": key}
        server = localserver.start(env, timeout=60)
        url = server.url
        try:
            tokens = {
                a: httpx.post(
                    f"{url}/api/v1/exchange/auth/login",
                    json={"username": a.split("-")[0], "password": PASSWORD},
                    timeout=30,
                ).json()["token"]
                for a in agencies
            }
            acknowledged: list[str] = []
            outcomes = {"delivered": 0, "refused": 0}
            lock = threading.Lock()

            def trivial(client: Any) -> bool:
                return bool(client.get(url + "/api/v1/health").status_code == 200)

            def send(client: Any) -> bool:
                a, b = random.sample(agencies, 2)
                body = {
                    "to": [b],
                    "purpose": "information_exchange",
                    "handling": "H0",
                    "tlp": "green",
                    "evaluation": "B2",
                    "on": "2026-01-01",
                    "bundle": stixsample.bundle("benchmark"),
                }
                response = client.post(
                    f"{url}/api/v1/exchange/messages",
                    json=body,
                    headers={"authorization": f"Bearer {tokens[a]}"},
                )
                if response.status_code != 201:
                    return False
                data = response.json()
                with lock:
                    acknowledged.append(data["message"]["id"])
                    outcomes[data["deliveries"][0]["state"]] += 1
                return True

            health, health_errors = hammer(trivial)
            sends, send_errors = hammer(send)
        finally:
            server.stop()
        store = ExchangeStore.open(DataStore(root), key=key)
        stored = [m.id for a in agencies for m, _ in store.outbox(a)]
        store.close()

    lost = len(set(acknowledged) - set(stored))
    duplicated = len(stored) - len(set(stored))
    extra = len(set(stored) - set(acknowledged))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    rows = [
        ("trivial endpoint `/api/v1/health`", len(health), health_errors, health),
        ("send through the gate `POST /api/v1/exchange/messages`", len(sends), send_errors, sends),
    ]
    lines = [
        f"Measured {dt.date.today()} on {machine}: {len(agencies)} agencies in {len(STATES)} "
        f"states, {CLIENTS} clients for {DURATION:.0f} s each, one uvicorn worker, SQLite; each "
        "send picks a random pair, purpose information exchange on 2026-01-01.",
        "",
        "| what | requests | errors | per second | p50 | p99 |",
        "|---|---|---|---|---|---|",
    ]
    for name, count, errors, latencies in rows:
        p50, p99 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000
        lines.append(
            f"| {name} | {count:,} | {errors} | {count / DURATION:,.1f} | {p50:.1f} ms | "
            f"{p99:.1f} ms |"
        )
    lines += [
        "",
        f"Sends acknowledged: {len(acknowledged):,} ({outcomes['delivered']:,} delivered, "
        f"{outcomes['refused']:,} refused by the gate); in the store afterwards: "
        f"{len(set(stored)):,} — lost {lost}, duplicated {duplicated}, unacknowledged "
        f"but stored {extra}.",
    ]
    text = "\n".join(lines)
    print(text)
    write_section("exchange", "Information exchange under load", text)
    return 0 if lost == duplicated == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
