"""The TAXII 2.1 interface with `taxii2-client` as the real client, against the app served by
uvicorn: an agency user lists the collections, posts a STIX bundle to another agency's inbox
(through the gate) and the other agency's user reads it back; a refused post fails with the
gate's reason; a retried post is not stored twice; a stranger's credentials are refused."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from ctcoop.api import localserver
from ctcoop.exchange import service
from ctcoop.exchange.store import ExchangeStore, new_key
from ctcoop.kb import load_kb
from ctcoop.kb.store import DataStore
from stixsample import report

PASSWORD = "correct horse battery"  # test accounts only


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("taxii")
    key = new_key()
    kb = load_kb()
    store = ExchangeStore.open(DataStore(root), key=key)
    for ident, state in (
        ("pak-fia", "PAK"),
        ("ind-nia", "IND"),
        ("deu-bka", "DEU"),
        ("usa-fbi", "USA"),
    ):
        service.register(kb, store, "admin", ident, state, "police", ident.upper())
        store.accounts.add_user(ident.split("-")[0], ident, "officer", PASSWORD)
    store.close()
    env = {**os.environ, "CTCOOP_DATA_DIR": str(root), "CTCOOP_EXCHANGE_KEY": key}
    with localserver.running(env) as url:
        yield url


def collection_of(server: str, user: str, agency: str) -> Any:
    from taxii2client.v21 import Server

    api = Server(f"{server}/taxii2/", user=user, password=PASSWORD).api_roots[0]
    return next(c for c in api.collections if c.title == f"Inbox of {agency}")


def test_post_and_read_through_taxii(server: str) -> None:
    from taxii2client.v21 import Server

    found = Server(f"{server}/taxii2/", user="pak", password=PASSWORD)
    assert found.title == "ctcoop information exchange"
    titles = {c.title: (c.can_read, c.can_write) for c in found.api_roots[0].collections}
    assert titles["Inbox of pak-fia"] == (True, False)
    assert titles["Inbox of ind-nia"] == (False, True)

    sent = report("from FIA to NIA")
    envelope = {"objects": [sent], "x_ctcoop": {"on": "2026-01-01", "evaluation": "B2"}}
    status = collection_of(server, "pak", "ind-nia").add_objects(envelope)
    assert (status.status, status.success_count, status.failure_count) == ("complete", 1, 0)
    again = collection_of(server, "pak", "ind-nia").add_objects(envelope)
    assert again.id == status.id  # the same message: not stored twice

    inbox = collection_of(server, "ind", "ind-nia").get_objects()
    assert [o["id"] for o in inbox["objects"]] == [sent["id"]]


def test_the_gate_refuses_through_taxii(server: str) -> None:
    envelope = {
        "objects": [report("personal data")],
        "x_ctcoop": {"on": "2009-01-01", "data": ["personal"]},
    }
    status = collection_of(server, "deu", "usa-fbi").add_objects(envelope)
    assert (status.success_count, status.failure_count) == (0, 1)
    assert "eu-personal-data-to-third-states" in status.failures[0]["message"]
    assert collection_of(server, "usa", "usa-fbi").get_objects()["objects"] == []


def test_reading_another_inbox_or_bad_credentials_is_refused(server: str) -> None:
    import requests
    from requests.exceptions import HTTPError
    from taxii2client.exceptions import AccessError
    from taxii2client.v21 import Server

    other = collection_of(server, "usa", "ind-nia")
    with pytest.raises(AccessError):  # the client reads can_read: false
        other.get_objects()
    # and the server refuses it when asked all the same
    response = requests.get(
        other.url + "objects/",
        auth=("usa", PASSWORD),
        headers={"Accept": "application/taxii+json;version=2.1"},
        timeout=10,
    )
    assert response.status_code == 403
    with pytest.raises(HTTPError) as caught:
        Server(f"{server}/taxii2/", user="usa", password="wrong password").refresh()
    assert caught.value.response.status_code == 401
