"""Upgrades: one chain to a single head, databases made with the old branched layout, who-acted ids."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine
from storage.migrate import alembic_config, run_migration, upgrade_database
from storage.models import Base
from tests.conftest import POSTGRES_ADMIN_URL, _pg_admin

OLD_HEADS = ["0003_newsletters", "0004_trainings", "0005b_indicator_indexes", "0005_staff", "0006_ops"]
ADMIN_WITHOUT_ROW = 900_777
LAWYER = 610_555
WHEN = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
async def empty_engine(db_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[AsyncEngine]:
    """A database of its own with no tables (the shared test databases are migrated already)."""
    if db_backend == "sqlite":
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'migrations.sqlite3'}")
        yield engine
        await engine.dispose()
        return
    request.getfixturevalue("postgres_url")  # skips (or fails in CI) without PostgreSQL
    name = f"amu_migrations_{uuid.uuid4().hex[:10]}"
    await _pg_admin(f'CREATE DATABASE "{name}"')
    base, _, _ = POSTGRES_ADMIN_URL.rpartition("/")
    engine = create_engine(f"{base}/{name}")
    try:
        yield engine
    finally:
        await engine.dispose()
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _run(engine: AsyncEngine, fn: Callable[[Connection], Any]) -> Any:
    async with engine.begin() as conn:
        return await conn.run_sync(fn)


def _upgrade_to(revision: str) -> Callable[[Connection], None]:
    def run(connection: Connection) -> None:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)

    return run


def _set_versions(*versions: str) -> Callable[[Connection], None]:
    def run(connection: Connection) -> None:
        connection.execute(sa.text("DELETE FROM alembic_version"))
        for version in versions:
            connection.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": version})

    return run


def _versions(connection: Connection) -> list[str]:
    return list(connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars())


def _schema_diff(connection: Connection) -> list[Any]:
    return list(compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata))


def _head() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def test_the_migrations_are_one_chain() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    chain = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert script.get_heads() == [chain[-1]]
    assert chain[:10] == [
        "0001_foundation",
        "0002_newsletters",
        "0003_trainings",
        "0004_indicators",
        "0005_staff",
        "0006_indicator_indexes",
        "0007_ops",
        "0008_actor_convention",
        "0009_outbox_chat_order",
        "0010_send_slots",
    ]
    # Numbered in order, one file a number: the next migration takes the next number.
    assert [int(revision[:4]) for revision in chain] == list(range(1, len(chain) + 1))
    assert all(rev.is_merge_point is False for rev in script.walk_revisions())


async def test_a_new_database_gets_the_head(empty_engine: AsyncEngine) -> None:
    await upgrade_database(empty_engine)
    assert await _run(empty_engine, _versions) == [_head()]
    assert await _run(empty_engine, _schema_diff) == []
    await upgrade_database(empty_engine)  # again: nothing to do
    assert await _run(empty_engine, _versions) == [_head()]


# --- rows written by the old code: Telegram ids where users.id belongs ----------------

_t = sa.table
_c = sa.column


def _old_rows(connection: Connection) -> int:
    """Staff events and indicator values as the old code wrote them; returns the lawyer's users.id."""
    from storage.models.base import UTCDateTime

    users = _t(
        "users",
        _c("id"),
        _c("telegram_id"),
        _c("full_name"),
        _c("position"),
        _c("community"),
        _c("role"),
        _c("is_editor"),
        _c("created_at", UTCDateTime()),
    )
    lawyer_id = connection.execute(
        users.insert().returning(users.c.id),
        {
            "telegram_id": LAWYER,
            "full_name": "Коваль Ірина",
            "position": "Юрист",
            "community": "АМУ",
            "role": "lawyer",
            "is_editor": False,
            "created_at": WHEN,
        },
    ).scalar_one()
    staff_events = _t(
        "staff_events",
        _c("created_at", UTCDateTime()),
        _c("actor_telegram_id"),
        _c("target_telegram_id"),
        _c("action"),
        _c("topics", sa.JSON()),
    )
    connection.execute(
        staff_events.insert(),
        [
            {
                "created_at": WHEN,
                "actor_telegram_id": ADMIN_WITHOUT_ROW,
                "target_telegram_id": LAWYER,
                "action": "add_lawyer",
                "topics": ["land"],
            },
            # A lawyer added by id before they ever wrote to the bot and then removed: no users row left behind.
            {
                "created_at": WHEN,
                "actor_telegram_id": ADMIN_WITHOUT_ROW,
                "target_telegram_id": 610_556,
                "action": "remove",
                "topics": [],
            },
        ],
    )
    values = _t(
        "indicator_values",
        _c("id"),
        _c("indicator_code"),
        _c("kind"),
        _c("year"),
        _c("month"),
        _c("region_code"),
        _c("part"),
        _c("value"),
        _c("updated_by"),
        _c("updated_at", UTCDateTime()),
    )
    value_id = connection.execute(
        values.insert().returning(values.c.id),
        {
            "indicator_code": "laws_drafted",
            "kind": "actual",
            "year": 2026,
            "month": 0,
            "region_code": "",
            "part": "",
            "value": 7,
            "updated_by": ADMIN_WITHOUT_ROW,
            "updated_at": WHEN,
        },
    ).scalar_one()
    changes = _t(
        "indicator_value_changes",
        _c("value_id"),
        _c("indicator_code"),
        _c("new_value"),
        _c("changed_by"),
        _c("changed_at", UTCDateTime()),
        _c("via"),
    )
    connection.execute(
        changes.insert(),
        [
            {
                "value_id": value_id,
                "indicator_code": "laws_drafted",
                "new_value": 7,
                "changed_by": who,
                "changed_at": WHEN,
                "via": "dialog",
            }
            for who in (ADMIN_WITHOUT_ROW, LAWYER)
        ],
    )
    return int(lawyer_id)


