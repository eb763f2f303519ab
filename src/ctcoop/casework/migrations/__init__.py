"""Alembic migrations of the casework database (cases, attachments, the audit log, accounts)."""
