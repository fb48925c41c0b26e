from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import refresh_statistics
from tests.support.factories import create_user


async def test_start_up_gives_sqlite_planner_statistics(
    engine: AsyncEngine, session_pool: Any, db_backend: str
) -> None:
    await create_user(session_pool, telegram_id=1234)
    await refresh_statistics(engine)  # PostgreSQL: nothing to do, must not fail
    if db_backend != "sqlite":
        return
    async with engine.connect() as conn:
        tables = (await conn.execute(text("SELECT DISTINCT tbl FROM sqlite_stat1"))).scalars().all()
    assert "users" in tables
