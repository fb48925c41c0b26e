"""who acted: users.id in staff events and indicator values (was the Telegram id)

Every event and audit row names people by users.id. A Telegram id that has no
users row yet (an admin from ADMIN_IDS who never registered, a lawyer added by
id) gets a minimal one, holding nothing but the id, so no row loses its author.

Revision ID: 0008_actor_convention
Revises: 0007_ops
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0008_actor_convention"
down_revision: str | Sequence[str] | None = "0007_ops"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

USER_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# table -> [(Telegram id column, users.id column)]
MOVES: dict[str, list[tuple[str, str]]] = {
    "staff_events": [("actor_telegram_id", "actor_id"), ("target_telegram_id", "target_id")],
    "indicator_values": [("updated_by", "updated_by_id")],
    "indicator_value_changes": [("changed_by", "changed_by_id")],
}
# table -> (index on the Telegram id column, index on the users.id column, key after it)
INDEXES = {"staff_events": ("ix_staff_events_target_telegram_id_id", "ix_staff_events_target_id_id", "id")}

users = sa.table(
    "users",
    sa.column("id", USER_ID),
    sa.column("telegram_id", sa.BigInteger()),
    sa.column("full_name", sa.String()),
    sa.column("position", sa.String()),
    sa.column("community", sa.String()),
    sa.column("role", sa.String()),
    sa.column("is_editor", sa.Boolean()),
    sa.column("created_at", storage.models.base.UTCDateTime(timezone=True)),
)


def _add_missing_users(conn: sa.Connection) -> None:
    telegram_ids: set[int] = set()
    for table, moves in MOVES.items():
        for old, _ in moves:
            telegram_ids.update(conn.execute(sa.text(f"SELECT DISTINCT {old} FROM {table}")).scalars())
    if not telegram_ids:
        return
    known = set(conn.execute(sa.select(users.c.telegram_id).where(users.c.telegram_id.in_(telegram_ids))).scalars())
    now = datetime.now(UTC)
    rows = [
        {
            "telegram_id": telegram_id,
            "full_name": "",
            "position": "",
            "community": "",
            "role": "official",
            "is_editor": False,
            "created_at": now,
        }
        for telegram_id in sorted(telegram_ids - known)
    ]
    if rows:
        conn.execute(users.insert(), rows)


def _move(table: str, pairs: list[tuple[str, str]], index: tuple[str, str, str] | None, *, to_user_id: bool) -> None:
    """Adds the new columns, fills them through users, then drops the old ones (batch: SQLite recreates the table)."""
    conn = op.get_bind()
    sources = pairs if to_user_id else [(new, old) for old, new in pairs]
    with op.batch_alter_table(table, schema=None) as batch_op:
        for _, target in sources:
            batch_op.add_column(sa.Column(target, USER_ID if to_user_id else sa.BigInteger(), nullable=True))
    lookup = "SELECT users.id FROM users WHERE users.telegram_id = {table}.{source}"
    if not to_user_id:
        lookup = "SELECT users.telegram_id FROM users WHERE users.id = {table}.{source}"
    for source, target in sources:
        conn.execute(sa.text(f"UPDATE {table} SET {target} = ({lookup.format(table=table, source=source)})"))
    with op.batch_alter_table(table, schema=None) as batch_op:
        if index is not None:
            batch_op.drop_index(index[0] if to_user_id else index[1])
        for source, target in sources:
            if not to_user_id:
                batch_op.drop_constraint(op.f(f"fk_{table}_{source}_users"), type_="foreignkey")
            batch_op.drop_column(source)
            batch_op.alter_column(
                target, existing_type=USER_ID if to_user_id else sa.BigInteger(), nullable=False
            )
            if to_user_id:
                batch_op.create_foreign_key(op.f(f"fk_{table}_{target}_users"), "users", [target], ["id"])
        if index is not None:
            name, column = (index[1], sources[-1][1]) if to_user_id else (index[0], sources[-1][1])
            batch_op.create_index(name, [column, index[2]], unique=False)


def upgrade() -> None:
    _add_missing_users(op.get_bind())
    for table, pairs in MOVES.items():
        _move(table, pairs, INDEXES.get(table), to_user_id=True)


def downgrade() -> None:
    for table, pairs in MOVES.items():
        _move(table, pairs, INDEXES.get(table), to_user_id=False)
