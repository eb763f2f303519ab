"""The case store and its hash-chained log, on SQLite and (when $CTCOOP_TEST_POSTGRES_URL names a
server) on PostgreSQL: the same checks on both."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from ctcoop.casework import store as store_module
from ctcoop.casework.model import Case, CaseKind, CaseOffence, CaseState, Direction
from ctcoop.casework.store import CaseStore
from ctcoop.errors import InputError, NotFoundError
from ctcoop.kb.store import DataStore
from ctcoop.platform import audit


def new(cases: CaseStore) -> Case:
    case = Case(
        id="",
        kind=CaseKind.EXTRADITION,
        direction=Direction.OUTGOING,
        requesting="IND",
        requested="PAK",
        on=dt.date(2010, 1, 1),
        offences=(CaseOffence("terrorist_bombing", "2009-05-01", "Mumbai"),),
    )
    return cases.create(case, "alice")


def check_cases_and_log(cases: CaseStore, tmp: Path) -> None:
    made = new(cases)
    assert made.id.startswith("case-") and cases.get(made.id) == made
    changed = cases.save(
        replace(made, texts={"facts": "A bomb."}), "bob", "edit", {"set": {"facts": "A bomb."}}
    )
    assert cases.get(made.id).texts == {"facts": "A bomb."} and changed.updated
    file = tmp / "warrant.txt"
    file.write_bytes(b"warrant 1")
    found = cases.attach(made.id, file, "bob")
    assert found.sha256 == hashlib.sha256(b"warrant 1").hexdigest() and found.size == 9
    assert [a.name for a in cases.attachments(made.id)] == ["warrant.txt"]
    log = cases.log(made.id)
    assert [(e.actor, e.action) for e in log] == [
        ("alice", "create"),
        ("bob", "edit"),
        ("bob", "attach"),
    ]
    assert log[1].previous == log[0].hash
    checked = cases.verify()
    assert (checked.entries, checked.broken) == (3, None)
    assert checked.head == audit.Anchor(log[-1].seq, log[-1].hash)
    with pytest.raises(NotFoundError):
        cases.get("case-nothere")


def check_tampering_is_found(cases: CaseStore, tmp: Path) -> None:
    made = new(cases)
    cases.save(replace(made, texts={"facts": "x"}), "bob", "edit", {"set": {"facts": "x"}})
    cases.save(replace(made, state=CaseState.WITHDRAWN), "bob", "advance", {"to": "withdrawn"})
    with cases.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE action = 'edit'"))
    checked = cases.verify()
    broken = checked.broken
    assert checked.entries == 3 and broken is not None
    edit = next(e for e in cases.log() if e.action == "edit")
    assert broken.seq == edit.seq and "changed" in broken.reason
    with cases.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET actor = 'bob' WHERE action = 'edit'"))
        connection.execute(text("DELETE FROM audit_log WHERE action = 'edit'"))
    broken = cases.verify().broken
    assert broken is not None and "removed or moved" in broken.reason


def check_an_anchor_finds_a_rewritten_or_removed_tail(cases: CaseStore, tmp: Path) -> None:
    """The last entry replaced by a forged one with a fresh hash, or removed, leaves a sound
    chain; the head recorded before shows both."""
    from sqlalchemy.orm import Session

    made = new(cases)
    cases.save(replace(made, texts={"facts": "x"}), "bob", "edit", {"set": {"facts": "x"}})
    head = cases.verify().head
    assert head is not None and cases.verify([head]).broken is None
    with Session(cases.engine) as session, session.begin():
        session.execute(text("DELETE FROM audit_log WHERE seq = :seq"), {"seq": head.seq})
        audit.append(session, "mallory", "edit", made.id, {"set": {"facts": "y"}})
    forged = cases.verify()
    assert forged.broken is None and forged.head != head  # the chain alone cannot tell
    broken = cases.verify([head]).broken
    assert broken is not None and broken.seq == head.seq and "rewritten" in broken.reason
    with cases.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE actor = 'mallory'"))
    broken = cases.verify([head]).broken
    assert broken is not None and broken.seq == head.seq and "no longer in the log" in broken.reason


def check_a_refused_attachment_changes_nothing(cases: CaseStore, tmp: Path) -> None:
    made = new(cases)
    big = tmp / "big.bin"
    big.write_bytes(b"x" * 2048)
    before = len(cases.log())
    original = store_module.MAX_ATTACHMENT
    store_module.MAX_ATTACHMENT = 1024
    try:
        with pytest.raises(InputError, match="over the 1,024"):
            cases.attach(made.id, big, "bob")
    finally:
        store_module.MAX_ATTACHMENT = original
    with pytest.raises(InputError, match="cannot read"):
        cases.attach(made.id, tmp / "missing.pdf", "bob")
    assert cases.attachments(made.id) == [] and len(cases.log()) == before


def check_the_migrations_make_the_models_schema(cases: CaseStore, tmp: Path) -> None:
    """Alembic's schema and the SQLAlchemy models (cases, audit log, accounts) agree, column
    by column and index by index: the shape is declared in the models and migrated, not drifted."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import MetaData

    from ctcoop.platform import accounts, audit

    models = MetaData()
    for base in (store_module.Base, audit.AuditBase, accounts.AccountsBase):
        for table in base.metadata.tables.values():
            table.to_metadata(models)
    with cases.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": store_module.VERSION_TABLE}
        )
        assert context.get_current_revision() == "0001"
        assert compare_metadata(context, models) == []
    CaseStore(cases.url).close()  # opening again finds it current and changes nothing


CHECKS: list[Callable[[CaseStore, Path], None]] = [
    check_the_migrations_make_the_models_schema,
    check_cases_and_log,
    check_tampering_is_found,
    check_an_anchor_finds_a_rewritten_or_removed_tail,
    check_a_refused_attachment_changes_nothing,
]


@pytest.fixture
def sqlite(tmp_path: Path) -> Iterator[CaseStore]:
    cases = CaseStore.open(DataStore(tmp_path / "store"))
    yield cases
    cases.close()


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_sqlite(
    sqlite: CaseStore, check: Callable[[CaseStore, Path], None], tmp_path: Path
) -> None:
    assert sqlite.engine.dialect.name == "sqlite"
    check(sqlite, tmp_path)


@pytest.fixture
def postgres(postgres_url: str) -> Iterator[CaseStore]:
    cases = CaseStore(postgres_url)
    try:
        yield cases
    finally:
        cases.close()


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_postgresql(
    postgres: CaseStore, check: Callable[[CaseStore, Path], None], tmp_path: Path
) -> None:
    assert postgres.engine.dialect.name == "postgresql"
    check(postgres, tmp_path)


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("12", "is not SEQ:HASH"),
        ("0:" + "a" * 64, "is not SEQ:HASH"),
        ("x:" + "a" * 64, "is not SEQ:HASH"),
        ("3:abc", "64 hexadecimal"),
        ("3:" + "g" * 64, "64 hexadecimal"),
    ],
)
def test_a_malformed_anchor_says_what_it_takes(given: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        audit.Anchor.parse(given)
    anchor = audit.Anchor.parse(" 3:" + "AB" * 32)
    assert str(anchor) == "3:" + "ab" * 32 and audit.Anchor.parse(str(anchor)) == anchor
