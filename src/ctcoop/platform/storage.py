"""The database of a service: a SQLite file in the data store by default, or any SQLAlchemy URL
(PostgreSQL where several users share one deployment), given by ``--db`` or an environment
variable. One place opens engines, so every service treats URLs, SQLite and errors alike."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
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
    waits for it (the database's migration lock, :func:`_lock_for_migration`) and then finds
    the schema current. A version record no revision explains (a database touched by another
    tool) is a :class:`DataError`, not a traceback."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError
    from sqlalchemy import inspect

    config = Config()
    config.set_main_option("script_location", str(ENVIRONMENT))
    config.set_main_option("path_separator", "os")  # a path may hold spaces
    config.set_main_option("version_locations", str(directory / "versions"))
    head = ScriptDirectory.from_config(config).get_current_head()
    for attempt in range(tries):
        try:
            with engine.begin() as connection:
                _lock_for_migration(connection)
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
        except CommandError as exc:
            raise DataError(
                [
                    Problem(
                        safe_url(str(engine.url)),
                        None,
                        version_table,
                        f"the database's migration record cannot be followed: {exc}",
                        f"the table {version_table} should hold one row, a revision of "
                        f"{directory.parent.name}; restore the database from a backup",
                    )
                ]
            ) from None
        except SQLAlchemyError as exc:
            busy = "database is locked" in str(exc) or "could not obtain lock" in str(exc)
            if not busy or attempt + 1 == tries:
                raise


MIGRATION_LOCK = 0x637463_6F6F70
"""PostgreSQL advisory lock key ("ctcoop") held while a service's schema is migrated."""


def _lock_for_migration(connection: Connection) -> None:
    """Hold the database's write lock until ``connection``'s transaction ends, so that two
    processes migrating the same database take turns: SQLite's ``BEGIN IMMEDIATE`` (the Python
    driver would otherwise run DDL outside any transaction), PostgreSQL's transaction-scoped
    advisory lock (its DDL is transactional)."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
