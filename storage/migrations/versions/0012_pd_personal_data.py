"""personal data: the access log, the accepted consent's version, erased people and anonymised consultations

Revision ID: 0012_pd
Revises: 0011_outbox_sent_message
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0012_pd"
down_revision: str | Sequence[str] | None = "0011_outbox_sent_message"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("created_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("subject", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.BigInteger(), nullable=True),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_audit_log_actor_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log") as batch:
        batch.create_index("ix_audit_log_created_at_id", ["created_at", "id"], unique=False)
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("consent_version", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("forgotten_at", storage.models.base.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("consultations") as batch:
        batch.add_column(sa.Column("anonymised_at", storage.models.base.UTCDateTime(timezone=True), nullable=True))
        # The retention job looks for closed consultations by their closing time.
        batch.create_index("ix_consultations_closed_at", ["closed_at"], unique=False)


def downgrade() -> None:
    # The access log first (it points at users); then the columns, dropped in place (SQLite 3.35+ can):
    # recreating `users` on SQLite would mean dropping a table every other table points at.
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_index("ix_audit_log_created_at_id")
    op.drop_table("audit_log")
    with op.batch_alter_table("consultations", recreate="never") as batch:
        batch.drop_index("ix_consultations_closed_at")
        batch.drop_column("anonymised_at")
    with op.batch_alter_table("users", recreate="never") as batch:
        batch.drop_column("forgotten_at")
        batch.drop_column("consent_version")
