"""Sign-up rules in the service: capacity, waitlist, promotion, deadline, the race for the last seats."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.texts import trainings as t
from services.errors import Conflict
from services.trainings import signups
from storage.models import (
    OutboxMessage,
    RegistrationStatus,
    Training,
    TrainingEvent,
    TrainingEventKind,
    TrainingRegistration,
)
from tests.conftest import FakeClock
from tests.factories import create_user, make_user
from tests.trainings_helpers import create_training_row, make_training

KYIV = ZoneInfo("Europe/Kyiv")


async def test_capacity_waitlist_and_promotion(session: AsyncSession, clock: FakeClock) -> None:
    now = clock.now()
    training = await make_training(session, now, capacity=2)
    a, b, c, d = [await make_user(session) for _ in range(4)]
    assert (await signups.sign_up(session, training_id=training.id, user=a, now=now)).waitlist_position is None
    assert (await signups.sign_up(session, training_id=training.id, user=b, now=now)).waitlist_position is None
    assert (await signups.sign_up(session, training_id=training.id, user=c, now=now)).waitlist_position == 1
    result = await signups.sign_up(session, training_id=training.id, user=d, now=now + timedelta(seconds=1))
    assert result.waitlist_position == 2 and result.training.seats_taken == 2
    with pytest.raises(Conflict) as exc:
        await signups.sign_up(session, training_id=training.id, user=c, now=now)
    assert exc.value.message == t.ALREADY_WAITLISTED

    # b leaves: c (first on the waitlist) takes the seat and is told; d stays waiting.
    training = await signups.cancel_registration(session, training_id=training.id, user=b, now=now, tz=KYIV)
    assert training.seats_taken == 2
    statuses = {
        r.user_id: r.status for r in await signups.participants(session, training.id, tuple(RegistrationStatus))
    }
    assert statuses == {
        a.id: RegistrationStatus.REGISTERED,
        b.id: RegistrationStatus.CANCELLED,
        c.id: RegistrationStatus.REGISTERED,
        d.id: RegistrationStatus.WAITLISTED,
    }
    notices = (await session.scalars(select(OutboxMessage).where(OutboxMessage.purpose == "training_promoted"))).all()
    assert [m.chat_id for m in notices] == [c.telegram_id]
    assert "Звільнилося місце" in notices[0].params["text"] and "https://meet.example.org" in notices[0].params["text"]

    # A waitlisted official leaving frees no seat.
    await signups.cancel_registration(session, training_id=training.id, user=d, now=now, tz=KYIV)
    # b signs up again: the row is reused, the training is full, so b waits.
    again = await signups.sign_up(session, training_id=training.id, user=b, now=now)
    assert again.waitlist_position == 1

    events = (
        await session.execute(
            select(TrainingEvent.kind, TrainingEvent.user_id, TrainingEvent.actor_id).order_by(TrainingEvent.id)
        )
    ).all()
    kinds = [k for k, _, _ in events]
    assert kinds == [
        TrainingEventKind.CREATED,
        *[TrainingEventKind.SIGNED_UP] * 4,
        TrainingEventKind.CANCELLED,
        TrainingEventKind.PROMOTED,
        TrainingEventKind.CANCELLED,
        TrainingEventKind.SIGNED_UP,
    ]
    promoted = next(e for e in events if e[0] == TrainingEventKind.PROMOTED)
    assert promoted[1] == c.id and promoted[2] is None  # the system did it
    assert all(actor == user for kind, user, actor in events if kind == TrainingEventKind.SIGNED_UP)


async def test_signup_closes_at_deadline(session: AsyncSession, clock: FakeClock) -> None:
    now = clock.now()
    training = await make_training(session, now, in_days=3, registration_deadline=now + timedelta(days=1))
    user = await make_user(session)
    with pytest.raises(Conflict) as exc:
        await signups.sign_up(session, training_id=training.id, user=user, now=now + timedelta(days=1))
    assert exc.value.message == t.SIGNUP_CLOSED
    result = await signups.sign_up(session, training_id=training.id, user=user, now=now + timedelta(hours=23))
    assert result.registration.status == RegistrationStatus.REGISTERED


async def test_race_for_ten_seats(session_pool: async_sessionmaker[AsyncSession], clock: FakeClock) -> None:
    now = clock.now()
    training = await create_training_row(session_pool, now, capacity=10)
    users = [await create_user(session_pool) for _ in range(50)]

    async def attempt(user_index: int) -> None:
        async with session_pool() as session:
            await signups.sign_up(session, training_id=training.id, user=users[user_index], now=now)
            await session.commit()

    await asyncio.gather(*(attempt(i) for i in range(50)))
    async with session_pool() as session:
        counts = dict(
            (
                await session.execute(
                    select(TrainingRegistration.status, func.count()).group_by(TrainingRegistration.status)
                )
            ).all()
        )
        seats = await session.scalar(select(Training.seats_taken).where(Training.id == training.id))
    assert counts == {RegistrationStatus.REGISTERED: 10, RegistrationStatus.WAITLISTED: 40}
    assert seats == 10
