"""Upgrades: one chain to a single head, databases made with the old branched layout."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
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
    assert script.get_heads() == ["0007_ops"]
    chain = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert chain == [
        "0001_foundation",
        "0002_newsletters",
        "0003_trainings",
        "0004_indicators",
        "0005_staff",
        "0006_indicator_indexes",
        "0007_ops",
    ]
    assert all(rev.is_merge_point is False for rev in script.walk_revisions())


async def test_a_new_database_gets_the_head(empty_engine: AsyncEngine) -> None:
    await upgrade_database(empty_engine)
    assert await _run(empty_engine, _versions) == [_head()]
    assert await _run(empty_engine, _schema_diff) == []
    await upgrade_database(empty_engine)  # again: nothing to do
    assert await _run(empty_engine, _versions) == [_head()]


async def test_a_database_at_the_five_old_heads_upgrades(empty_engine: AsyncEngine) -> None:
    await _run(empty_engine, _upgrade_to("0007_ops"))  # what the five old heads held
    await _run(empty_engine, _set_versions(*OLD_HEADS))

    await upgrade_database(empty_engine)

    assert await _run(empty_engine, _versions) == [_head()]
    assert await _run(empty_engine, _schema_diff) == []


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
