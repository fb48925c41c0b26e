"""Queries for subscriptions, newsletters and their delivery rows (never commit)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    ALL_TOPICS,
    DeliveryState,
    Newsletter,
    NewsletterDelivery,
    NewsletterStatus,
    Subscription,
    User,
)

FINISHED = (DeliveryState.SENT, DeliveryState.FAILED, DeliveryState.BLOCKED)


# --- subscriptions --------------------------------------------------------------


async def subscription_codes(session: AsyncSession, user_id: int) -> set[str]:
    result = await session.scalars(select(Subscription.topic_code).where(Subscription.user_id == user_id))
    return set(result.all())


async def set_subscriptions(session: AsyncSession, user_id: int, codes: set[str], *, now: datetime) -> None:
    current = await subscription_codes(session, user_id)
    gone = current - codes
    if gone:
        await session.execute(
            delete(Subscription).where(Subscription.user_id == user_id, Subscription.topic_code.in_(gone))
        )
    added = sorted(codes - current)
    if not added:
        return
    # A double tap runs twice side by side: the second finds the rows there, which is what it wanted.
    rows = [{"user_id": user_id, "topic_code": code, "created_at": now} for code in added]
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql  # imported only by a bot that uses PostgreSQL

        await session.execute(postgresql.insert(Subscription).values(rows).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects import sqlite

        await session.execute(sqlite.insert(Subscription).values(rows).on_conflict_do_nothing())


async def unsubscribe_everything(session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(Subscription).where(Subscription.user_id == user_id))


# --- recipients -----------------------------------------------------------------


def _recipients_query(topics: Sequence[str], regions: Sequence[str]):  # type: ignore[no-untyped-def]
    subscribed = select(Subscription.user_id).where(Subscription.user_id == User.id)
    if ALL_TOPICS not in topics:
        # Subscribers of one of the topics, or of every topic.
        subscribed = subscribed.where(Subscription.topic_code.in_([*topics, ALL_TOPICS]))
    stmt = select(User.id, User.telegram_id).where(
        User.registered_at.is_not(None), User.blocked_bot_at.is_(None), exists(subscribed)
    )
    if regions:
        stmt = stmt.where(User.region_code.in_(list(regions)))
    return stmt


async def count_recipients(session: AsyncSession, topics: Sequence[str], regions: Sequence[str]) -> int:
    sub = _recipients_query(topics, regions).subquery()
    return int(await session.scalar(select(func.count()).select_from(sub)) or 0)


async def add_recipients_batch(session: AsyncSession, newsletter: Newsletter, *, limit: int, now: datetime) -> int:
    """Adds the next `limit` recipients after the newsletter's cursor; returns how many."""
    rows = (
        await session.execute(
            _recipients_query(newsletter.topics, newsletter.regions)
            .where(User.id > newsletter.recipients_cursor)
            .order_by(User.id)
            .limit(limit)
        )
    ).all()
    if rows:
        await session.execute(
            insert(NewsletterDelivery),
            [
                {
                    "newsletter_id": newsletter.id,
                    "user_id": user_id,
                    "chat_id": chat_id,
                    "state": DeliveryState.PENDING,
                    "attempts": 0,
                    "next_attempt_at": now,
                }
                for user_id, chat_id in rows
            ],
        )
        newsletter.recipients_cursor = rows[-1][0]
        newsletter.recipients_total += len(rows)
    return len(rows)


# --- newsletters ----------------------------------------------------------------


async def get(session: AsyncSession, newsletter_id: int) -> Newsletter | None:
    return await session.get(Newsletter, newsletter_id)


async def delivery_counts(session: AsyncSession, newsletter_id: int) -> dict[DeliveryState, int]:
    rows = await session.execute(
        select(NewsletterDelivery.state, func.count())
        .where(NewsletterDelivery.newsletter_id == newsletter_id)
        .group_by(NewsletterDelivery.state)
    )
    counts = {state: 0 for state in DeliveryState}
    for state, count in rows.all():
        counts[DeliveryState(state)] = int(count)
    return counts


async def latest_published(session: AsyncSession, limit: int) -> Sequence[Newsletter]:
    result = await session.scalars(
        select(Newsletter)
        .where(Newsletter.status.in_([NewsletterStatus.SENDING, NewsletterStatus.DONE]))
        .order_by(Newsletter.started_at.desc(), Newsletter.id.desc())
        .limit(limit)
    )
    return result.all()


async def latest_confirmed(session: AsyncSession, limit: int) -> Sequence[Newsletter]:
    result = await session.scalars(
        select(Newsletter)
        .where(Newsletter.status != NewsletterStatus.DRAFT)
        .order_by(Newsletter.id.desc())
        .limit(limit)
    )
    return result.all()


async def cancel_pending_deliveries(session: AsyncSession, newsletter_id: int, *, now: datetime) -> int:
    result = await session.execute(
        update(NewsletterDelivery)
        .where(NewsletterDelivery.newsletter_id == newsletter_id, NewsletterDelivery.state == DeliveryState.PENDING)
        .values(state=DeliveryState.CANCELLED, finished_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def block_pending_deliveries_of(session: AsyncSession, user_id: int, *, now: datetime) -> None:
    """A user who blocked the bot is skipped by every newsletter still going out."""
    await session.execute(
        update(NewsletterDelivery)
        .where(NewsletterDelivery.user_id == user_id, NewsletterDelivery.state == DeliveryState.PENDING)
        .values(state=DeliveryState.BLOCKED, finished_at=now, locked_by=None, locked_until=None)
        .execution_options(synchronize_session=False)
    )
