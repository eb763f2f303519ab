"""Information exchange gated by the legal basis, on the shipped knowledge base and policies:
the acceptance scenario (agencies in IND, PAK, USA, DEU, CHN), handling codes, permissions,
onward transfer, revocation, retention, encryption at rest and the hash-chained log; the store's
checks on SQLite and (with a server) PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

import stixsample
from ctcoop.errors import AccessError, DataError, InputError, NotFoundError
from ctcoop.exchange import service
from ctcoop.exchange.model import DeliveryState
from ctcoop.exchange.policies import SHIPPED, load, shipped
from ctcoop.exchange.store import ExchangeStore, new_key
from ctcoop.kb import KnowledgeBase
from ctcoop.kb.store import DataStore

D = dt.date
AGENCIES = [
    ("deu-bka", "DEU", "police"),
    ("usa-fbi", "USA", "police"),
    ("pak-fia", "PAK", "police"),
    ("ind-nia", "IND", "police"),
    ("chn-mps", "CHN", "police"),
]


def bundle(name: str = "report", **extra: Any) -> bytes:
    """A sample bundle (:mod:`stixsample`) as the bytes a sender gives."""
    return json.dumps(stixsample.bundle(name, **extra)).encode()


def populated(store: ExchangeStore, kb: KnowledgeBase) -> ExchangeStore:
    for ident, state, kind in AGENCIES:
        service.register(kb, store, "admin", ident, state, kind, ident.upper())
    return store


def send(kb: KnowledgeBase, store: ExchangeStore, **changes: Any) -> service.SendResult:
    args: dict[str, Any] = {
        "sender": "deu-bka",
        "recipients": ["usa-fbi"],
        "purpose": "information_exchange",
        "handling": "H0",
        "tlp": "amber",
        "reliability": "B",
        "accuracy": "2",
        "bundle": bundle(),
        "on": D(2018, 1, 1),
        "data": ["personal"],
    }
    return service.send(kb, store, shipped(kb), "officer", **(args | changes))


# ------------------------------------------------------------------ the checks, on any database


def check_the_gate_follows_the_law_and_the_policy(store: ExchangeStore, kb: KnowledgeBase) -> None:
    before = send(kb, store, on=D(2009, 1, 1))
    [refused] = before.deliveries
    assert refused.state is DeliveryState.REFUSED
    assert refused.decision["policies"] == ["eu-personal-data-to-third-states"]
    assert "Not met on 2009-01-01: refused" in refused.decision["explanation"][-1]
    after = send(kb, store, on=D(2018, 1, 1))
    [delivered] = after.deliveries
    assert delivered.state is DeliveryState.DELIVERED
    assert delivered.decision["policy_bases"][0]["level"] == "bilateral"
    assert [m.id for m, _ in store.inbox("usa-fbi")] == [after.message.id]  # refused: not there
    south = send(kb, store, sender="pak-fia", recipients=["ind-nia"], data=[], on=D(2026, 1, 1))
    [ok] = south.deliveries
    assert ok.state is DeliveryState.DELIVERED
    assert ok.decision["basis"]["instrument"] == "saarc-1987-convention"
    assert ok.decision["basis"]["articles"] == ["VIII"]


def check_h2_needs_permission_and_the_gate_decides_again(
    store: ExchangeStore, kb: KnowledgeBase
) -> None:
    sent = send(kb, store, handling="H2")
    message = sent.message.id
    with pytest.raises(AccessError, match="H2: not to be disseminated further"):
        service.forward(
            kb, store, shipped(kb), "fbi", message, "usa-fbi", ["ind-nia"], D(2018, 2, 1)
        )
    request = service.ask(store, message, "usa-fbi", "onward", "to share with NIA", "fbi")
    with pytest.raises(AccessError, match="only the provider"):
        service.answer(store, request.id, "usa-fbi", True, "fbi")
    assert service.answer(store, request.id, "deu-bka", True, "bka").state == "given"
    passed = service.forward(
        kb, store, shipped(kb), "fbi", message, "usa-fbi", ["ind-nia"], D(2018, 2, 1)
    )
    assert passed.message.forwarded_from == message
    [onward] = passed.deliveries
    assert onward.decision["parties"] == ["USA", "IND"]  # the new pair, decided again
    with pytest.raises(AccessError, match="holds no message"):
        service.read(store, message, "chn-mps", "mps")
    # revocation by the provider reaches every holder, the copy passed on too
    assert service.revoke(store, message, "deu-bka", "bka", "source withdrew") == 2
    assert store.inbox("usa-fbi") == [] and store.inbox("ind-nia") == []
    assert store.body(message) is None and store.body(passed.message.id) is None
    with pytest.raises(AccessError):
        service.read(store, message, "usa-fbi", "fbi")


def check_h1_judicial_use_and_retention(store: ExchangeStore, kb: KnowledgeBase) -> None:
    sent = send(kb, store, handling="H1", retain_until=D(2020, 1, 1))
    with pytest.raises(InputError, match="needs no permission"):
        service.ask(store, sent.message.id, "usa-fbi", "onward", "", "fbi")
    asked = service.ask(store, sent.message.id, "usa-fbi", "judicial", "trial in 2019", "fbi")
    assert service.answer(store, asked.id, "deu-bka", False, "bka").state == "refused"
    shown = service.read(store, sent.message.id, "usa-fbi", "fbi")
    assert shown["bundle"]["objects"][0]["name"] == "report"
    assert [p["state"] for p in shown["permissions"]] == ["refused"]
    assert service.purge(store, D(2021, 1, 1), "system") == [sent.message.id]
    assert store.body(sent.message.id) is None and store.inbox("usa-fbi") == []
    actions = [e.action for e in store.log(sent.message.id)]
    assert actions == ["send", "deliver", "permission_asked", "permission_refused", "read", "purge"]


def check_sending_again_adds_nothing(store: ExchangeStore, kb: KnowledgeBase) -> None:
    body = bundle()
    first = send(kb, store, bundle=body)
    again = send(kb, store, bundle=body)
    assert again.repeated and again.message.id == first.message.id
    assert len(store.inbox("usa-fbi")) == 1
    changed = json.loads(body)
    changed["objects"][0]["name"] = "other"
    with pytest.raises(InputError, match="sent before with other content"):
        send(kb, store, bundle=json.dumps(changed).encode())


def check_bad_input_changes_nothing(store: ExchangeStore, kb: KnowledgeBase) -> None:
    entries = len(store.log())
    bad: list[tuple[dict[str, Any], type[Exception], str]] = [
        (
            {"bundle": b'{"type": "bundle", "id": "bundle--1", "objects": [{"type": "x"}]}'},
            InputError,
            "not valid STIX 2.1",
        ),
        ({"bundle": b"not json"}, InputError, "not JSON"),
        ({"handling": "H9"}, InputError, "'H9' is not one of: H0, H1, H2, H3"),
        ({"handling": "H3"}, InputError, "H3 means other restrictions"),
        ({"recipients": ["xyz-nobody"]}, NotFoundError, "unknown agency"),
        ({"purpose": "gossip"}, InputError, "--purpose"),
        ({"tlp": "purple"}, InputError, "--tlp"),
        ({"bundle": b"{" + b" " * service.MAX_BUNDLE + b"}"}, InputError, "over the"),
    ]
    for changes, error, says in bad:
        with pytest.raises(error, match=says):
            send(kb, store, **changes)
    assert len(store.log()) == entries and store.inbox("usa-fbi") == []


def check_bodies_are_encrypted_and_the_log_is_chained(
    store: ExchangeStore, kb: KnowledgeBase
) -> None:
    sent = send(kb, store, bundle=bundle("a secret name"))
    with store.engine.connect() as connection:
        raw = connection.execute(
            text("SELECT body FROM messages WHERE id = :id"), {"id": sent.message.id}
        ).scalar_one()
    assert b"a secret name" not in bytes(raw)
    checked = store.verify()
    assert checked.broken is None and checked.entries == len(AGENCIES) + 2
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE action = 'send'"))
    broken = store.verify().broken
    assert broken is not None and broken.seq == len(AGENCIES) + 1


def check_an_override_is_written_and_logged(store: ExchangeStore, kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match="write the justification"):
        send(kb, store, on=D(2009, 1, 1), override="urgent")
    sent = send(
        kb,
        store,
        on=D(2009, 1, 1),
        override="imminent threat to life: an attack planned for tomorrow",
    )
    [d] = sent.deliveries
    assert d.state is DeliveryState.DELIVERED and not d.decision["allowed"]
    assert d.decision["overridden"] == {
        "by": "officer",
        "justification": "imminent threat to life: an attack planned for tomorrow",
    }
    assert "refused" in d.decision["explanation"][-1]  # the refusal stays explained
    assert [e.action for e in store.log(sent.message.id)] == ["send", "override"]


CHECKS: list[Callable[[ExchangeStore, KnowledgeBase], None]] = [
    check_an_override_is_written_and_logged,
    check_the_gate_follows_the_law_and_the_policy,
    check_h2_needs_permission_and_the_gate_decides_again,
    check_h1_judicial_use_and_retention,
    check_sending_again_adds_nothing,
    check_bad_input_changes_nothing,
    check_bodies_are_encrypted_and_the_log_is_chained,
]


@pytest.fixture
def sqlite(tmp_path: Path, kb: KnowledgeBase) -> Iterator[ExchangeStore]:
    store = ExchangeStore.open(DataStore(tmp_path), key=new_key())
    yield populated(store, kb)
    store.close()


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_sqlite(sqlite: ExchangeStore, kb: KnowledgeBase, check: Any) -> None:
    check(sqlite, kb)


@pytest.fixture
def postgres(postgres_url: str, kb: KnowledgeBase) -> Iterator[ExchangeStore]:
    store = ExchangeStore(postgres_url, key=new_key())
    try:
        yield populated(store, kb)
    finally:
        store.close()


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_postgresql(postgres: ExchangeStore, kb: KnowledgeBase, check: Any) -> None:
    assert postgres.engine.dialect.name == "postgresql"
    check(postgres, kb)


# ------------------------------------------------------------------ keys, policies, schema


def test_a_key_is_needed_and_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CTCOOP_EXCHANGE_KEY", raising=False)
    with pytest.raises(InputError, match="no key for the message bodies"):
        ExchangeStore.open(DataStore(tmp_path))
    with pytest.raises(InputError, match="not a key made by"):
        ExchangeStore.open(DataStore(tmp_path), key="short")
    other = ExchangeStore.open(DataStore(tmp_path), key=new_key())
    other.close()


def test_the_shipped_policies_load_and_a_misspelt_one_is_refused(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    assert [p.id for p in load(SHIPPED, kb)] == [
        "eu-personal-data-to-third-states",
        "eu-financial-messaging-to-the-united-states",
        "eu-passenger-records-to-the-united-states",
    ]
    text_ = SHIPPED.read_text(encoding="utf-8")
    bad = tmp_path / "policies.yaml"
    bad.write_text(text_.replace("recipients: {states: [USA]}", "recipient: {states: [USA]}", 1))
    with pytest.raises(DataError) as caught:
        load(bad, kb)
    assert "did you mean 'recipients'" in str(caught.value)
    bad.write_text(text_.replace("src:useu-tftp-oj", "src:nowhere", 1))
    with pytest.raises(DataError, match="unknown source 'src:nowhere'"):
        load(bad, kb)


def test_financial_messaging_to_the_united_states_waits_for_tftp(kb: KnowledgeBase) -> None:
    from ctcoop.exchange.gate import decide
    from ctcoop.exchange.model import DataCategory
    from ctcoop.model import Measure

    def go(on: dt.date) -> Any:
        return decide(
            kb,
            "DEU",
            "USA",
            Measure.INFORMATION_EXCHANGE,
            on,
            [DataCategory.FINANCIAL_MESSAGING],
            shipped(kb),
        )

    assert not go(D(2009, 6, 1)).allowed
    allowed = go(D(2011, 6, 1))
    assert allowed.allowed and allowed.to_json()["policy_bases"][0]["instrument"] == (
        "us-eu-2010-tftp"
    )
    # agencies of one state need no international basis
    assert decide(
        kb, "DEU", "DEU", Measure.INFORMATION_EXCHANGE, D(2009, 1, 1), [], shipped(kb)
    ).allowed


def test_the_migrated_schema_is_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import MetaData

    from ctcoop.exchange import store as module
    from ctcoop.platform import accounts, audit

    store = ExchangeStore.open(DataStore(tmp_path), key=new_key())
    models = MetaData()
    for base in (module.Base, audit.AuditBase, accounts.AccountsBase):
        for table in base.metadata.tables.values():
            table.to_metadata(models)
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": module.VERSION_TABLE}
        )
        assert compare_metadata(context, models) == []
    store.close()
