"""Queries of personal data: the access log, everything held about one person, erasure and retention."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    AnswerEvent,
    AnswerEventKind,
    AuditEntry,
    Consultation,
    ConsultationEvent,
    ConsultationStatus,
    DeliveryState,
    NewsletterDelivery,
    OutboxMessage,
    OutboxState,
    Subscription,
    TrainingRegistration,
    User,
)

# --- the access log ---------------------------------------------------------------------


def add_entry(session: AsyncSession, entry: AuditEntry) -> AuditEntry:
    session.add(entry)
    return entry


async def recent_entries(session: AsyncSession, limit: int) -> Sequence[AuditEntry]:
    result = await session.scalars(
        select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(limit)
    )
    return result.all()


async def entry_batches(
    session: AsyncSession, start: datetime, end: datetime, size: int
) -> AsyncIterator[Sequence[AuditEntry]]:
    """Entries in [start, end), oldest first, `size` at a time (keyset on id)."""
    last = 0
    while True:
        batch = (
            await session.scalars(
                select(AuditEntry)
                .where(AuditEntry.created_at >= start, AuditEntry.created_at < end, AuditEntry.id > last)
                .order_by(AuditEntry.id)
                .limit(size)
            )
        ).all()
        if not batch:
            return
        yield batch
        last = batch[-1].id


async def display_names(session: AsyncSession, user_ids: Collection[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    users = (await session.scalars(select(User).where(User.id.in_(set(user_ids))))).all()
    return {user.id: user.full_name or str(user.id) for user in users}


# --- one person's records -------------------------------------------------------------------


async def consultations_of(session: AsyncSession, official_id: int) -> Sequence[Consultation]:
    result = await session.scalars(
        select(Consultation).where(Consultation.official_id == official_id).order_by(Consultation.id)
    )
    return result.unique().all()


async def events_of(session: AsyncSession, consultation_ids: Collection[int]) -> Sequence[ConsultationEvent]:
    if not consultation_ids:
        return []
    result = await session.scalars(
        select(ConsultationEvent)
        .where(ConsultationEvent.consultation_id.in_(set(consultation_ids)))
        .order_by(ConsultationEvent.consultation_id, ConsultationEvent.id)
    )
    return result.unique().all()


async def subscriptions_of(session: AsyncSession, user_id: int) -> Sequence[Subscription]:
    result = await session.scalars(
        select(Subscription).where(Subscription.user_id == user_id).order_by(Subscription.topic_code)
    )
    return result.all()


async def registrations_of(session: AsyncSession, user_id: int) -> Sequence[TrainingRegistration]:
    result = await session.scalars(
        select(TrainingRegistration).where(TrainingRegistration.user_id == user_id).order_by(TrainingRegistration.id)
    )
    return result.unique().all()


# --- erasure and retention -------------------------------------------------------------------


async def delete_subscriptions(session: AsyncSession, user_id: int) -> None:
    for subscription in await subscriptions_of(session, user_id):
        await session.delete(subscription)


async def cancel_deliveries(session: AsyncSession, user_id: int) -> None:
    await session.execute(
        update(NewsletterDelivery)
        .where(NewsletterDelivery.user_id == user_id, NewsletterDelivery.state == DeliveryState.PENDING)
        .values(state=DeliveryState.CANCELLED, locked_by=None, locked_until=None)
        .execution_options(synchronize_session=False)
    )


async def erase_outbox(session: AsyncSession, *, chat_id: int | None, consultation_ids: Collection[int]) -> None:
    """Messages to `chat_id` (the person) or about these consultations: pending ones cancelled, every one emptied."""
    conditions = []
    if chat_id is not None:
        conditions.append(OutboxMessage.chat_id == chat_id)
    if consultation_ids:
        conditions.append(OutboxMessage.consultation_id.in_(set(consultation_ids)))
    if not conditions:
        return
    about = or_(*conditions)
    await session.execute(
        update(OutboxMessage)
        .where(about, OutboxMessage.state == OutboxState.PENDING)
        .values(state=OutboxState.CANCELLED, locked_by=None, locked_until=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(OutboxMessage)
        .where(about)
        .values(params={}, last_error=None)
        .execution_options(synchronize_session=False)
    )


async def past_retention(session: AsyncSession, closed_before: datetime, limit: int) -> Sequence[int]:
    """Ids of closed consultations closed before `closed_before` and not anonymised yet, oldest first."""
    result = await session.scalars(
        select(Consultation.id)
        .where(
            Consultation.status == ConsultationStatus.CLOSED,
            Consultation.closed_at < closed_before,
            Consultation.anonymised_at.is_(None),
        )
        .order_by(Consultation.closed_at, Consultation.id)
        .limit(limit)
    )
    return result.all()


def _helped(user_id: int | None = None, before: datetime | None = None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [AnswerEvent.kind == AnswerEventKind.HELPED]
    if user_id is not None:
        conditions.append(AnswerEvent.actor_id == user_id)
    if before is not None:
        conditions.append(AnswerEvent.created_at < before)
    return conditions


async def answers_that_helped(session: AsyncSession, user_id: int) -> Sequence[AnswerEvent]:
    """The person's "this answers my question" events (their question as they typed it is in the payload)."""
    rows = await session.scalars(select(AnswerEvent).where(*_helped(user_id)).order_by(AnswerEvent.id))
    return rows.all()


async def erase_helped_questions(
    session: AsyncSession, *, user_id: int | None = None, before: datetime | None = None
) -> int:
    """The questions kept with "this answers my question" (of one person, or older than `before`) removed."""
    rows = (await session.scalars(select(AnswerEvent).where(*_helped(user_id, before)))).all()
    erased = 0
    for event in rows:
        if event.payload and event.payload.get("question"):
            event.payload = {key: value for key, value in event.payload.items() if key != "question"}
            erased += 1
    return erased
