"""Alembic's environment for a service's database: run on the connection and with the version
table the store passes in ``config.attributes`` (never from a URL in a file); see
:func:`ctcoop.platform.storage.migrate`."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    version_table=context.config.attributes["version_table"],
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
