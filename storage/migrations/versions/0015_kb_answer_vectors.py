"""answers: sentence vectors of published answers (the search's second signal)

Revision ID: 0015_kbvec
Revises: 0014_kb_templates
Create Date: 2026-11-27 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_kbvec"
down_revision: str | Sequence[str] | None = "0014_kb_templates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "answer_vectors",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("answer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["published_answers.id"],
            name=op.f("fk_answer_vectors_answer_id_published_answers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_vectors")),
    )
    with op.batch_alter_table("answer_vectors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_answer_vectors_answer_id"), ["answer_id"], unique=True)
    # Answers published before this revision (the base came in 0013, the same round) have no vector: the
    # search ranks them by their words alone until they are reindexed (any edit does it).


def downgrade() -> None:
    with op.batch_alter_table("answer_vectors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answer_vectors_answer_id"))
    op.drop_table("answer_vectors")
