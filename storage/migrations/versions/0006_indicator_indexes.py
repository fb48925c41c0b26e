"""indicators: roll-ups by month and by day, covering indexes for live hot line counts, cached past years

Revision ID: 0006_indicator_indexes
Revises: 0005_staff
Create Date: 2026-11-23 06:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import storage.models.base

revision: str = "0006_indicator_indexes"
down_revision: str | Sequence[str] | None = "0005_staff"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")


def _roll_up_tables(*, with_day: bool) -> None:
    """The roll-ups are a cache of the consultation log: they are rebuilt, not migrated."""
    day = [sa.Column("day", sa.SmallInteger(), nullable=False)] if with_day else []
    key = ["year", "month", "day"] if with_day else ["year", "month"]
    op.create_table(
        "consultation_month_stats",
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("month", sa.SmallInteger(), nullable=False),
        *day,
        sa.Column("region_code", sa.String(length=32), nullable=False),
        sa.Column("asked", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("rating_sum", sa.Integer(), nullable=False),
        sa.Column("rating_count", sa.Integer(), nullable=False),
        *([] if with_day else [sa.Column("answer_hours", JSON, nullable=False)]),
        sa.PrimaryKeyConstraint(*key, "region_code", name=op.f("pk_consultation_month_stats")),
    )
    op.create_table(
        "consultation_stats_months",
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("month", sa.SmallInteger(), nullable=False),
        *([sa.Column("day", sa.SmallInteger(), nullable=False)] if with_day else []),
        sa.Column("rolled_up_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        *([sa.Column("answer_hours", JSON, nullable=True)] if with_day else []),
        sa.PrimaryKeyConstraint(*key, name=op.f("pk_consultation_stats_months")),
    )


def upgrade() -> None:
    op.drop_table("consultation_month_stats")
    op.drop_table("consultation_stats_months")
    _roll_up_tables(with_day=True)
    op.create_table(
        "computed_year_values",
        sa.Column("indicator_code", sa.String(length=24), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("computed_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("indicator_code", "year", name=op.f("pk_computed_year_values")),
    )
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_index("ix_consultations_created_at")
        batch_op.create_index("ix_consultations_created_at_region", ["created_at", "region_code"], unique=False)
        batch_op.create_index(
            "ix_consultations_first_answer_cover", ["first_answered_at", "region_code", "created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_index("ix_consultations_first_answer_cover")
        batch_op.drop_index("ix_consultations_created_at_region")
        batch_op.create_index("ix_consultations_created_at", ["created_at"], unique=False)
    op.drop_table("computed_year_values")
    op.drop_table("consultation_month_stats")
    op.drop_table("consultation_stats_months")
    _roll_up_tables(with_day=False)
