"""At start-up a database at its heads is recognised without Alembic; anything else goes through Alembic."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import migrate
from storage.db import create_engine


def test_heads_read_from_the_files_are_alembics() -> None:
    alembic_heads = ScriptDirectory.from_config(migrate.alembic_config()).get_heads()
    assert migrate.script_heads() == frozenset(alembic_heads)


def _version(path: Path, revision: str, down: str) -> None:
    path.write_text(f'revision: str = "{revision}"\ndown_revision: str | None = {down}\n', encoding="utf-8")


def test_heads_of_branches_and_a_merge(tmp_path: Path) -> None:
    _version(tmp_path / "a.py", "a", "None")
    _version(tmp_path / "b.py", "b", '"a"')
    _version(tmp_path / "c.py", "c", '"a"')
    _version(tmp_path / "d.py", "d", '"a"')
    assert migrate.script_heads(tmp_path) == frozenset({"b", "c", "d"})
    _version(tmp_path / "e.py", "e", '("b", "c")')
    assert migrate.script_heads(tmp_path) == frozenset({"d", "e"})


@pytest.mark.parametrize(
    "source",
    [
        "revision = make_id()\ndown_revision = None\n",
        'revision = "x"\ndown_revision = PARENT\n',
        'revision = "x"\ndown_revision = None\ndepends_on = "other"\n',
        "down_revision = None\n",
    ],
)
def test_unusual_version_files_leave_it_to_alembic(tmp_path: Path, source: str) -> None:
    _version(tmp_path / "a.py", "a", "None")
    (tmp_path / "x.py").write_text(source, encoding="utf-8")
    assert migrate.script_heads(tmp_path) is None


def _alembic_must_not_run(connection: Connection) -> None:
    raise AssertionError("Alembic ran on a database at its heads")


async def test_a_database_at_its_heads_is_left_alone(engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    # `engine` is a migrated database, SQLite or PostgreSQL.
    monkeypatch.setattr(migrate, "_upgrade", _alembic_must_not_run)
    await migrate.upgrade_database(engine)


async def test_an_empty_or_older_database_goes_through_alembic(tmp_path: Path) -> None:
    def to_foundation(connection: Connection) -> None:
        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0001_foundation")

    for name, prepare in (("empty", None), ("older", to_foundation)):
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / name}.sqlite3")
        try:
            if prepare is not None:
                async with engine.begin() as conn:
                    await conn.run_sync(prepare)
                async with engine.connect() as conn:
                    assert await migrate.database_revisions(conn) == frozenset({"0001_foundation"})
            await migrate.upgrade_database(engine)
            async with engine.connect() as conn:
                assert await migrate.database_revisions(conn) == migrate.script_heads()
        finally:
            await engine.dispose()
