"""Nothing acknowledged is lost, nothing is stored twice: the served app is killed (SIGKILL)
while an agency is sending, started again, and every message whose send was acknowledged (201)
is there exactly once; the send that was in flight, retried with the same bundle, is stored at
most once."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from ctcoop.api import localserver
from ctcoop.exchange import service
from ctcoop.exchange.store import ExchangeStore, new_key
from ctcoop.kb import load_kb
from ctcoop.kb.store import DataStore
from stixsample import bundle

PASSWORD = "correct horse battery"  # test accounts only


def test_a_killed_server_loses_nothing_acknowledged(tmp_path: Path) -> None:
    key = new_key()
    kb = load_kb()
    store = ExchangeStore.open(DataStore(tmp_path), key=key)
    service.register(kb, store, "admin", "pak-fia", "PAK", "police", "FIA")
    service.register(kb, store, "admin", "ind-nia", "IND", "police", "NIA")
    store.accounts.add_user("pak", "pak-fia", "officer", PASSWORD)
    store.close()
    env = {**os.environ, "CTCOOP_DATA_DIR": str(tmp_path), "CTCOOP_EXCHANGE_KEY": key}
    server = localserver.start(env)
    url = server.url
    token = httpx.post(
        f"{url}/api/v1/exchange/auth/login", json={"username": "pak", "password": PASSWORD}
    ).json()["token"]
    headers = {"authorization": f"Bearer {token}"}
    acknowledged: list[str] = []
    unanswered: list[dict[str, Any]] = []
    stop = threading.Event()

    def sender() -> None:
        with httpx.Client(timeout=10) as client:
            while not stop.is_set():
                body = {
                    "to": ["ind-nia"],
                    "purpose": "information_exchange",
                    "handling": "H0",
                    "tlp": "green",
                    "evaluation": "B2",
                    "on": "2026-01-01",
                    "bundle": bundle("durability"),
                }
                try:
                    response = client.post(
                        f"{url}/api/v1/exchange/messages", json=body, headers=headers
                    )
                except httpx.HTTPError:
                    unanswered.append(body)  # in flight when the server died
                    return
                assert response.status_code == 201, response.text
                acknowledged.append(response.json()["message"]["id"])

    thread = threading.Thread(target=sender)
    thread.start()
    while len(acknowledged) < 15:
        time.sleep(0.05)
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(timeout=10)
    stop.set()
    thread.join(timeout=30)

    server = localserver.start(env, server.port)
    try:
        with httpx.Client(timeout=10) as client:
            for body in unanswered:  # the client retries what it did not see acknowledged
                retried = client.post(f"{url}/api/v1/exchange/messages", json=body, headers=headers)
                assert retried.status_code == 201
                acknowledged.append(retried.json()["message"]["id"])
            outbox = client.get(f"{url}/api/v1/exchange/outbox", headers=headers).json()
    finally:
        server.stop()
    stored = [m["message"]["id"] for m in outbox]
    assert len(stored) == len(set(stored))  # nothing twice
    assert sorted(stored) == sorted(set(acknowledged))  # everything acknowledged, nothing else
    assert len(acknowledged) >= 15
