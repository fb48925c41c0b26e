"""Figures for reports and indicators; counts only, computed in the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import DeliveryState, Newsletter, NewsletterDelivery, Subscription, User


async def newsletter_figures(session: AsyncSession, start: datetime, end: datetime) -> dict[str, int]:
    """`subscribers` now; newsletters started and delivery rows finished in [start, end)."""
    subscribers = await session.scalar(
        select(func.count(func.distinct(Subscription.user_id)))
        .join(User, User.id == Subscription.user_id)
        .where(User.blocked_bot_at.is_(None))
    )
    newsletters_sent = await session.scalar(
        select(func.count()).select_from(Newsletter).where(Newsletter.started_at >= start, Newsletter.started_at < end)
    )
    rows = await session.execute(
        select(NewsletterDelivery.state, func.count())
        .where(NewsletterDelivery.finished_at >= start, NewsletterDelivery.finished_at < end)
        .group_by(NewsletterDelivery.state)
    )
    by_state = {DeliveryState(state): int(count) for state, count in rows.all()}
    return {
        "subscribers": int(subscribers or 0),
        "newsletters_sent": int(newsletters_sent or 0),
        "deliveries_sent": by_state.get(DeliveryState.SENT, 0),
        "deliveries_failed": by_state.get(DeliveryState.FAILED, 0),
        "deliveries_blocked": by_state.get(DeliveryState.BLOCKED, 0),
    }


def remaining(newsletter: Newsletter, counts: dict[DeliveryState, int]) -> int | None:
    """Recipients still to go; None while the list of recipients is still being made and nothing is known."""
    pending = counts[DeliveryState.PENDING]
    if newsletter.materialized_at is not None:
        return pending
    finished = sum(counts[s] for s in (DeliveryState.SENT, DeliveryState.FAILED, DeliveryState.BLOCKED))
    if newsletter.recipients_total == 0 and finished == 0:
        return None
    # Recipients not added yet are still to go too.
    return max(pending, newsletter.recipients_total - finished)
