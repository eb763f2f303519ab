"""Why a list version was refused activation, and the operator's reason for accepting it anyway.

A database made before the store used migrations may have these columns already (an earlier
release added them on opening); they are added only where missing.

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

COLUMNS = ("rejected", "accepted")


def upgrade() -> None:
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("list_versions")}
    missing = [name for name in COLUMNS if name not in present]
    if missing:
        with op.batch_alter_table("list_versions") as batch:
            for name in missing:
                batch.add_column(sa.Column(name, sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("list_versions") as batch:
        for name in COLUMNS:
            batch.drop_column(name)
