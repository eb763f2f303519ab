"""The database of a service: a SQLite file in the data store by default, or any SQLAlchemy URL
(PostgreSQL where several users share one deployment), given by ``--db`` or an environment
variable. One place opens engines, so every service treats URLs, SQLite and errors alike."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from ctcoop.errors import DataError, InputError, Problem
from ctcoop.kb.store import DataStore

__all__ = ["database_url", "migrate", "open_engine", "safe_url", "unavailable"]


def database_url(data_store: DataStore, url: str | None, env: str, filename: str) -> str:
    """The URL given, else ``$env``, else the SQLite file ``filename`` in the data store;
    ``postgres://`` and ``postgresql://`` use the psycopg driver."""
    chosen = url or os.environ.get(env)
    if chosen:
        if chosen.startswith(("postgres://", "postgresql://")):
            chosen = "postgresql+psycopg://" + chosen.split("://", 1)[1]
        return chosen
    return f"sqlite:///{data_store.root / filename}"


def open_engine(url: str) -> Engine:
    """An engine for ``url`` (the SQLite file's folder made; foreign keys on); InputError
    naming ``--db`` for a URL SQLAlchemy cannot use."""
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(url, future=True)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise InputError(f"cannot use the database URL {url!r}: {exc}", argument="--db") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def safe_url(url: str) -> str:
    """The URL without its password, to show."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "the database URL"


def unavailable(url: str, what: str, exc: SQLAlchemyError) -> DataError:
    """The error for a database that cannot be opened or written."""
    detail = exc.orig if hasattr(exc, "orig") else exc
    return DataError(
        [
            Problem(
                safe_url(url),
                None,
                None,
                f"cannot open the {what} database: {exc.__class__.__name__}: {detail}",
                "check the URL, that the server runs and that you may connect",
            )
        ]
    )


ENVIRONMENT = Path(__file__).parent / "migrations"
"""The Alembic environment (``env.py``) every service's migrations run in."""


def migrate(
    engine: Engine,
    directory: Path,
    version_table: str,
    *,
    adopt: tuple[str, str] | None = None,
    tries: int = 5,
) -> None:
    """Make or upgrade a service's schema to its newest Alembic migration (``directory`` holds
    its ``versions/``; they run in the one environment of :data:`ENVIRONMENT`); nothing when it
    is current.

    ``adopt`` = (table, revision): a database made before the service used migrations is
    recognised by that table and stamped at that revision, then upgraded. Another process
    migrating the same new database at the same moment is not an error: the loser of the race
    finds the schema made and current on its next try."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect

    config = Config()
    config.set_main_option("script_location", str(ENVIRONMENT))
    config.set_main_option("path_separator", "os")  # a path may hold spaces
    config.set_main_option("version_locations", str(directory / "versions"))
    head = ScriptDirectory.from_config(config).get_current_head()
    for attempt in range(tries):
        try:
            with engine.begin() as connection:
                current = MigrationContext.configure(
                    connection, opts={"version_table": version_table}
                ).get_current_revision()
                if current == head:
                    return
                config.attributes["connection"] = connection
                config.attributes["version_table"] = version_table
                if current is None and adopt and inspect(connection).has_table(adopt[0]):
                    command.stamp(config, adopt[1])
                command.upgrade(config, "head")
            return
        except SQLAlchemyError as exc:
            raced = "already exists" in str(exc) or "duplicate key" in str(exc)
            if not raced or attempt + 1 == tries:
                raise
