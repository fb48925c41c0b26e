"""The delivery worker against the recording bot: 429, 403, 5xx, batches, two instances."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime

from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import SendMessage, TelegramMethod
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import workers.newsletters as newsletter_worker
from storage.models import (
    ALL_TOPICS,
    DeliveryState,
    Newsletter,
    NewsletterDelivery,
    NewsletterStatus,
    Subscription,
    User,
)
from tests.conftest import FakeClock
from tests.support.factories import create_user
from tests.support.mocked_bot import MockedBot
from workers.base import WorkerContext
from workers.newsletters import NewsletterWorker

Pool = async_sessionmaker[AsyncSession]


async def readers(pool: Pool, count: int, topic: str = ALL_TOPICS, **kwargs: object) -> list[User]:
    users = []
    for _ in range(count):
        user = await create_user(pool, **kwargs)
        async with pool() as session:
            session.add(Subscription(user_id=user.id, topic_code=topic))
            await session.commit()
        users.append(user)
    return users


async def confirmed_newsletter(pool: Pool, now: datetime, topics: list[str] | None = None) -> Newsletter:
    author = await create_user(pool)
    async with pool() as session:
        newsletter = Newsletter(
            author_id=author.id,
            author_chat_id=author.telegram_id,
            status=NewsletterStatus.SCHEDULED,
            html="<b>Новина</b>",
            topics=topics or ["budget"],
            regions=[],
            scheduled_at=now,
        )
        session.add(newsletter)
        await session.commit()
        return newsletter


async def run_until_idle(worker: NewsletterWorker, rounds: int = 50) -> None:
    for _ in range(rounds):
        if not await worker.run_once():
            return


async def deliveries(pool: Pool) -> dict[int, NewsletterDelivery]:
    async with pool() as session:
        rows = (await session.scalars(select(NewsletterDelivery))).all()
    return {row.chat_id: row for row in rows}


def sends_to(bot: MockedBot, chat_id: int) -> list[TelegramMethod[object]]:
    return [m for m in bot.session.requests if isinstance(m, SendMessage) and m.chat_id == chat_id]


def to_chat(chat_id: int):  # type: ignore[no-untyped-def]
    return lambda m: isinstance(m, SendMessage) and m.chat_id == chat_id


async def test_every_recipient_once_in_batches(
    session_pool: Pool, worker_ctx: WorkerContext, bot: MockedBot, clock: FakeClock, monkeypatch
) -> None:
    monkeypatch.setattr(newsletter_worker, "RECIPIENTS_BATCH", 3)
    users = await readers(session_pool, 7)
    await confirmed_newsletter(session_pool, clock.now())
    worker = NewsletterWorker(worker_ctx)
    worker.batch = 2
    await run_until_idle(worker)
    for user in users:
        assert len(sends_to(bot, user.telegram_id)) == 1
    rows = await deliveries(session_pool)
    assert len(rows) == 7 and {r.state for r in rows.values()} == {DeliveryState.SENT}
    async with session_pool() as session:
        newsletter = await session.scalar(select(Newsletter))
    assert newsletter.status == NewsletterStatus.DONE and newsletter.recipients_total == 7


async def test_429_pauses_every_send_and_retries(
    session_pool: Pool, worker_ctx: WorkerContext, bot: MockedBot, clock: FakeClock
) -> None:
    first, second = await readers(session_pool, 2)
    await confirmed_newsletter(session_pool, clock.now())
    pauses: list[float] = []
    limiter = worker_ctx.limiter
    original = limiter.pause

    def record(seconds: float) -> None:
        pauses.append(seconds)
        original(seconds)

    limiter.pause = record  # type: ignore[method-assign]
    bot.session.fail_next(to_chat(first.telegram_id), TelegramRetryAfter(SendMessage(chat_id=1, text="x"), "429", 1))
    worker = NewsletterWorker(worker_ctx)
    await run_until_idle(worker)
    assert pauses == [1]
    # The same chat was tried again after the pause; each got it exactly once.
    assert len(sends_to(bot, first.telegram_id)) == 2
    assert len(sends_to(bot, second.telegram_id)) == 1
    rows = await deliveries(session_pool)
    assert rows[first.telegram_id].state == DeliveryState.SENT
    assert rows[first.telegram_id].attempts == 1


async def test_403_marks_blocked_unsubscribes_and_skips_later(
    session_pool: Pool, worker_ctx: WorkerContext, bot: MockedBot, clock: FakeClock
) -> None:
    blocker, reader = await readers(session_pool, 2)
    await confirmed_newsletter(session_pool, clock.now())
    bot.session.fail_next(
        to_chat(blocker.telegram_id), TelegramForbiddenError(SendMessage(chat_id=1, text="x"), "bot was blocked")
    )
    worker = NewsletterWorker(worker_ctx)
    await run_until_idle(worker)
    rows = await deliveries(session_pool)
    assert rows[blocker.telegram_id].state == DeliveryState.BLOCKED
    assert rows[reader.telegram_id].state == DeliveryState.SENT
    async with session_pool() as session:
        user = await session.get(User, blocker.id)
        subs = (await session.scalars(select(Subscription).where(Subscription.user_id == blocker.id))).all()
    assert user.blocked_bot_at == clock.now() and subs == []
    # The next newsletter skips them.
    await confirmed_newsletter(session_pool, clock.now())
    await run_until_idle(worker)
    assert len(sends_to(bot, blocker.telegram_id)) == 1
    assert len(sends_to(bot, reader.telegram_id)) == 2


async def test_5xx_then_success_after_backoff(
    session_pool: Pool, worker_ctx: WorkerContext, bot: MockedBot, clock: FakeClock
) -> None:
    (reader,) = await readers(session_pool, 1)
    await confirmed_newsletter(session_pool, clock.now())
    bot.session.fail_next(to_chat(reader.telegram_id), TelegramServerError(SendMessage(chat_id=1, text="x"), "502"))
    worker = NewsletterWorker(worker_ctx)
    await run_until_idle(worker)
    row = (await deliveries(session_pool))[reader.telegram_id]
    assert row.state == DeliveryState.PENDING and row.attempts == 1 and "502" in row.last_error
    assert row.locked_by is None
    await run_until_idle(worker)  # not due yet
    assert len(sends_to(bot, reader.telegram_id)) == 1
    clock.advance(seconds=10)
    await run_until_idle(worker)
    row = (await deliveries(session_pool))[reader.telegram_id]
    assert row.state == DeliveryState.SENT and row.attempts == 2
    assert len(sends_to(bot, reader.telegram_id)) == 2


async def test_5xx_up_to_the_limit_then_failed(
    session_pool: Pool, worker_ctx: WorkerContext, bot: MockedBot, clock: FakeClock
) -> None:
    (reader,) = await readers(session_pool, 1)
    await confirmed_newsletter(session_pool, clock.now())
    for _ in range(newsletter_worker.MAX_ATTEMPTS):
        bot.session.fail_next(to_chat(reader.telegram_id), TelegramServerError(SendMessage(chat_id=1, text="x"), "500"))
    worker = NewsletterWorker(worker_ctx)
    for _ in range(newsletter_worker.MAX_ATTEMPTS):
        await run_until_idle(worker)
        clock.advance(minutes=10)
    row = (await deliveries(session_pool))[reader.telegram_id]
    assert row.state == DeliveryState.FAILED and row.attempts == newsletter_worker.MAX_ATTEMPTS
    async with session_pool() as session:
        assert (await session.scalar(select(Newsletter))).status == NewsletterStatus.DONE


async def test_two_instances_never_send_one_row_twice(
    session_pool: Pool, worker_ctx: WorkerContext, bot: MockedBot, clock: FakeClock
) -> None:
    users = await readers(session_pool, 12)
    await confirmed_newsletter(session_pool, clock.now())
    first = NewsletterWorker(worker_ctx)
    second = NewsletterWorker(replace(worker_ctx, owner="other-instance"))
    first.batch = second.batch = 4
    for _ in range(10):
        await asyncio.gather(first.run_once(), second.run_once())
    for user in users:
        assert len(sends_to(bot, user.telegram_id)) == 1
    async with session_pool() as session:
        assert (await session.scalar(select(Newsletter))).status == NewsletterStatus.DONE


async def test_a_lease_of_a_dead_instance_is_taken_over(
    session_pool: Pool, worker_ctx: WorkerContext, bot: MockedBot, clock: FakeClock
) -> None:
    (reader,) = await readers(session_pool, 1)
    await confirmed_newsletter(session_pool, clock.now())
    dead = NewsletterWorker(replace(worker_ctx, owner="dead"))
    await dead.start_due()
    assert await dead.hold_sender_lease()
    await dead.add_recipients()
    async with session_pool() as session:  # "dead" claims the row and dies before sending
        row = await session.scalar(select(NewsletterDelivery))
        row.locked_by, row.locked_until = "dead", clock.now() + dead.lease
        await session.commit()
    alive = NewsletterWorker(worker_ctx)
    await run_until_idle(alive)
    assert sends_to(bot, reader.telegram_id) == []
    clock.advance(seconds=worker_ctx.settings.worker_lease_seconds + 1)
    await run_until_idle(alive)
    assert len(sends_to(bot, reader.telegram_id)) == 1


async def test_one_sender_at_a_time_so_the_rate_holds_across_instances(
    session_pool: Pool, worker_ctx: WorkerContext, bot: MockedBot, clock: FakeClock
) -> None:
    users = await readers(session_pool, 6)
    await confirmed_newsletter(session_pool, clock.now())
    first = NewsletterWorker(worker_ctx)
    second = NewsletterWorker(replace(worker_ctx, owner="other-instance"))
    first.batch = 2
    await first.run_once()
    await first.wait_background()  # a full batch's tail may still be on its way when a round returns
    assert len(bot.session.requests) == 3  # the author's progress message and two recipients
    await second.run_once()
    assert len(bot.session.requests) == 3  # the first one is the sender while its lease holds
    await run_until_idle(first)
    assert all(len(sends_to(bot, user.telegram_id)) == 1 for user in users)
