"""Sign-up rules in the service: capacity, waitlist, promotion, deadline, the race for the last seats."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.views.notices import render_notice
from services.trainings import signups
from services.trainings.errors import AlreadyWaitlisted, SignUpClosed
from storage.models import (
    OutboxMessage,
    RegistrationStatus,
    Training,
    TrainingEvent,
    TrainingEventKind,
    TrainingRegistration,
)
from storage.repositories import trainings as trainings_repo
from tests.conftest import FakeClock
from tests.support.factories import create_user, make_user
from tests.trainings.helpers import create_training_row, make_training

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
    with pytest.raises(AlreadyWaitlisted):
        await signups.sign_up(session, training_id=training.id, user=c, now=now)

    # b leaves: c (first on the waitlist) takes the seat and is told; d stays waiting.
    training = await signups.cancel_registration(session, training_id=training.id, user=b, now=now, tz=KYIV)
    assert training.seats_taken == 2
    statuses = {
        r.user_id: r.status for r in await trainings_repo.participants(session, training.id, tuple(RegistrationStatus))
    }
    assert statuses == {
        a.id: RegistrationStatus.REGISTERED,
        b.id: RegistrationStatus.CANCELLED,
        c.id: RegistrationStatus.REGISTERED,
        d.id: RegistrationStatus.WAITLISTED,
    }
    notices = (await session.scalars(select(OutboxMessage).where(OutboxMessage.purpose == "training_promoted"))).all()
    assert [m.chat_id for m in notices] == [c.telegram_id]
    text = render_notice(notices[0].chat_id, notices[0].params).text
    assert "Звільнилося місце" in text and "https://meet.example.org" in text

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
    with pytest.raises(SignUpClosed):
        await signups.sign_up(session, training_id=training.id, user=user, now=now + timedelta(days=1))
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
    from core.actor import Actor
    from services.trainings import attendance, browse, catalogue, export
    from services.trainings.errors import AdminsOnly, CapacityBelowTaken, StartInPast
    from storage.models import Role
    from tests.trainings.helpers import admin, training_draft

    now = clock.now()
    training = await make_training(session, now, capacity=2)
    official = await make_user(session)
    registration = (await signups.sign_up(session, training_id=training.id, user=official, now=now)).registration
    draft = training_draft(now + timedelta(days=1))
    for role in (Role.OFFICIAL, Role.LAWYER):
        actor = Actor(user_id=official.id, role=role)
        with pytest.raises(AdminsOnly):
            await catalogue.create_training(session, actor=actor, draft=draft, now=now)
        with pytest.raises(AdminsOnly):
            await catalogue.cancel_training(session, actor=actor, training_id=training.id, now=now, tz=KYIV)
        with pytest.raises(AdminsOnly):
            await catalogue.update_training(
                session, actor=actor, training_id=training.id, draft=draft, now=now, tz=KYIV
            )
        with pytest.raises(AdminsOnly):
            await catalogue.draft_to_edit(session, role=role, training_id=training.id)
        with pytest.raises(AdminsOnly):
            await attendance.mark_attendance(
                session, actor=actor, registration_id=registration.id, attended=True, now=now + timedelta(days=4)
            )
        with pytest.raises(AdminsOnly):
            await export.participants(session, role=role, training_id=training.id)
        with pytest.raises(AdminsOnly):
            await browse.participants(session, role=role, training_id=training.id, page=0)
        with pytest.raises(AdminsOnly):
            await browse.attendance_list(session, role=role, training_id=training.id, page=0)
    # Capacity never drops below the registered participants; a start in the past is refused.
    other = await make_user(session)
    await signups.sign_up(session, training_id=training.id, user=other, now=now)
    editing = await catalogue.draft_to_edit(session, role=Role.ADMIN, training_id=training.id)
    with pytest.raises(CapacityBelowTaken) as exc:
        await catalogue.update_training(
            session,
            actor=await admin(session),
            training_id=training.id,
            draft=editing.model_copy(update={"capacity": 1}),
            now=now,
            tz=KYIV,
        )
    assert exc.value.taken == 2 and exc.value.step == "capacity"
    with pytest.raises(StartInPast):
        await catalogue.create_training(
            session, actor=await admin(session), draft=training_draft(now - timedelta(minutes=1)), now=now
        )


def test_parsing_ukrainian_formats() -> None:
    from datetime import UTC, datetime

    from services.trainings.errors import BadDateTime, BadDuration
    from services.trainings.parsing import parse_duration, parse_local_datetime

    now = datetime(2026, 11, 23, 7, tzinfo=UTC)
    summer = datetime(2027, 7, 1, 7, 0, tzinfo=UTC)  # 10:00 in Kyiv in summer (UTC+3)
    assert parse_local_datetime("01.07.2027 10:00", KYIV, now=now) == summer
    assert parse_local_datetime("1.7.27 10.00", KYIV, now=now) == summer
    assert parse_local_datetime("2027-07-01 10:00", KYIV, now=now) == summer
    assert parse_local_datetime("25.12 10:00", KYIV, now=now) == datetime(2026, 12, 25, 8, tzinfo=UTC)
    assert parse_local_datetime("05.01 10:00", KYIV, now=now) == datetime(2027, 1, 5, 8, tzinfo=UTC)  # next January
    for bad in ("", "завтра", "31.02.2027 10:00", "25.12.2026", "25.12.2026 25:00"):
        with pytest.raises(BadDateTime):
            parse_local_datetime(bad, KYIV, now=now)
    assert [parse_duration(x) for x in ("90", "1:30", "2 год", "1,5 год", "2 год 30 хв", "45 хв")] == [
        90,
        90,
        120,
        90,
        150,
        45,
    ]
    for bad in ("0", "півдня", "2 год кави", "99999999"):
        with pytest.raises(BadDuration):
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
