"""The monitoring tables: assessments, their versioned answers and FATF ratings (in the casework
database, whose accounts and log they share).

Revision ID: m0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "m0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("on", sa.String(10), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("created", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
    )
    op.create_index("ix_assessments_state", "assessments", ["state"])
    op.create_index("ix_assessments_on", "assessments", ["on"])
    op.create_table(
        "assessment_answers",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("assessment_id", sa.String(40), sa.ForeignKey("assessments.id"), nullable=False),
        sa.Column("question", sa.String(120), nullable=False),
        sa.Column("score", sa.String(16), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("assistance", sa.Text(), nullable=False),
        sa.Column("derived", sa.Boolean(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
    )
    op.create_index("ix_assessment_answers_assessment_id", "assessment_answers", ["assessment_id"])
    op.create_index("ix_assessment_answers_recorded_at", "assessment_answers", ["recorded_at"])
    op.create_table(
        "fatf_ratings",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("assessed", sa.String(10), nullable=False),
        sa.Column("ratings", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.String(32), nullable=False),
        sa.Column("imported_by", sa.String(200), nullable=False),
    )
    op.create_index("ix_fatf_ratings_state", "fatf_ratings", ["state"])


def downgrade() -> None:
    op.drop_table("fatf_ratings")
    op.drop_table("assessment_answers")
    op.drop_table("assessments")
