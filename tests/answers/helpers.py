"""Published answers put straight in the database, as a lawyer's confirmed publication leaves them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from storage.models import AnswerEvent, AnswerEventKind, User
from tests.support.factories import add_published

OFFICIAL2 = 5002
NOW = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


async def publish_directly(
    session_pool: Any, lawyer_telegram_id: int, topic: str, question: str, answer: str, legal_basis: str = "ЗК, ст. 134"
) -> int:
    async with session_pool() as session:
        author = (await session.scalars(select(User).where(User.telegram_id == lawyer_telegram_id))).one()
        row = await add_published(session, author.id, topic, question, answer, at=NOW, legal_basis=legal_basis)
        session.add(AnswerEvent(answer_id=row.id, kind=AnswerEventKind.PUBLISHED, actor_id=author.id, created_at=NOW))
        await session.commit()
        return row.id
