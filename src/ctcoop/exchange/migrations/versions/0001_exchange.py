"""The exchange database: agencies, messages (bodies encrypted), deliveries, permission
requests, and the audit log.

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
        "agencies",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("channels", sa.String(200), nullable=False),
    )
    op.create_table(
        "messages",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("sender", sa.String(64), sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("header", sa.Text(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("retain_until", sa.String(10), nullable=True),
        sa.Column("forwarded_from", sa.String(80), nullable=True),
    )
    op.create_index("ix_messages_sender", "messages", ["sender"])
    op.create_index("ix_messages_forwarded_from", "messages", ["forwarded_from"])
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("message_id", sa.String(80), sa.ForeignKey("messages.id"), nullable=False),
        sa.Column("recipient", sa.String(64), sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.UniqueConstraint("message_id", "recipient", name="uq_delivery"),
    )
    op.create_index("ix_deliveries_message_id", "deliveries", ["message_id"])
    op.create_index("ix_deliveries_recipient", "deliveries", ["recipient"])
    op.create_table(
        "permissions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("message_id", sa.String(80), sa.ForeignKey("messages.id"), nullable=False),
        sa.Column("requester", sa.String(64), sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("use", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
    )
    op.create_index("ix_permissions_message_id", "permissions", ["message_id"])
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
    for table in ("audit_log", "permissions", "deliveries", "messages", "agencies"):
        op.drop_table(table)
