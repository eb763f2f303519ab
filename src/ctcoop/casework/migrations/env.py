"""Alembic's environment for the casework database: run on the connection the store passes in
``config.attributes["connection"]`` (never from a URL in a file)."""

from __future__ import annotations

from alembic import context

VERSION_TABLE = "casework_alembic_version"

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
