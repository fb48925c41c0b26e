"""Figures that other features own, in one place: trainings, newsletters and the base of answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.answers import stats as answers
from services.newsletters import stats as newsletters
from services.trainings import indicators as trainings

NEWSLETTER_KEYS = ("subscribers", "newsletters_sent", "deliveries_sent", "deliveries_failed", "deliveries_blocked")


async def trained_officials(
    session: AsyncSession, start: datetime, end: datetime, region_code: str | None = None
) -> int | None:
    return await trainings.count_trained_officials(session, start, end, region_code=region_code)


async def deputy_councils(
    session: AsyncSession, start: datetime, end: datetime, region_code: str | None = None
) -> int | None:
    return await trainings.count_councils_with_deputy_training(session, start, end, region_code=region_code)


async def training_signups(session: AsyncSession, start: datetime, end: datetime) -> int | None:
    return await trainings.count_signups(session, start, end)


async def newsletter_figures(session: AsyncSession, start: datetime, end: datetime) -> dict[str, int] | None:
    figures = await newsletters.newsletter_figures(session, start, end)
    return {key: int(figures.get(key, 0)) for key in NEWSLETTER_KEYS}


async def answer_figures(session: AsyncSession, start: datetime, end: datetime) -> dict[str, int]:
    return await answers.answer_figures(session, start, end)
