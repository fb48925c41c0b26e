"""Building blocks for the training tests: trainings straight in the database, the bot's sign-up."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks.trainings import TrainingAction, TrainingCb
from bot.texts import trainings as t
from core.actor import Actor
from services.people import actor as people_actor
from services.trainings.catalogue import create_training
from services.trainings.form import TrainingDraft
from storage.models import Role, Training, TrainingAudience, TrainingFormat, TrainingKind, TrainingRegistration
from tests.conftest import ADMIN_ID
from tests.support.client import Calls, TelegramClient

LINK = "https://meet.example.org/amu-budget"
TITLE = "Бюджетний процес у громаді"


def training_draft(starts_at: datetime, **overrides: Any) -> TrainingDraft:
    values: dict[str, Any] = {
        "title": TITLE,
        "kind": TrainingKind.SEMINAR,
        "audience": TrainingAudience.OFFICIALS,
        "topic_code": "budget",
        "starts_at": starts_at,
        "duration_minutes": 120,
        "format": TrainingFormat.ONLINE,
        "link": LINK,
    }
    values.update(overrides)
    return TrainingDraft(**values)


async def admin(session: AsyncSession) -> Actor:
    """The admin of the tests (ADMIN_IDS), as the services see them."""
    return await people_actor(session, telegram_id=ADMIN_ID, user=None, role=Role.ADMIN)


async def make_training(session: AsyncSession, now: datetime, *, in_days: float = 3, **overrides: Any) -> Training:
    draft = training_draft(overrides.pop("starts_at", now + timedelta(days=in_days)), **overrides)
    return await create_training(session, actor=await admin(session), draft=draft, now=now)


async def create_training_row(pool: async_sessionmaker[AsyncSession], now: datetime, **overrides: Any) -> Training:
    async with pool() as session:
        training = await make_training(session, now, **overrides)
        await session.commit()
        return training


async def registration_status(pool: async_sessionmaker[AsyncSession], training_id: int, user_id: int) -> Any:
    async with pool() as session:
        return await session.scalar(
            select(TrainingRegistration.status).where(
                TrainingRegistration.training_id == training_id, TrainingRegistration.user_id == user_id
            )
        )


async def sign_up_via_bot(client: TelegramClient, user_id: int, training_id: int) -> Calls:
    """Opens the card and presses "sign up", then "yes" (the buttons the person was shown)."""
    calls = await client.click(user_id, TrainingCb(action=TrainingAction.VIEW, id=training_id).pack())
    labels = [text for text, _ in calls.buttons()]
    full = t.BTN_SIGN_UP not in labels
    calls = await client.click(user_id, calls.button(t.BTN_JOIN_WAITLIST if full else t.BTN_SIGN_UP))
    # The question says which it is: a seat, or the waiting list.
    assert ("Стати в список очікування?" in calls.text) == full
    return await client.click(user_id, calls.button(t.BTN_CONFIRM_WAITLIST if full else t.BTN_CONFIRM_SIGN_UP))


def forged(action: TrainingAction, training_id: int) -> str:
    """Callback data of a button not on the screen (a stale or forged press), to test refusals."""
    return TrainingCb(action=action, id=training_id).pack()
