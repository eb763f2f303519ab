"""Alembic migrations of the exchange database (agencies, messages, deliveries, permissions,
the audit log)."""
