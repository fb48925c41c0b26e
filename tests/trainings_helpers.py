"""Building blocks for the training tests: trainings straight in the database."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.trainings.catalogue import TrainingForm, create_training
from storage.models import Role, Training, TrainingAudience, TrainingFormat, TrainingKind


def training_form(starts_at: datetime, **overrides: Any) -> TrainingForm:
    values: dict[str, Any] = {
        "title": "Бюджетний процес у громаді",
        "kind": TrainingKind.SEMINAR,
        "audience": TrainingAudience.OFFICIALS,
        "topic_code": "budget",
        "starts_at": starts_at,
        "duration_minutes": 120,
        "format": TrainingFormat.ONLINE,
        "link": "https://meet.example.org/amu-budget",
    }
    values.update(overrides)
    return TrainingForm(**values)


async def make_training(session: AsyncSession, now: datetime, *, in_days: float = 3, **overrides: Any) -> Training:
    form = training_form(overrides.pop("starts_at", now + timedelta(days=in_days)), **overrides)
    return await create_training(session, form=form, actor_id=None, role=Role.ADMIN, now=now)


async def create_training_row(pool: async_sessionmaker[AsyncSession], now: datetime, **overrides: Any) -> Training:
    async with pool() as session:
        training = await make_training(session, now, **overrides)
        await session.commit()
        return training
