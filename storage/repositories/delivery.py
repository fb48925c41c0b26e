"""What happens when a user has blocked the bot (403)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Consultation, ConsultationEvent, EventKind, OutboxMessage, User
from storage.repositories import jobs as jobs_repo

# Outbox purposes of the lawyer's words to the official (set by `services.hotline.notices`).
PURPOSE_ANSWER = "answer"
PURPOSE_CLARIFICATION = "clarification"
LAWYER_WORDS = frozenset({PURPOSE_ANSWER, PURPOSE_CLARIFICATION})
# Run by the hot line's service (`services.hotline.jobs`): tells the lawyer and the admins.
JOB_UNDELIVERED = "consultation.undelivered"


async def mark_user_blocked(session: AsyncSession, chat_id: int, *, now: datetime) -> User | None:
    user = await session.scalar(select(User).where(User.telegram_id == chat_id))
    if user is not None and user.blocked_bot_at is None:
        user.blocked_bot_at = now
    return user


async def record_blocked(session: AsyncSession, message: OutboxMessage, *, now: datetime) -> None:
    """Marks the user, and records on the consultation that its message did not arrive.

    When the official misses the lawyer's words (an answer or a clarification request), the
    consultation is marked once per such text, and a job is due now to tell the people who can act.
    """
    user = await mark_user_blocked(session, message.chat_id, now=now)
    if message.consultation_id is None:
        return
    consultation = await session.get(Consultation, message.consultation_id)
    if consultation is None:
        return
    if (
        user is not None
        and user.id == consultation.official_id
        and message.purpose in LAWYER_WORDS
        and not consultation.answer_undelivered
    ):
        consultation.answer_undelivered = True
        await jobs_repo.schedule(session, kind=JOB_UNDELIVERED, ref_id=consultation.id, due_at=now, now=now)
    session.add(
        ConsultationEvent(
            consultation_id=consultation.id,
            kind=EventKind.DELIVERY_FAILED,
            actor_id=None,
            created_at=now,
            payload={"purpose": message.purpose, "chat_id": message.chat_id, "reason": "blocked"},
        )
    )
