from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select, update
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


async def withdraw(
    session: AsyncSession, *, consultation_id: int, purpose: str, now: datetime
) -> Sequence[OutboxMessage]:
    """Rows of a consultation's `purpose` that no longer apply: those not yet sent are cancelled.

    Returns the ones already sent, or in flight right now (a worker holds them), for the caller
    to replace their messages.
    """
    of_it = (OutboxMessage.consultation_id == consultation_id, OutboxMessage.purpose == purpose)
    await session.execute(
        update(OutboxMessage)
        .where(
            *of_it,
            OutboxMessage.state == OutboxState.PENDING,
            or_(OutboxMessage.locked_by.is_(None), OutboxMessage.locked_until < now),
        )
        .values(state=OutboxState.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    rows = await session.scalars(
        select(OutboxMessage)
        .where(*of_it, OutboxMessage.state.in_((OutboxState.PENDING, OutboxState.SENT)))
        .order_by(OutboxMessage.id)
        .execution_options(populate_existing=True)
    )
    return rows.all()
