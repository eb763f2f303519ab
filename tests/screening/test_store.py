"""The screening store: versions by hash, the active pointer, failed loads, runs; SQLite always,
PostgreSQL when $CTCOOP_TEST_POSTGRES_URL names a server (scripts/postgres-test-server.sh)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from ctcoop.errors import DataError, InputError, NotFoundError
from ctcoop.kb.store import DataStore
from ctcoop.screening.store import Hit, ScreeningStore, database_url, query_key

FIXTURES = Path(__file__).parent / "fixtures"
V1, V2 = FIXTURES / "un-v1.xml", FIXTURES / "un-v2.xml"
BAD = [
    "un-truncated.xml",
    "un-external-entity.xml",
    "un-entity-expansion.xml",
    "un-wrong-root.xml",
    "un-bad-date.xml",
    "un-missing-reference.xml",
]


def test_default_database_is_in_the_data_store(tmp_path: Path) -> None:
    data = DataStore(tmp_path / "d")
    assert database_url(data) == f"sqlite:///{tmp_path / 'd' / 'screening.sqlite'}"
    assert database_url(data, "postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_environment_names_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTCOOP_SCREENING_DB", f"sqlite:///{tmp_path / 'other.sqlite'}")
    store = ScreeningStore.open(DataStore(tmp_path / "d"))
    store.load(V1)
    store.close()
    assert (tmp_path / "other.sqlite").is_file()
    assert not (tmp_path / "d" / "screening.sqlite").exists()


def check_versions_and_activation(store: ScreeningStore) -> None:
    first = store.load(V1)
    assert (first.created, first.activated, first.previous_active) == (True, True, None)
    assert first.version.counts["Person"] == 2
    assert str(first.version.published) == "2019-03-01"

    again = store.load(V1)  # the same file: the same version, nothing added
    assert (again.created, again.version.id) == (False, first.version.id)
    assert len(store.versions("un")) == 1

    second = store.load(V2)
    assert second.created and second.activated
    assert store.active("un") == store.version(second.version.id)

    older = store.load(V1)  # loading an older file again does not move the pointer back
    assert not older.activated
    assert store.active("un").id == second.version.id  # type: ignore[union-attr]
    forced = store.load(V1, activate=True)
    assert forced.activated and store.active("un").id == first.version.id  # type: ignore[union-attr]
    store.activate(second.version.id)

    old, new = store.latest_two("un")
    assert (old.id, new.id) == (first.version.id, second.version.id)
    ids = {e.id for e in store.entities(new.id)}
    assert "un-9000004" in ids and "un-9000002" not in ids
    people = store.entities(new.id, ["Person"])
    assert {e.schema.name for e in people} == {"Person"}


def check_failed_loads_change_nothing(store: ScreeningStore) -> None:
    good = store.load(V1).version
    for name in BAD:
        with pytest.raises(DataError):
            store.load(FIXTURES / name, "un")
        assert store.active("un") == good
        assert [v.id for v in store.versions()] == [good.id]


def check_runs(store: ScreeningStore) -> None:
    version = store.load(V1).version
    queries = [{"id": "c-1", "name": "John Example"}, {"name": "Nobody Known"}]
    run = store.record_run(
        list_name="un",
        version_id=version.id,
        matcher="test.Exact",
        threshold=0.8,
        results=[
            (queries[0], [Hit("un-9000001", 0.93, ("name: close",), "QDi.901")]),
            (queries[1], []),
        ],
    )
    assert store.screened_queries("un") == queries
    assert store.reported("un") == {("id:c-1", "un-9000001")}
    assert store.results(run) == [("id:c-1", Hit("un-9000001", 0.93, ("name: close",), "QDi.901"))]
    info = store.runs("un")[0]
    assert (info.id, info.kind, info.queries, info.hits, info.threshold) == (
        run,
        "screen",
        2,
        1,
        0.8,
    )
    assert store.screened_queries("eu") == []


def check_the_migrations_make_the_models_schema(store: ScreeningStore) -> None:
    """Alembic's schema and the SQLAlchemy models agree, column by column and index by index;
    opening the store again finds it current and changes nothing."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from ctcoop.screening import store as module
    from ctcoop.screening.tables import Base

    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": module.VERSION_TABLE}
        )
        assert context.get_current_revision() == "0002"
        assert compare_metadata(context, Base.metadata) == []
    ScreeningStore(store.url).close()
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": module.VERSION_TABLE}
        )
        assert context.get_current_revision() == "0002"


CHECKS = [
    check_the_migrations_make_the_models_schema,
    check_versions_and_activation,
    check_failed_loads_change_nothing,
    check_runs,
]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_sqlite(screening: ScreeningStore, check) -> None:  # type: ignore[no-untyped-def]
    check(screening)


@pytest.fixture
def postgres(postgres_url: str) -> Iterator[ScreeningStore]:
    store = ScreeningStore(postgres_url)
    try:
        yield store
    finally:
        store.close()


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_postgresql(postgres: ScreeningStore, check) -> None:  # type: ignore[no-untyped-def]
    assert postgres.engine.dialect.name == "postgresql"
    check(postgres)


def test_unknown_version(screening: ScreeningStore) -> None:
    with pytest.raises(NotFoundError):
        screening.version(42)


def test_two_versions_are_needed_to_compare(screening: ScreeningStore) -> None:
    screening.load(V1)
    with pytest.raises(InputError, match="1 stored version"):
        screening.latest_two("un")


def test_publication_date_can_be_given(screening: ScreeningStore, ofac_dir: Path) -> None:
    loaded = screening.load(ofac_dir, published=dt.date(2021, 7, 1))
    assert loaded.version.list_name == "ofac-sdn"
    assert loaded.version.published == dt.date(2021, 7, 1)


@pytest.mark.parametrize(
    ("query", "key"),
    [({"id": 7, "name": "A"}, "id:7"), ({"name": "A", "dob": "1970"}, None)],
)
def test_query_keys(query: dict[str, object], key: str | None) -> None:
    found = query_key(query)
    if key is not None:
        assert found == key
    else:
        assert found.startswith("sha:")
        assert found == query_key(dict(reversed(list(query.items()))))  # order does not matter
        assert found != query_key({**query, "dob": "1971"})


def test_bad_database_url(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot use the database URL"):
        ScreeningStore("nosuchdialect://x")


def test_real_snapshots_load_once(screening: ScreeningStore, un_2018: Path, un_2026: Path) -> None:
    new = screening.load(un_2026)
    old = screening.load(un_2018)
    assert new.version.counts["Person"] == 730 and new.version.counts["Organization"] == 273
    assert old.created and not old.activated  # published earlier: 2026 stays active
    assert screening.load(un_2026).created is False
    assert screening.active("un").id == new.version.id  # type: ignore[union-attr]
