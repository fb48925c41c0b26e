"""Figures that other features own, in one place: trainings and newsletters.

Each returns None when the feature cannot tell (shown as "немає даних").
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.newsletters import stats as newsletters

NEWSLETTER_KEYS = ("subscribers", "newsletters_sent", "deliveries_sent", "deliveries_failed", "deliveries_blocked")


async def trained_officials(
    session: AsyncSession, start: datetime, end: datetime, region_code: str | None = None
) -> int | None:
    try:
        from services.trainings.indicators import count_trained_officials
    except ImportError:
        return None
    return int(await count_trained_officials(session, start, end, region_code=region_code))


async def deputy_councils(
    session: AsyncSession, start: datetime, end: datetime, region_code: str | None = None
) -> int | None:
    try:
        from services.trainings.indicators import count_councils_with_deputy_training
    except ImportError:
        return None
    return int(await count_councils_with_deputy_training(session, start, end, region_code=region_code))


async def training_signups(session: AsyncSession, start: datetime, end: datetime) -> int | None:
    try:
        from services.trainings.indicators import count_signups
    except ImportError:
        return None
    return int(await count_signups(session, start, end))


async def newsletter_figures(session: AsyncSession, start: datetime, end: datetime) -> dict[str, int] | None:
    return dict(await newsletters.newsletter_figures(session, start, end))
