from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core.signals import OUTBOX_DIRTY
from storage.models import OutboxMessage, OutboxState


async def enqueue(
    session: AsyncSession,
    *,
    chat_id: int,
    method: str,
    params: dict[str, Any],
    purpose: str = "",
    consultation_id: int | None = None,
    now: datetime,
) -> OutboxMessage:
    message = OutboxMessage(
        chat_id=chat_id,
        method=method,
        params=params,
        purpose=purpose,
        consultation_id=consultation_id,
        created_at=now,
        next_attempt_at=now,
    )
    session.add(message)
    session.info[OUTBOX_DIRTY] = True
    return message


async def pending_count(session: AsyncSession) -> int:
    return int(
        await session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.state == OutboxState.PENDING)
        )
        or 0
    )


def first_in_its_chat() -> ColumnElement[bool]:
    """A condition on pending messages: no earlier message to the same chat is still pending.

    Messages to one chat then go out one after another in the order they were queued,
    across instances too: the next becomes due only once the one before it has been
    sent (or has failed for good), and one that waits for a retry holds back the rest.
    """
    earlier = aliased(OutboxMessage)
    return ~exists().where(
        earlier.state == OutboxState.PENDING,
        earlier.chat_id == OutboxMessage.chat_id,
        earlier.id < OutboxMessage.id,
    )
