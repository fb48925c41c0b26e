"""What happens when a user has blocked the bot (403)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Consultation, ConsultationEvent, EventKind, OutboxMessage, User


async def mark_user_blocked(session: AsyncSession, chat_id: int, *, now: datetime) -> User | None:
    user = await session.scalar(select(User).where(User.telegram_id == chat_id))
    if user is not None and user.blocked_bot_at is None:
        user.blocked_bot_at = now
    return user


async def record_blocked(session: AsyncSession, message: OutboxMessage, *, now: datetime) -> None:
    """Marks the user, and records on the consultation that its message did not arrive."""
    user = await mark_user_blocked(session, message.chat_id, now=now)
    if message.consultation_id is None:
        return
    consultation = await session.get(Consultation, message.consultation_id)
    if consultation is None:
        return
    if user is not None and user.id == consultation.official_id:
        consultation.answer_undelivered = True
    session.add(
        ConsultationEvent(
            consultation_id=consultation.id,
            kind=EventKind.DELIVERY_FAILED,
            actor_id=None,
            created_at=now,
            payload={"purpose": message.purpose, "chat_id": message.chat_id, "reason": "blocked"},
        )
    )
