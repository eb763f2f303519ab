"""Alembic migrations of the monitoring tables (in the casework database)."""
