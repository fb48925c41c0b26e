"""Engine and session factory.

SQLite runs in WAL mode with a busy timeout, so the bot and its workers
(several connections of one process, or a backup) never fail with
"database is locked"; writers wait instead.

pysqlite opens a transaction only before the first write, so a read-then-write
unit of work takes the write lock when it first writes and waits for it on
busy_timeout. Races between writers are settled by compare-and-set UPDATEs
(see `storage.repositories.leases` and the consultation `version`), which are
atomic on SQLite and PostgreSQL alike.

A write transaction must never wait on another connection of the same process:
the FSM storage therefore writes through the update's own session
(`current_session`).
"""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

SQLITE_BUSY_TIMEOUT_MS = 30_000

# The session of the update being handled (set by bot.middlewares.unit_of_work).
current_session: ContextVar[AsyncSession | None] = ContextVar("current_session", default=None)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def ensure_sqlite_dir(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_engine(url: str, *, echo: bool = False, pool_size: int | None = None) -> AsyncEngine:
    kwargs: dict[str, Any] = {"echo": echo}
    if is_sqlite(url):
        ensure_sqlite_dir(url)
        # timeout: the driver's own wait for a lock, on top of busy_timeout.
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        if ":memory:" in url:
            kwargs["poolclass"] = NullPool
    else:
        kwargs["pool_pre_ping"] = True
        if pool_size:
            kwargs["pool_size"] = pool_size
    engine = create_async_engine(url, **kwargs)
    if is_sqlite(url):
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)

    return engine


def create_session_pool(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


async def refresh_statistics(engine: AsyncEngine) -> None:
    """Planner statistics for SQLite (PostgreSQL's autovacuum keeps its own).

    Without them SQLite may scan a large table where an index fits (the
    indicator queries over sign-ups, for one). `analysis_limit` samples each
    index, so this takes milliseconds even on a million rows.
    """
    if engine.dialect.name != "sqlite":
        return
    async with engine.begin() as conn:
        await conn.exec_driver_sql("PRAGMA analysis_limit=1000")
        await conn.exec_driver_sql("ANALYZE")
