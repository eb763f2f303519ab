"""The one Alembic environment of the services' databases (see
:func:`ctcoop.platform.storage.migrate`)."""
