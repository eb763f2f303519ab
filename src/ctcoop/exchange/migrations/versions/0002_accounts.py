"""Accounts of the exchange: each agency's users (officer, supervisor, auditor) and sessions.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "authorities",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("authority", sa.String(64), sa.ForeignKey("authorities.id"), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
    )
    op.create_index("ix_users_authority", "users", ["authority"])
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("username", sa.String(64), sa.ForeignKey("users.username"), nullable=False),
        sa.Column("expires", sa.String(32), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
    )
    op.create_index("ix_sessions_username", "sessions", ["username"])


def downgrade() -> None:
    op.drop_index("ix_sessions_username", table_name="sessions")
    op.drop_index("ix_users_authority", table_name="users")
    for table in ("sessions", "users", "authorities"):
        op.drop_table(table)
