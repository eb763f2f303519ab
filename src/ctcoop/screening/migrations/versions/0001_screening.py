"""The screening store as first released: list versions and their entities, the active version of
each list, and screening runs with their queries and results.

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
        "list_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("list_name", sa.String(40), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("publisher", sa.Text, nullable=False),
        sa.Column("published", sa.Date, nullable=True),
        sa.Column("published_at", sa.String(64), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("loaded_at", sa.DateTime, nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.UniqueConstraint("list_name", "sha256", name="uq_list_hash"),
    )
    op.create_index("ix_list_versions_list_name", "list_versions", ["list_name"])
    op.create_table(
        "list_entities",
        sa.Column(
            "version_id",
            sa.Integer,
            sa.ForeignKey("list_versions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("entity_id", sa.String(200), primary_key=True),
        sa.Column("schema", sa.String(40), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "active_lists",
        sa.Column("list_name", sa.String(40), primary_key=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("list_versions.id"), nullable=False),
        sa.Column("activated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "screening_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("list_name", sa.String(40), nullable=False),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("list_versions.id"), nullable=False),
        sa.Column("base_version_id", sa.Integer, nullable=True),
        sa.Column("matcher", sa.String(200), nullable=False),
        sa.Column("threshold", sa.Float, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("queries", sa.Integer, nullable=False),
        sa.Column("hits", sa.Integer, nullable=False),
    )
    op.create_index("ix_screening_runs_list_name", "screening_runs", ["list_name"])
    op.create_table(
        "screened_queries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("screening_runs.id"), nullable=False),
        sa.Column("query_key", sa.String(200), nullable=False),
        sa.Column("query", sa.JSON, nullable=False),
    )
    op.create_index("ix_screened_queries_run_id", "screened_queries", ["run_id"])
    op.create_index("ix_screened_queries_query_key", "screened_queries", ["query_key"])
    op.create_table(
        "screening_results",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("screening_runs.id"), nullable=False),
        sa.Column("query_key", sa.String(200), nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("designation", sa.String(200), nullable=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("explanations", sa.JSON, nullable=False),
    )
    op.create_index("ix_screening_results_run_id", "screening_results", ["run_id"])
    op.create_index("ix_screening_results_query_key", "screening_results", ["query_key"])


def downgrade() -> None:
    for table in (
        "screening_results",
        "screened_queries",
        "screening_runs",
        "active_lists",
        "list_entities",
        "list_versions",
    ):
        op.drop_table(table)
