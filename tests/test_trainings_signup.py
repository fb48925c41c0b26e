"""Sign-up rules in the service: capacity, waitlist, promotion, deadline, the race for the last seats."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.texts import trainings as t
from core.errors import Conflict
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


async def test_admin_actions_are_checked_in_the_service(session: AsyncSession, clock: FakeClock) -> None:
    from core.errors import AccessDenied, DomainError
    from knowledge.loader import default_knowledge
    from services.trainings import attendance, catalogue, export
    from storage.models import Role
    from tests.trainings_helpers import training_form

    now = clock.now()
    training = await make_training(session, now, capacity=2)
    official = await make_user(session)
    registration = (await signups.sign_up(session, training_id=training.id, user=official, now=now)).registration
    for role in (Role.OFFICIAL, Role.LAWYER):
        with pytest.raises(AccessDenied):
            await catalogue.create_training(
                session, form=training_form(now + timedelta(days=1)), actor_id=official.id, role=role, now=now
            )
        with pytest.raises(AccessDenied):
            await catalogue.cancel_training(
                session, training_id=training.id, actor_id=official.id, role=role, now=now, tz=KYIV
            )
        with pytest.raises(AccessDenied):
            await catalogue.update_training(
                session,
                training_id=training.id,
                changes={"title": "X"},
                actor_id=official.id,
                role=role,
                now=now,
                tz=KYIV,
            )
        with pytest.raises(AccessDenied):
            await attendance.toggle_attendance(
                session, registration_id=registration.id, actor_id=official.id, role=role, now=now + timedelta(days=4)
            )
        with pytest.raises(AccessDenied):
            await export.participant_rows(
                session, training_id=training.id, role=role, knowledge=default_knowledge(), tz=KYIV
            )
    # Capacity never drops below the registered participants; a start in the past is refused.
    other = await make_user(session)
    await signups.sign_up(session, training_id=training.id, user=other, now=now)
    with pytest.raises(DomainError) as exc:
        await catalogue.update_training(
            session, training_id=training.id, changes={"capacity": 1}, actor_id=None, role=Role.ADMIN, now=now, tz=KYIV
        )
    assert exc.value.message == t.CANNOT_SHRINK.format(taken=2)
    with pytest.raises(DomainError) as exc:
        await catalogue.create_training(
            session, form=training_form(now - timedelta(minutes=1)), actor_id=None, role=Role.ADMIN, now=now
        )
    assert exc.value.message == t.START_IN_PAST


def test_parsing_ukrainian_formats() -> None:
    from datetime import UTC, datetime

    from services.trainings.parsing import InvalidInput, parse_duration, parse_local_datetime

    now = datetime(2026, 11, 23, 7, tzinfo=UTC)
    summer = datetime(2027, 7, 1, 7, 0, tzinfo=UTC)  # 10:00 in Kyiv in summer (UTC+3)
    assert parse_local_datetime("01.07.2027 10:00", KYIV, now=now) == summer
    assert parse_local_datetime("1.7.27 10.00", KYIV, now=now) == summer
    assert parse_local_datetime("2027-07-01 10:00", KYIV, now=now) == summer
    assert parse_local_datetime("25.12 10:00", KYIV, now=now) == datetime(2026, 12, 25, 8, tzinfo=UTC)
    assert parse_local_datetime("05.01 10:00", KYIV, now=now) == datetime(2027, 1, 5, 8, tzinfo=UTC)  # next January
    for bad in ("", "завтра", "31.02.2027 10:00", "25.12.2026", "25.12.2026 25:00"):
        with pytest.raises(InvalidInput) as exc:
            parse_local_datetime(bad, KYIV, now=now)
        assert exc.value.message == t.BAD_DATETIME
    assert [parse_duration(x) for x in ("90", "1:30", "2 год", "1,5 год", "2 год 30 хв", "45 хв")] == [
        90,
        90,
        120,
        90,
        150,
        45,
    ]
    for bad in ("0", "півдня", "2 год кави", "99999999"):
        with pytest.raises(InvalidInput):
            parse_duration(bad)


async def test_concurrent_cancellations_promote_each_waiting_once(
    session_pool: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    now = clock.now()
    training = await create_training_row(session_pool, now, capacity=5)
    users = [await create_user(session_pool) for _ in range(12)]
    for user in users:  # 5 registered, 7 waiting
        async with session_pool() as session:
            await signups.sign_up(session, training_id=training.id, user=user, now=now)
            await session.commit()
        now += timedelta(seconds=1)

    async def leave(user_index: int) -> None:
        async with session_pool() as session:
            await signups.cancel_registration(
                session, training_id=training.id, user=users[user_index], now=now, tz=KYIV
            )
            await session.commit()

    await asyncio.gather(*(leave(i) for i in range(5)))
    async with session_pool() as session:
        rows = dict((await session.execute(select(TrainingRegistration.user_id, TrainingRegistration.status))).all())
        seats = await session.scalar(select(Training.seats_taken).where(Training.id == training.id))
        promoted = (
            await session.scalars(select(TrainingEvent.user_id).where(TrainingEvent.kind == TrainingEventKind.PROMOTED))
        ).all()
        notices = await session.scalar(select(func.count()).select_from(OutboxMessage))
    # The first five in the queue got the seats, in order; the last two still wait.
    assert [rows[u.id] for u in users] == [RegistrationStatus.CANCELLED] * 5 + [RegistrationStatus.REGISTERED] * 5 + [
        RegistrationStatus.WAITLISTED
    ] * 2
    assert seats == 5
    assert sorted(promoted) == sorted(u.id for u in users[5:10])
    assert notices == 5
