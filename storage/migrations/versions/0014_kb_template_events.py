"""answers: the log of the lawyers' templates (created, edited, retired: who, when, before and after)

Revision ID: 0014_kb_templates
Revises: 0013_kb
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import storage.models.base

revision: str = "0014_kb_templates"
down_revision: str | Sequence[str] | None = "0013_kb"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "answer_template_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("template_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("created", "edited", "retired", name="templateeventkind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("actor_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("created_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_answer_template_events_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["answer_templates.id"],
            name=op.f("fk_answer_template_events_template_id_answer_templates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_template_events")),
    )
    with op.batch_alter_table("answer_template_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_answer_template_events_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index("ix_answer_template_events_template_id_id", ["template_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("answer_template_events", schema=None) as batch_op:
        batch_op.drop_index("ix_answer_template_events_template_id_id")
        batch_op.drop_index(batch_op.f("ix_answer_template_events_actor_id"))
    op.drop_table("answer_template_events")
