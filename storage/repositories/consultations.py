from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Consultation, ConsultationEvent, ConsultationStatus, EventKind, Role, User

ACTIVE = (ConsultationStatus.OPEN, ConsultationStatus.ASSIGNED, ConsultationStatus.CLARIFICATION)


async def get(session: AsyncSession, consultation_id: int) -> Consultation | None:
    return await session.get(Consultation, consultation_id, populate_existing=True)


def add_event(
    session: AsyncSession,
    consultation: Consultation,
    kind: EventKind,
    *,
    actor: User | None,
    now: datetime,
    text: str | None = None,
    payload: dict[str, Any] | None = None,
) -> ConsultationEvent:
    event = ConsultationEvent(
        consultation_id=consultation.id,
        kind=kind,
        actor_id=actor.id if actor else None,
        created_at=now,
        text=text,
        payload=payload or {},
    )
    session.add(event)
    return event


async def try_take(session: AsyncSession, consultation_id: int, lawyer_id: int) -> bool:
    """Atomic claim of an open consultation: exactly one concurrent caller wins."""
    result = await session.execute(
        update(Consultation)
        .where(Consultation.id == consultation_id, Consultation.status == ConsultationStatus.OPEN)
        .values(
            lawyer_id=lawyer_id,
            status=ConsultationStatus.ASSIGNED,
            version=Consultation.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def queue(session: AsyncSession, topic_codes: Sequence[str] | None, limit: int = 30) -> Sequence[Consultation]:
    """Open consultations, oldest first; `None` topics means every topic."""
    stmt = select(Consultation).where(Consultation.status == ConsultationStatus.OPEN)
    if topic_codes is not None:
        stmt = stmt.where(Consultation.topic_code.in_(topic_codes))
    return (await session.scalars(stmt.order_by(Consultation.created_at, Consultation.id).limit(limit))).all()


async def assigned_to(session: AsyncSession, lawyer_id: int, limit: int = 30) -> Sequence[Consultation]:
    stmt = (
        select(Consultation)
        .where(
            Consultation.lawyer_id == lawyer_id,
            Consultation.status.in_((ConsultationStatus.ASSIGNED, ConsultationStatus.CLARIFICATION)),
        )
        .order_by(Consultation.due_at, Consultation.id)
        .limit(limit)
    )
    return (await session.scalars(stmt)).all()


async def undelivered(session: AsyncSession, lawyer_id: int | None, limit: int = 30) -> Sequence[Consultation]:
    """Not closed, and the official missed the lawyer's last words (blocked the bot); `None`: every lawyer's."""
    stmt = select(Consultation).where(
        Consultation.answer_undelivered.is_(True), Consultation.status != ConsultationStatus.CLOSED
    )
    if lawyer_id is not None:
        stmt = stmt.where(Consultation.lawyer_id == lawyer_id)
    return (await session.scalars(stmt.order_by(Consultation.id).limit(limit))).all()


async def of_official(session: AsyncSession, official_id: int, limit: int = 20) -> Sequence[Consultation]:
    stmt = (
        select(Consultation)
        .where(Consultation.official_id == official_id)
        .order_by(Consultation.created_at.desc(), Consultation.id.desc())
        .limit(limit)
    )
    return (await session.scalars(stmt)).all()


async def events(session: AsyncSession, consultation_id: int) -> Sequence[ConsultationEvent]:
    stmt = (
        select(ConsultationEvent)
        .where(ConsultationEvent.consultation_id == consultation_id)
        .order_by(ConsultationEvent.id)
    )
    return (await session.scalars(stmt)).all()


async def admins(session: AsyncSession, admin_telegram_ids: frozenset[int]) -> Sequence[int]:
    """Telegram ids of everyone who should get admin notices."""
    stored = await session.scalars(select(User.telegram_id).where(User.role == Role.ADMIN))
    return sorted(set(stored.all()) | set(admin_telegram_ids))
