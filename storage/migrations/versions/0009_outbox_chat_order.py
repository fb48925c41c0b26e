"""outbox: pending messages by chat, so each chat's messages go out in id order

Revision ID: 0009_outbox_chat_order
Revises: 0008_actor_convention
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009_outbox_chat_order"
down_revision: str | Sequence[str] | None = "0008_actor_convention"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_outbox_messages_state_chat_id_id", "outbox_messages", ["state", "chat_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_outbox_messages_state_chat_id_id", table_name="outbox_messages")