def _who_acted(connection: Connection) -> dict[str, Any]:
    by_telegram_id = {row.telegram_id: row for row in connection.execute(sa.text("SELECT * FROM users"))}
    telegram_of = {row.id: telegram_id for telegram_id, row in by_telegram_id.items()}
    events = connection.execute(sa.text("SELECT actor_id, target_id, action FROM staff_events ORDER BY id")).all()
    value_by = connection.execute(sa.text("SELECT updated_by_id FROM indicator_values")).scalar_one()
    changes = connection.execute(sa.text("SELECT changed_by_id FROM indicator_value_changes ORDER BY id")).scalars()
    return {
        "users": by_telegram_id,
        "events": [(telegram_of[a], telegram_of[t], action) for a, t, action in events],
        "value_by": telegram_of[value_by],
        "changes_by": [telegram_of[c] for c in changes],
    }


async def test_a_database_at_the_five_old_heads_upgrades_and_keeps_who_acted(empty_engine: AsyncEngine) -> None:
    await _run(empty_engine, _upgrade_to("0007_ops"))  # what the five old heads held
    lawyer_id = await _run(empty_engine, _old_rows)
    await _run(empty_engine, _set_versions(*OLD_HEADS))

    await upgrade_database(empty_engine)

    assert await _run(empty_engine, _versions) == [_head()]
    assert await _run(empty_engine, _schema_diff) == []
    acted = await _run(empty_engine, _who_acted)
    assert acted["events"] == [(ADMIN_WITHOUT_ROW, LAWYER, "add_lawyer"), (ADMIN_WITHOUT_ROW, 610_556, "remove")]
    assert acted["value_by"] == ADMIN_WITHOUT_ROW
    assert acted["changes_by"] == [ADMIN_WITHOUT_ROW, LAWYER]
    users = acted["users"]
    assert sorted(users) == [LAWYER, 610_556, ADMIN_WITHOUT_ROW]
    assert users[LAWYER].id == lawyer_id and users[LAWYER].full_name == "Коваль Ірина"
    # The rows made for ids without one hold nothing but the id.
    for telegram_id in (ADMIN_WITHOUT_ROW, 610_556):
        row = users[telegram_id]
        assert (row.full_name, row.position, row.community, row.role, row.phone, row.registered_at) == (
            "",
            "",
            "",
            "official",
            None,
            None,
        )


async def test_an_old_database_missing_a_later_branch_gets_it(empty_engine: AsyncEngine) -> None:
    """Made before the indicator indexes existed: that migration runs, then the chain goes on."""
    await _run(empty_engine, _upgrade_to("0007_ops"))

    def without_indicator_indexes(connection: Connection) -> None:
        script = ScriptDirectory.from_config(alembic_config())
        run_migration(connection, script, "0006_indicator_indexes", downgrade=True)

    await _run(empty_engine, without_indicator_indexes)
    await _run(
        empty_engine, _set_versions("0003_newsletters", "0004_trainings", "0005_indicators", "0005_staff", "0006_ops")
    )

    await upgrade_database(empty_engine)

    assert await _run(empty_engine, _versions) == [_head()]
    assert await _run(empty_engine, _schema_diff) == []


async def test_an_old_database_with_only_the_foundation(empty_engine: AsyncEngine) -> None:
    await _run(empty_engine, _upgrade_to("0001_foundation"))
    await upgrade_database(empty_engine)
    assert await _run(empty_engine, _versions) == [_head()]
    assert await _run(empty_engine, _schema_diff) == []


async def test_the_actor_convention_downgrades_to_telegram_ids(empty_engine: AsyncEngine) -> None:
    await _run(empty_engine, _upgrade_to("0007_ops"))
    await _run(empty_engine, _old_rows)
    await upgrade_database(empty_engine)

    def downgrade(connection: Connection) -> list[Any]:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0007_ops")
        return connection.execute(
            sa.text("SELECT actor_telegram_id, target_telegram_id FROM staff_events ORDER BY id")
        ).all()

    assert [tuple(row) for row in await _run(empty_engine, downgrade)] == [
        (ADMIN_WITHOUT_ROW, LAWYER),
        (ADMIN_WITHOUT_ROW, 610_556),
    ]
    await upgrade_database(empty_engine)
    assert await _run(empty_engine, _schema_diff) == []
    assert (await _run(empty_engine, _who_acted))["value_by"] == ADMIN_WITHOUT_ROW
