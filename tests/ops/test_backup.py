"""`python -m bot backup`: an online copy of the SQLite database that opens and holds the same rows."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.__main__ import main
from storage.backup import BackupError, backup_sqlite
from storage.db import create_engine, create_session_pool
from storage.models import User
from tests.support.factories import create_user


def _rows(path: Path, table: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()


SqliteDb = tuple[str, async_sessionmaker[AsyncSession]]


@pytest.fixture
async def sqlite_db(sqlite_template: Path, tmp_path: Path) -> AsyncIterator[SqliteDb]:
    """Backups are for SQLite only: this module does not run on PostgreSQL."""
    path = tmp_path / "bot.sqlite3"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite+aiosqlite:///{path}"
    engine = create_engine(url)
    yield url, create_session_pool(engine)
    await engine.dispose()


async def test_backup_copies_rows_while_the_bot_runs(sqlite_db, tmp_path, monkeypatch) -> None:
    db_url, session_pool = sqlite_db
    for n in range(5):
        await create_user(session_pool, full_name=f"Користувач {n}")
    source = Path(db_url.split(":///", 1)[1])
    target = tmp_path / "out" / "copy.sqlite3"
    async with session_pool() as session:  # an open connection and a WAL file: the bot is running
        session.add(User(telegram_id=1, full_name="у WAL"))
        await session.commit()

        monkeypatch.setenv("BOT_TOKEN", "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        monkeypatch.setenv("DATABASE_URL", db_url)
        assert main(["backup", "--output", str(target)]) == 0

    assert _rows(target, "users") == _rows(source, "users")
    assert len(_rows(target, "users")) == 6
    assert _rows(target, "alembic_version") == _rows(source, "alembic_version")
    with closing(sqlite3.connect(target)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert not list(target.parent.glob("*.partial"))


async def test_backup_default_name_under_backups(sqlite_db, tmp_path, monkeypatch, capsys) -> None:
    db_url, _ = sqlite_db
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOT_TOKEN", "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert main(["backup"]) == 0
    [made] = list((tmp_path / "backups").glob("bot-*.sqlite3"))
    assert _rows(made, "alembic_version")
    assert str(Path("backups") / made.name) in capsys.readouterr().out


def test_backup_refuses_to_overwrite_or_invent(tmp_path) -> None:
    with pytest.raises(BackupError):
        backup_sqlite(tmp_path / "missing.sqlite3", tmp_path / "copy.sqlite3")
    source = tmp_path / "db.sqlite3"
    with closing(sqlite3.connect(source)) as conn:
        conn.execute("CREATE TABLE t (x)")
    (tmp_path / "exists.sqlite3").write_bytes(b"")
    with pytest.raises(BackupError):
        backup_sqlite(source, tmp_path / "exists.sqlite3")


def test_backup_on_postgresql_points_to_pg_dump(monkeypatch, capsys) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://bot@db/amu")
    assert main(["backup"]) == 2
    assert "pg_dump" in capsys.readouterr().err
