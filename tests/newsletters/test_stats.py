from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from services.newsletters.stats import newsletter_figures
from storage.models import (
    ALL_TOPICS,
    DeliveryState,
    Newsletter,
    NewsletterDelivery,
    NewsletterStatus,
    Subscription,
)
from tests.support.factories import make_user

T0 = datetime(2026, 3, 1, tzinfo=UTC)


async def test_figures_count_subscribers_newsletters_and_outcomes_in_the_period(session: AsyncSession) -> None:
    author = await make_user(session)
    subscribers = [await make_user(session) for _ in range(3)]
    blocked = await make_user(session)
    blocked.blocked_bot_at = T0
    session.add_all(
        [
            Subscription(user_id=subscribers[0].id, topic_code=ALL_TOPICS),
            Subscription(user_id=subscribers[1].id, topic_code="land"),
            Subscription(user_id=subscribers[1].id, topic_code="budget"),
            Subscription(user_id=subscribers[2].id, topic_code="budget"),
            Subscription(user_id=blocked.id, topic_code="budget"),
        ]
    )
    inside = Newsletter(author_id=author.id, author_chat_id=author.telegram_id, status=NewsletterStatus.DONE)
    inside.started_at = T0 + timedelta(days=1)
    before = Newsletter(author_id=author.id, author_chat_id=author.telegram_id, status=NewsletterStatus.DONE)
    before.started_at = T0 - timedelta(days=1)
    session.add_all([inside, before])
    await session.flush()
    outcomes = [
        (subscribers[0], DeliveryState.SENT, T0 + timedelta(days=1)),
        (subscribers[1], DeliveryState.SENT, T0 + timedelta(days=2)),
        (subscribers[2], DeliveryState.FAILED, T0 + timedelta(days=1)),
        (blocked, DeliveryState.BLOCKED, T0 + timedelta(days=1)),
    ]
    for user, state, finished in outcomes:
        session.add(
            NewsletterDelivery(
                newsletter_id=inside.id, user_id=user.id, chat_id=user.telegram_id, state=state, finished_at=finished
            )
        )
    # Outside the period, or not finished: not counted.
    session.add(
        NewsletterDelivery(
            newsletter_id=before.id,
            user_id=subscribers[0].id,
            chat_id=subscribers[0].telegram_id,
            state=DeliveryState.SENT,
            finished_at=T0 - timedelta(days=1),
        )
    )
    session.add(
        NewsletterDelivery(newsletter_id=before.id, user_id=subscribers[1].id, chat_id=subscribers[1].telegram_id)
    )
    await session.commit()

    figures = await newsletter_figures(session, T0, T0 + timedelta(days=30))

    assert figures == {
        "subscribers": 3,
        "newsletters_sent": 1,
        "deliveries_sent": 2,
        "deliveries_failed": 1,
        "deliveries_blocked": 1,
    }
