"""foundation: users, consultations, outbox, jobs, fsm

Revision ID: 0001_foundation
Revises: 
Create Date: 2026-11-23 05:42:52.631064
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text

import storage.models.base
from sqlalchemy.dialects import postgresql

revision: str = '0001_foundation'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('fsm_records',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('state', sa.String(length=255), nullable=True),
    sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('updated_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_fsm_records'))
    )
    op.create_table('scheduled_jobs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=48), nullable=False),
    sa.Column('ref_id', sa.BigInteger(), nullable=False),
    sa.Column('due_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('state', sa.Enum('pending', 'done', 'cancelled', 'failed', name='jobstate', native_enum=False, length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('done_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('locked_by', sa.String(length=64), nullable=True),
    sa.Column('locked_until', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduled_jobs')),
    sa.UniqueConstraint('kind', 'ref_id', 'due_at', name=op.f('uq_scheduled_jobs_kind_ref_id_due_at'))
    )
    with op.batch_alter_table('scheduled_jobs', schema=None) as batch_op:
        batch_op.create_index('ix_scheduled_jobs_state_due_at', ['state', 'due_at'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('telegram_id', sa.BigInteger(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=True),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.String(length=200), nullable=False),
    sa.Column('community', sa.String(length=200), nullable=False),
    sa.Column('region_code', sa.String(length=32), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('role', sa.Enum('official', 'lawyer', 'admin', name='role', native_enum=False, length=16), nullable=False),
    sa.Column('is_editor', sa.Boolean(), nullable=False),
    sa.Column('consent_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('registered_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('blocked_bot_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_telegram_id'), ['telegram_id'], unique=True)

    op.create_table('consultations',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('official_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('lawyer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('topic_code', sa.String(length=32), nullable=False),
    sa.Column('region_code', sa.String(length=32), nullable=True),
    sa.Column('status', sa.Enum('open', 'assigned', 'clarification', 'answered', 'closed', name='consultationstatus', native_enum=False, length=32), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('due_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('first_answered_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_answered_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('rating', sa.SmallInteger(), nullable=True),
    sa.Column('rating_comment', sa.Text(), nullable=True),
    sa.Column('answer_undelivered', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['lawyer_id'], ['users.id'], name=op.f('fk_consultations_lawyer_id_users')),
    sa.ForeignKeyConstraint(['official_id'], ['users.id'], name=op.f('fk_consultations_official_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultations'))
    )
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.create_index('ix_consultations_first_answered_at', ['first_answered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultations_lawyer_id'), ['lawyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultations_official_id'), ['official_id'], unique=False)
        batch_op.create_index('ix_consultations_status_topic_created', ['status', 'topic_code', 'created_at'], unique=False)

    op.create_table('lawyer_topics',
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('topic_code', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_lawyer_topics_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'topic_code', name=op.f('pk_lawyer_topics'))
    )
    op.create_table('consultation_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('consultation_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.Enum('created', 'routed', 'taken', 'message_in', 'message_out', 'clarification_requested', 'clarification_provided', 'answered', 'handed_over', 'released', 'follow_up', 'reopened', 'rated', 'closed', 'auto_closed', 'overdue_lawyer_reminded', 'overdue_admin_escalated', 'delivery_failed', name='eventkind', native_enum=False, length=32), nullable=False),
    sa.Column('actor_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('payload', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_consultation_events_actor_id_users')),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_events_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_events'))
    )
    with op.batch_alter_table('consultation_events', schema=None) as batch_op:
        batch_op.create_index('ix_consultation_events_consultation_id_id', ['consultation_id', 'id'], unique=False)
        batch_op.create_index('ix_consultation_events_kind_created_at', ['kind', 'created_at'], unique=False)

    op.create_table('outbox_messages',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=False),
    sa.Column('method', sa.String(length=32), nullable=False),
    sa.Column('params', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('purpose', sa.String(length=48), nullable=False),
    sa.Column('consultation_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('state', sa.Enum('pending', 'sent', 'failed', 'blocked', name='outboxstate', native_enum=False, length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('locked_by', sa.String(length=64), nullable=True),
    sa.Column('locked_until', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_outbox_messages_consultation_id_consultations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_messages_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index('ix_outbox_messages_state_next_attempt_at', ['state', 'next_attempt_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_state_next_attempt_at')
        batch_op.drop_index(batch_op.f('ix_outbox_messages_consultation_id'))

    op.drop_table('outbox_messages')
    with op.batch_alter_table('consultation_events', schema=None) as batch_op:
        batch_op.drop_index('ix_consultation_events_kind_created_at')
        batch_op.drop_index('ix_consultation_events_consultation_id_id')

    op.drop_table('consultation_events')
    op.drop_table('lawyer_topics')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_index('ix_consultations_status_topic_created')
        batch_op.drop_index(batch_op.f('ix_consultations_official_id'))
        batch_op.drop_index(batch_op.f('ix_consultations_lawyer_id'))
        batch_op.drop_index('ix_consultations_first_answered_at')

    op.drop_table('consultations')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_telegram_id'))

    op.drop_table('users')
    with op.batch_alter_table('scheduled_jobs', schema=None) as batch_op:
        batch_op.drop_index('ix_scheduled_jobs_state_due_at')

    op.drop_table('scheduled_jobs')
    op.drop_table('fsm_records')
