"""Shared fixtures: the shipped knowledge base, a small test one, and the reference data folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ctcoop.kb import KnowledgeBase, load_kb

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own empty data store: never the user's own folder, nor a resident
    process the user started (tests/cli/test_resident.py starts its own)."""
    path = tmp_path_factory.mktemp("store")
    monkeypatch.setenv("CTCOOP_DATA_DIR", str(path))
    monkeypatch.setenv("CTCOOP_RESIDENT", "0")  # nor the user's resident process
    return path


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The knowledge base shipped in the package."""
    return load_kb()


@pytest.fixture(scope="session")
def small_kb() -> KnowledgeBase:
    """A small self-made knowledge base (tests/fixtures/kb/good): not real law."""
    return load_kb(FIXTURES / "kb" / "good")


@pytest.fixture(scope="session")
def reference_data() -> Path:
    """The shared real reference data (../shared/data or $CTCOOP_REFERENCE_DATA)."""
    path = Path(os.environ.get("CTCOOP_REFERENCE_DATA", ROOT.parent / "shared" / "data"))
    if not path.is_dir():
        pytest.skip(f"reference data not found at {path}; set CTCOOP_REFERENCE_DATA")
    return path


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL of the test PostgreSQL server ($CTCOOP_TEST_POSTGRES_URL; the project's
    scripts/postgres-test-server.sh starts one) whose search path is a fresh schema, dropped after
    the test; skipped with the reason when there is no server."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    from ctcoop.kb.store import DataStore
    from ctcoop.platform.storage import database_url

    url = os.environ.get("CTCOOP_TEST_POSTGRES_URL")
    if not url:
        pytest.skip(
            "no PostgreSQL server: set CTCOOP_TEST_POSTGRES_URL "
            "(scripts/postgres-test-server.sh starts one and prints it)"
        )
    base = database_url(DataStore(Path()), url, "CTCOOP_TEST_POSTGRES_URL", "unused.sqlite")
    schema = f"ctcoop_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL at $CTCOOP_TEST_POSTGRES_URL is not reachable: {exc.orig}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
