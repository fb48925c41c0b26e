"""answers: a covering index for the search's ranking (term, answer, weight)

Revision ID: 0016_kbterm
Revises: 0015_kbvec
Create Date: 2026-11-28 14:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016_kbterm"
down_revision: str | Sequence[str] | None = "0015_kbvec"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("answer_terms", schema=None) as batch_op:
        batch_op.create_index("ix_answer_terms_term_answer_id_weight", ["term", "answer_id", "weight"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("answer_terms", schema=None) as batch_op:
        batch_op.drop_index("ix_answer_terms_term_answer_id_weight")
