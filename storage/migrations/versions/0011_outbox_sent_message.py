"""outbox_messages.sent_message_id: the message a row became, to edit it when it no longer applies

Revision ID: 0011_outbox_sent_message
Revises: 0010_send_slots
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_outbox_sent_message"
down_revision: str | Sequence[str] | None = "0010_send_slots"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(sa.Column("sent_message_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_column("sent_message_id")
