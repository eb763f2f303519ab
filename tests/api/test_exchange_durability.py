"""Nothing acknowledged is lost, nothing is stored twice: the served app is killed (SIGKILL)
while an agency is sending, started again, and every message whose send was acknowledged (201)
is there exactly once; the send that was in flight, retried with the same bundle, is stored at
most once."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import httpx

from ctcoop.exchange import service
from ctcoop.exchange.store import ExchangeStore, new_key
from ctcoop.kb import load_kb
from ctcoop.kb.store import DataStore

PASSWORD = "correct horse battery"  # test accounts only


def bundle() -> dict[str, Any]:
    return {
        "type": "bundle",
        "id": f"bundle--{uuid.uuid4()}",
        "objects": [
            {
                "type": "report",
                "spec_version": "2.1",
                "id": f"report--{uuid.uuid4()}",
                "created": "2026-01-01T00:00:00.000Z",
                "modified": "2026-01-01T00:00:00.000Z",
                "name": "durability",
                "published": "2026-01-01T00:00:00Z",
                "report_types": ["threat-report"],
                "object_refs": [f"identity--{uuid.uuid4()}"],
            }
        ],
    }


def start(root: Path, key: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CTCOOP_DATA_DIR": str(root), "CTCOOP_EXCHANGE_KEY": key}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "ctcoop.api.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("the server did not start")


def test_a_killed_server_loses_nothing_acknowledged(tmp_path: Path) -> None:
    key = new_key()
    kb = load_kb()
    store = ExchangeStore.open(DataStore(tmp_path), key=key)
    service.register(kb, store, "admin", "pak-fia", "PAK", "police", "FIA")
    service.register(kb, store, "admin", "ind-nia", "IND", "police", "NIA")
    store.accounts.add_user("pak", "pak-fia", "officer", PASSWORD)
    store.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    server = start(tmp_path, key, port)
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
                    "bundle": bundle(),
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
    server.send_signal(signal.SIGKILL)
    server.wait(timeout=10)
    stop.set()
    thread.join(timeout=30)

    server = start(tmp_path, key, port)
    try:
        with httpx.Client(timeout=10) as client:
            for body in unanswered:  # the client retries what it did not see acknowledged
                retried = client.post(f"{url}/api/v1/exchange/messages", json=body, headers=headers)
                assert retried.status_code == 201
                acknowledged.append(retried.json()["message"]["id"])
            outbox = client.get(f"{url}/api/v1/exchange/outbox", headers=headers).json()
    finally:
        server.terminate()
        server.wait(timeout=10)
    stored = [m["message"]["id"] for m in outbox]
    assert len(stored) == len(set(stored))  # nothing twice
    assert sorted(stored) == sorted(set(acknowledged))  # everything acknowledged, nothing else
    assert len(acknowledged) >= 15
