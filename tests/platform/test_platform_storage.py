"""A service's schema migration: two processes migrating one new database take turns (the
database's migration lock), and a version record no revision explains is a clear error."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from ctcoop.errors import DataError
from ctcoop.platform import storage
from ctcoop.screening import store as screening

HEAD = "0002"


def _version_rows(url: str) -> list[str]:
    engine = storage.open_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(f"SELECT version_num FROM {screening.VERSION_TABLE}"))
            return [row[0] for row in rows]
    finally:
        engine.dispose()


def _waits_for_the_lock(url: str) -> None:
    """Hold the migration lock on one connection; a migration on another engine waits for it
    and, once it is released, makes the schema: one version row, at the head."""
    holder, migrating = storage.open_engine(url), storage.open_engine(url)
    done = threading.Event()
    failed: list[BaseException] = []

    def run() -> None:
        try:
            storage.migrate(migrating, screening.MIGRATIONS, screening.VERSION_TABLE)
        except BaseException as exc:  # reported to the test below
            failed.append(exc)
        done.set()

    try:
        with holder.begin() as connection:
            storage._lock_for_migration(connection)
            worker = threading.Thread(target=run)
            worker.start()
            assert not done.wait(1.0), "the migration ran while another held the lock"
        worker.join(60)
        assert done.is_set() and not failed, failed
        assert _version_rows(url) == [HEAD]
    finally:
        holder.dispose()
        migrating.dispose()


def test_sqlite_migrations_take_turns(tmp_path: Path) -> None:
    _waits_for_the_lock(f"sqlite:///{tmp_path / 'screening.sqlite'}")


def test_postgresql_migrations_take_turns(postgres_url: str) -> None:
    _waits_for_the_lock(postgres_url)


def test_a_tangled_version_record_is_a_clear_error(tmp_path: Path) -> None:
    """Two rows in the version table (what an unserialised race once left): the store refuses
    with the table and the fix, and changes nothing."""
    url = f"sqlite:///{tmp_path / 'screening.sqlite'}"
    screening.ScreeningStore(url).close()
    engine = storage.open_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"INSERT INTO {screening.VERSION_TABLE} VALUES ('0001')"))
    engine.dispose()
    with pytest.raises(DataError) as caught:
        screening.ScreeningStore(url)
    message = str(caught.value)
    assert screening.VERSION_TABLE in message and "restore the database" in message
    assert sorted(_version_rows(url)) == ["0001", HEAD]
