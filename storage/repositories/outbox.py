from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

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
