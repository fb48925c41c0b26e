"""Reminders 24 h and 1 h before a training: durable jobs, none lost and none sent twice across restarts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.factory import create_dispatcher
from core.ratelimit import RateLimiter
from core.settings import Settings
from core.signals import WorkerSignals
from knowledge import Knowledge
from services.trainings import signups
from services.trainings.catalogue import cancel_training, draft_to_edit, update_training
from storage.models import JobState, OutboxMessage, Role, ScheduledJob, TrainingFormat
from tests.conftest import FakeClock, Workers
from tests.support.factories import create_user
from tests.support.mocked_bot import MockedBot
from tests.trainings.helpers import admin, create_training_row
from workers.base import WorkerContext

LINK = "https://meet.example.org/amu-budget"


def restarted(
    settings: Settings, knowledge: Knowledge, pool: async_sessionmaker[AsyncSession], clock: FakeClock, owner: str
) -> tuple[Workers, MockedBot]:
    """A fresh process on the same database: new bot, dispatcher, signals and worker context."""
    bot = MockedBot()
    signals = WorkerSignals()
    create_dispatcher(settings, pool, knowledge, clock=clock, signals=signals)
    ctx = WorkerContext(
        bot=bot,
        settings=settings,
        knowledge=knowledge,
        session_pool=pool,
        clock=clock,
        limiter=RateLimiter(1000, per_chat_interval=0),
        signals=signals,
        owner=owner,
    )
    return Workers(ctx, bot), bot


def texts_to(requests: list[Any], chat_id: int) -> list[str]:
    return [m.text for m in requests if type(m).__name__ == "SendMessage" and m.chat_id == chat_id]


async def _sign_up(pool: async_sessionmaker[AsyncSession], training_id: int, user: Any, now: Any) -> None:
    async with pool() as session:
        await signups.sign_up(session, training_id=training_id, user=user, now=now)
        await session.commit()


async def test_reminders_survive_restarts_without_duplicates(
    settings: Settings,
    knowledge: Knowledge,
    session_pool: async_sessionmaker[AsyncSession],
    clock: FakeClock,
    workers: Workers,
) -> None:
    start = clock.now()
    training = await create_training_row(session_pool, start, in_days=3, capacity=1)
    a = await create_user(session_pool)
    waiting = await create_user(session_pool)
    await _sign_up(session_pool, training.id, a, start)
    await _sign_up(session_pool, training.id, waiting, start)  # the waitlist gets no reminders
    # Nothing is due yet.
    assert await workers.drain() == []

    # The process dies before the 24-hour reminder; a new one starts after it is due: nothing is lost.
    clock.current = training.starts_at - timedelta(hours=24) + timedelta(minutes=1)
    second, _ = restarted(settings, knowledge, session_pool, clock, "instance-2")
    sent = await second.drain()
    texts = texts_to(sent, a.telegram_id)
    assert len(texts) == 1 and "завтра о 09:00" in texts[0] and LINK in texts[0]
    assert texts_to(sent, waiting.telegram_id) == []

    # Another restart, same moment: the job is done, nothing is sent twice.
    third, _ = restarted(settings, knowledge, session_pool, clock, "instance-3")
    assert await third.drain() == []
    assert await workers.drain() == []

    clock.current = training.starts_at - timedelta(minutes=59)
    sent = await third.drain()
    texts = texts_to(sent, a.telegram_id)
    assert len(texts) == 1 and "За годину" in texts[0]
    fourth, _ = restarted(settings, knowledge, session_pool, clock, "instance-4")
    assert await fourth.drain() == []

    async with session_pool() as session:
        purposes = sorted((await session.scalars(select(OutboxMessage.purpose))).all())
        states = set((await session.scalars(select(ScheduledJob.state))).all())
    assert purposes == ["training_reminder_1h", "training_reminder_24h"]
    assert states == {JobState.DONE}


async def test_crash_between_claim_and_commit_loses_nothing(
    settings: Settings, knowledge: Knowledge, session_pool: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    """A worker claims the job and dies: once the lease runs out, another instance sends it, once."""
    start = clock.now()
    training = await create_training_row(session_pool, start, in_days=2)
    a = await create_user(session_pool)
    await _sign_up(session_pool, training.id, a, start)
    clock.current = training.starts_at - timedelta(hours=23)
    first, _ = restarted(settings, knowledge, session_pool, clock, "instance-dead")
    scheduler = first.workers[1]

    async def die(job_id: int) -> None:  # the process dies after the claim, before running the job
        return None

    scheduler._run = die  # type: ignore[method-assign]
    assert await scheduler.run_once()
    second, _ = restarted(settings, knowledge, session_pool, clock, "instance-2")
    assert await second.drain() == []  # the dead instance's lease still holds
    clock.advance(seconds=settings.worker_lease_seconds + 1)
    sent = await second.drain()
    assert len(texts_to(sent, a.telegram_id)) == 1
    assert await second.drain() == []


async def test_reschedule_and_cancel_update_reminders(
    settings: Settings,
    knowledge: Knowledge,
    session_pool: async_sessionmaker[AsyncSession],
    clock: FakeClock,
    workers: Workers,
) -> None:
    start = clock.now()
    training = await create_training_row(
        session_pool, start, in_days=3, format=TrainingFormat.OFFLINE, link=None, address="Київ, вул. Хрещатик, 1"
    )
    a = await create_user(session_pool)
    await _sign_up(session_pool, training.id, a, start)
    old_start = training.starts_at
    async with session_pool() as session:
        draft = await draft_to_edit(session, role=Role.ADMIN, training_id=training.id)
        await update_training(
            session,
            actor=await admin(session),
            training_id=training.id,
            draft=draft.model_copy(update={"starts_at": old_start + timedelta(days=2)}),
            now=start,
            tz=settings.tz,
        )
        await session.commit()
    await workers.drain()  # the change notice

    clock.current = old_start - timedelta(minutes=30)  # the old reminder times have passed
    assert texts_to(await workers.drain(), a.telegram_id) == []
    clock.current = old_start + timedelta(days=1, minutes=1)
    texts = texts_to(await workers.drain(), a.telegram_id)
    assert len(texts) == 1 and "Хрещатик" in texts[0]

    async with session_pool() as session:
        await cancel_training(
            session, actor=await admin(session), training_id=training.id, now=clock.now(), tz=settings.tz
        )
        await session.commit()
    await workers.drain()  # the cancellation notice
    clock.current = old_start + timedelta(days=2)
    assert texts_to(await workers.drain(), a.telegram_id) == []
    async with session_pool() as session:
        states = sorted((await session.execute(select(ScheduledJob.due_at, ScheduledJob.state))).all())
    assert [s for _, s in states] == [JobState.CANCELLED, JobState.CANCELLED, JobState.DONE, JobState.CANCELLED]


async def test_failed_reminder_is_retried_without_duplicates(
    session_pool: async_sessionmaker[AsyncSession], clock: FakeClock, workers: Workers, monkeypatch: Any
) -> None:
    """The job fails half-way (after one message): all of it rolls back and the retry sends each reminder once."""
    from services.trainings import jobs

    start = clock.now()
    training = await create_training_row(session_pool, start, in_days=2)
    people = [await create_user(session_pool) for _ in range(3)]
    for person in people:
        await _sign_up(session_pool, training.id, person, start)
    real_notify = jobs.notify
    calls = {"n": 0}

    async def flaky(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionError("database went away")
        await real_notify(*args, **kwargs)

    monkeypatch.setattr(jobs, "notify", flaky)
    clock.current = training.starts_at - timedelta(hours=24)
    assert await workers.drain() == []  # the job failed and was rolled back: nothing queued
    clock.advance(minutes=2)  # the retry is due (backoff)
    sent = await workers.drain()
    assert sorted(m.chat_id for m in sent) == sorted(p.telegram_id for p in people)
    assert await workers.drain() == []
