"""What every update costs: the sender's user row (with a lawyer's topics) is one query."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.models import Role
from storage.repositories import users as users_repo
from tests.support.factories import create_user


async def test_the_sender_and_a_lawyers_topics_are_one_query(
    engine: AsyncEngine, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    await create_user(session_pool, telegram_id=650001, role=Role.LAWYER, topics=["land", "budget"])
    await create_user(session_pool, telegram_id=650002)
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        async with session_pool() as session:
            lawyer = await users_repo.get_by_telegram_id(session, 650001)
            official = await users_repo.get_by_telegram_id(session, 650002)
            nobody = await users_repo.get_by_telegram_id(session, 650003)
            assert lawyer is not None and lawyer.topic_codes == ["budget", "land"]
            assert official is not None and official.topic_codes == []
            assert nobody is None
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    assert len(statements) == 3
