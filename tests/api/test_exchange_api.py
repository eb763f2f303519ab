"""Information exchange over the API: login per agency user, the gate's answers, and no agency
reading or acting on a message it is not the sender or a recipient of, through every endpoint."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ctcoop.api.app import create_app
from ctcoop.api.settings import Settings
from ctcoop.exchange import service
from ctcoop.exchange.store import ExchangeStore, new_key
from ctcoop.kb import load_kb
from ctcoop.kb.store import DataStore
from stixsample import bundle

PASSWORD = "correct horse battery"  # test accounts only
AGENCIES = [
    ("deu-bka", "DEU"),
    ("usa-fbi", "USA"),
    ("pak-fia", "PAK"),
    ("ind-nia", "IND"),
    ("chn-mps", "CHN"),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("exchange-api")
    key = new_key()
    kb = load_kb()
    store = ExchangeStore.open(DataStore(root), key=key)
    for ident, state in AGENCIES:
        service.register(kb, store, "admin", ident, state, "police", ident.upper())
        store.accounts.add_user(ident.split("-")[0], ident, "officer", PASSWORD)
    store.accounts.add_user("audrey", "deu-bka", "auditor", PASSWORD)
    store.accounts.add_user("sven", "deu-bka", "supervisor", PASSWORD)
    store.close()
    monkey = pytest.MonkeyPatch()
    monkey.setenv("CTCOOP_EXCHANGE_KEY", key)
    with TestClient(create_app(Settings(data_dir=root), kb=kb)) as made:
        yield made
    monkey.undo()


def login(client: TestClient, user: str) -> dict[str, str]:
    response = client.post(
        "/api/v1/exchange/auth/login", json={"username": user, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {"authorization": f"Bearer {response.json()['token']}"}


MESSAGE: dict[str, Any] = {
    "to": ["usa-fbi"],
    "purpose": "information_exchange",
    "handling": "H2",
    "tlp": "amber",
    "evaluation": "B2",
    "data": ["personal"],
}


def test_the_gate_over_the_api(client: TestClient) -> None:
    deu = login(client, "deu")
    refused = client.post(
        "/api/v1/exchange/messages",
        headers=deu,
        json=MESSAGE | {"on": "2009-01-01", "bundle": bundle()},
    )
    assert refused.status_code == 201, refused.text
    assert refused.json()["deliveries"][0]["state"] == "refused"
    delivered = client.post(
        "/api/v1/exchange/messages",
        headers=deu,
        json=MESSAGE | {"on": "2018-01-01", "bundle": bundle()},
    )
    assert delivered.json()["deliveries"][0]["state"] == "delivered"
    pak = login(client, "pak")
    south = client.post(
        "/api/v1/exchange/messages",
        headers=pak,
        json=MESSAGE
        | {"to": ["ind-nia"], "handling": "H0", "data": [], "on": "2026-01-01", "bundle": bundle()},
    )
    assert south.json()["deliveries"][0]["decision"]["basis"]["instrument"] == (
        "saarc-1987-convention"
    )
    usa = login(client, "usa")
    inbox = client.get("/api/v1/exchange/inbox", headers=usa).json()
    assert [i["message"]["id"] for i in inbox] == [delivered.json()["message"]["id"]]


def test_no_agency_acts_on_a_message_it_does_not_hold(client: TestClient) -> None:
    deu, usa, chn = login(client, "deu"), login(client, "usa"), login(client, "chn")
    sent = client.post(
        "/api/v1/exchange/messages",
        headers=deu,
        json=MESSAGE | {"on": "2018-01-01", "bundle": bundle()},
    ).json()
    message = sent["message"]["id"]
    asked = client.post(
        f"/api/v1/exchange/messages/{message}/permissions",
        headers=usa,
        json={"use": "onward", "detail": "to NIA"},
    )
    assert asked.status_code == 201
    base = f"/api/v1/exchange/messages/{message}"
    attempts: list[tuple[str, str, dict[str, Any]]] = [
        ("GET", base, {}),
        ("POST", f"{base}/permissions", {"json": {"use": "onward"}}),
        ("POST", f"{base}/forward", {"json": {"to": ["ind-nia"]}}),
        ("POST", f"{base}/revoke", {"json": {"reason": "x"}}),
        ("POST", f"/api/v1/exchange/permissions/{asked.json()['id']}", {"json": {"grant": True}}),
    ]
    for method, url, extra in attempts:
        response = client.request(method, url, headers=chn, **extra)
        assert response.status_code == 403, (method, url, response.text)
    assert message not in json.dumps(client.get("/api/v1/exchange/inbox", headers=chn).json())
    # the recipient may not revoke nor answer its own request; H2 cannot go on without permission
    assert client.post(f"{base}/revoke", headers=usa, json={"reason": "x"}).status_code == 403
    assert (
        client.post(
            f"{base}/forward", headers=usa, json={"to": ["ind-nia"], "on": "2018-02-01"}
        ).status_code
        == 403
    )
    assert client.get(base, headers=usa).status_code == 200


def test_only_a_supervisor_overrides_the_gate(client: TestClient) -> None:
    why = "imminent threat to life: an attack planned for tomorrow"
    body = MESSAGE | {"on": "2009-01-01", "override": why}
    officer = client.post(
        "/api/v1/exchange/messages", headers=login(client, "deu"), json=body | {"bundle": bundle()}
    )
    assert officer.status_code == 403 and "only a supervisor" in officer.json()["message"]
    sent = client.post(
        "/api/v1/exchange/messages", headers=login(client, "sven"), json=body | {"bundle": bundle()}
    )
    [d] = sent.json()["deliveries"]
    assert d["state"] == "delivered" and d["decision"]["overridden"]["by"] == "sven"
    log = client.get("/api/v1/exchange/audit", headers=login(client, "audrey")).json()
    assert any(e["action"] == "override" and e["actor"] == "sven" for e in log)


def test_auditors_read_the_log_not_the_messages(client: TestClient) -> None:
    audrey, deu = login(client, "audrey"), login(client, "deu")
    log = client.get("/api/v1/exchange/audit", headers=audrey)
    assert log.status_code == 200 and {"send", "deliver"} <= {e["action"] for e in log.json()}
    assert client.get("/api/v1/exchange/inbox", headers=audrey).status_code == 403
    assert client.get("/api/v1/exchange/audit", headers=deu).status_code == 403


def test_bad_input_and_credentials(client: TestClient) -> None:
    assert client.get("/api/v1/exchange/inbox").status_code == 401
    wrong = client.post("/api/v1/exchange/auth/login", json={"username": "deu", "password": "nope"})
    assert wrong.status_code == 401
    deu = login(client, "deu")
    before = client.get("/api/v1/exchange/outbox", headers=deu).json()
    broken = bundle()
    del broken["objects"][0]["spec_version"]
    for body, says in [
        (MESSAGE | {"bundle": broken}, "not valid STIX 2.1"),
        (MESSAGE | {"handling": "H9", "bundle": bundle()}, "'H9' is not one of"),
        (MESSAGE | {"to": ["nobody"], "bundle": bundle()}, "unknown agency"),
    ]:
        response = client.post("/api/v1/exchange/messages", headers=deu, json=body)
        assert response.status_code in (404, 422), response.text
        assert says in response.text
    assert client.get("/api/v1/exchange/outbox", headers=deu).json() == before
