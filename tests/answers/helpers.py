"""Published answers put straight in the database, as a lawyer's confirmed publication leaves them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from services.answers.index import reindex
from storage.models import AnswerEvent, AnswerEventKind, AnswerStatus, PublishedAnswer, User

OFFICIAL2 = 5002
NOW = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


async def publish_directly(
    session_pool: Any, lawyer_telegram_id: int, topic: str, question: str, answer: str, legal_basis: str = "ЗК, ст. 134"
) -> int:
    async with session_pool() as session:
        author = (await session.scalars(select(User).where(User.telegram_id == lawyer_telegram_id))).one()
        row = PublishedAnswer(
            topic_code=topic,
            question=question,
            answer=answer,
            legal_basis=legal_basis,
            author_id=author.id,
            status=AnswerStatus.PUBLISHED,
            published_at=NOW,
            updated_at=NOW,
        )
        session.add(row)
        await session.flush()
        await reindex(session, row)
        session.add(AnswerEvent(answer_id=row.id, kind=AnswerEventKind.PUBLISHED, actor_id=author.id, created_at=NOW))
        await session.commit()
        return row.id
