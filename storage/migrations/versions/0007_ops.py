"""ops: worker heartbeats

Revision ID: 0007_ops
Revises: 0006_indicator_indexes
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0007_ops"
down_revision: str | Sequence[str] | None = "0006_indicator_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "worker_heartbeats",
        sa.Column("worker", sa.String(length=32), nullable=False),
        sa.Column("instance", sa.String(length=64), nullable=False),
        sa.Column("started_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("beat_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("worker", "instance", name=op.f("pk_worker_heartbeats")),
    )


def downgrade() -> None:
    op.drop_table("worker_heartbeats")
