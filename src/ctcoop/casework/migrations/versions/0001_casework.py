"""The casework database: accounts, cases with their attachments, and the audit log.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
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
    op.create_table(
        "cases",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("requesting", sa.String(8), nullable=False),
        sa.Column("requested", sa.String(8), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("authority", sa.String(64), nullable=True),
        sa.Column("counterpart", sa.String(64), nullable=True),
        sa.Column("due", sa.String(10), nullable=True),
        sa.Column("updated", sa.String(32), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
    )
    for column in ("requesting", "requested", "state", "authority", "counterpart", "due"):
        op.create_index(f"ix_cases_{column}", "cases", [column])
    op.create_table(
        "case_attachments",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_case_attachments_case_id", "case_attachments", ["case_id"])
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("previous", sa.String(64), nullable=False, unique=True),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_log_subject", "audit_log", ["subject"])


def downgrade() -> None:
    for index, table in (
        ("ix_audit_log_subject", "audit_log"),
        ("ix_case_attachments_case_id", "case_attachments"),
        ("ix_sessions_username", "sessions"),
        ("ix_users_authority", "users"),
    ):
        op.drop_index(index, table_name=table)
    for column in ("requesting", "requested", "state", "authority", "counterpart", "due"):
        op.drop_index(f"ix_cases_{column}", table_name="cases")
    for table in ("audit_log", "case_attachments", "cases", "sessions", "users", "authorities"):
        op.drop_table(table)
