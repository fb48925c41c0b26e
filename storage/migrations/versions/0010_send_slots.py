"""send_slots: the global send rate shared by every instance on PostgreSQL without Redis

Revision ID: 0010_send_slots
Revises: 0009_outbox_chat_order
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_send_slots"
down_revision: str | Sequence[str] | None = "0009_outbox_chat_order"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Rows are added by the bot for its rate (workers.send_budget.PostgresBudget).
    op.create_table(
        "send_slots",
        sa.Column("slot", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("stamp", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("slot", name=op.f("pk_send_slots")),
    )


def downgrade() -> None:
    op.drop_table("send_slots")
