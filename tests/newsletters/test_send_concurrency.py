"""The outbox and newsletter workers keep several calls in flight, each row sent once, each chat in order."""

from __future__ import annotations

import asyncio
import contextlib
import random
from dataclasses import replace
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramServerError
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.methods.base import TelegramType
from sqlalchemy import select

from core.ratelimit import RateLimiter
from storage.models import OutboxMessage, OutboxState
from storage.repositories import outbox as outbox_repo
from tests.conftest import FakeClock
from tests.newsletters.test_delivery import Pool, confirmed_newsletter, deliveries, readers, run_until_idle
from tests.support.mocked_bot import MockedBot, RecordingSession
from workers.base import WorkerContext
from workers.newsletters import NewsletterWorker
from workers.outbox import OutboxWorker

IN_FLIGHT = 8


class SlowSession(RecordingSession):
    """Each call takes a few milliseconds (a round trip) and is counted while in flight.

    With `hold_until` set, a call is held until that many are in flight (or a fifth of a second
    has passed): the most in flight then shows the sender's limit, not
    how fast this machine happens to run the database work between calls.
    """

    def __init__(self, seed: int = 7) -> None:
        super().__init__()
        self.random = random.Random(seed)
        self.in_flight = 0
        self.most_in_flight = 0
        self.hold_until: int | None = None
        self.started: list[TelegramMethod[Any]] = []
        self._changed = asyncio.Condition()

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        self.started.append(method)
        async with self._changed:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            self._changed.notify_all()
        try:
            if self.hold_until is not None:
                async with self._changed:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(
                            self._changed.wait_for(lambda: self.in_flight >= (self.hold_until or 0)), 0.2
                        )
            await asyncio.sleep(self.random.uniform(0.002, 0.01))
            return await super().make_request(bot, method, timeout)
        finally:
            self.in_flight -= 1


def slow_context(worker_ctx: WorkerContext, **changes: Any) -> tuple[WorkerContext, SlowSession]:
    bot = MockedBot()
    bot.session = SlowSession()
    limiter = RateLimiter(1000, per_chat_interval=0, max_in_flight=IN_FLIGHT)
    return replace(worker_ctx, bot=bot, limiter=limiter, **changes), bot.session


async def enqueue(pool: Pool, clock: FakeClock, messages: list[tuple[int, str]]) -> None:
    async with pool() as session:
        for chat_id, text in messages:
            await outbox_repo.enqueue(
                session, chat_id=chat_id, method="sendMessage", params={"text": text}, now=clock.now()
            )
        await session.commit()


def texts_by_chat(methods: list[TelegramMethod[Any]]) -> dict[int, list[str]]:
    sent: dict[int, list[str]] = {}
    for method in methods:
        assert isinstance(method, SendMessage)
        sent.setdefault(int(method.chat_id), []).append(method.text)
    return sent


async def drain(*workers: OutboxWorker) -> None:
    for _ in range(50):
        busy = await asyncio.gather(*(worker.run_once() for worker in workers))
        if not any(busy):
            return


async def test_newsletter_keeps_several_sends_in_flight(
    session_pool: Pool, worker_ctx: WorkerContext, clock: FakeClock
) -> None:
    users = await readers(session_pool, 30)
    await confirmed_newsletter(session_pool, clock.now())
    ctx, session = slow_context(worker_ctx)
    session.hold_until = IN_FLIGHT + 1  # more than the limiter allows: it must be the limiter that stops them
    await run_until_idle(NewsletterWorker(ctx))
    assert session.most_in_flight == IN_FLIGHT
    per_chat = texts_by_chat([m for m in session.started if isinstance(m, SendMessage)])
    assert all(len(per_chat[user.telegram_id]) == 1 for user in users)


async def test_newsletter_rows_claimed_by_two_racing_senders_go_out_once(
    session_pool: Pool, worker_ctx: WorkerContext, clock: FakeClock
) -> None:
    users = await readers(session_pool, 40)
    await confirmed_newsletter(session_pool, clock.now())
    ctx, session = slow_context(worker_ctx)
    first, second = NewsletterWorker(ctx), NewsletterWorker(replace(ctx, owner="other-instance"))
    await first.start_due()
    assert await first.hold_sender_lease()
    await first.add_recipients()
    first.batch = second.batch = 7
    # Past the sender lease: both claim and send rows of the same newsletter at once.
    for _ in range(50):
        if not any(await asyncio.gather(first.send_due(), second.send_due())):
            break  # nothing left to claim: each has waited for its own sends
    per_chat = texts_by_chat([m for m in session.started if isinstance(m, SendMessage)])
    assert all(len(per_chat[user.telegram_id]) == 1 for user in users)
    assert {row.locked_by for row in (await deliveries(session_pool)).values()} == {None}


async def test_outbox_sends_chats_side_by_side_each_in_order(
    session_pool: Pool, worker_ctx: WorkerContext, clock: FakeClock
) -> None:
    chats = [101, 102, 103, 104]
    queued = [(chat, f"{chat}-{n}") for n in range(5) for chat in chats]  # interleaved, as they come
    await enqueue(session_pool, clock, queued)
    ctx, session = slow_context(worker_ctx)
    session.hold_until = len(chats)
    await drain(OutboxWorker(ctx))
    assert texts_by_chat(session.started) == {chat: [f"{chat}-{n}" for n in range(5)] for chat in chats}
    assert session.most_in_flight == len(chats)  # one call per chat at a time, the chats side by side


async def test_outbox_keeps_at_most_send_concurrency_chats_in_flight(
    session_pool: Pool, worker_ctx: WorkerContext, clock: FakeClock
) -> None:
    await enqueue(session_pool, clock, [(chat, "новина") for chat in range(401, 413)])
    ctx, session = slow_context(worker_ctx, settings=worker_ctx.settings.model_copy(update={"send_concurrency": 5}))
    session.hold_until = 6  # more than the outbox may have in flight: it must be the outbox that stops
    await drain(OutboxWorker(ctx))
    assert session.most_in_flight == 5
    assert len(session.started) == 12


async def test_outbox_two_racing_instances_send_each_message_once_and_in_order(
    session_pool: Pool, worker_ctx: WorkerContext, clock: FakeClock
) -> None:
    # Small rounds: the two instances' rounds drift apart, and each claims while the other is sending.
    ctx, session = slow_context(worker_ctx, settings=worker_ctx.settings.model_copy(update={"send_concurrency": 5}))
    chats = list(range(201, 213))
    await enqueue(session_pool, clock, [(chat, f"{chat}-{n}") for n in range(6) for chat in chats])
    first = OutboxWorker(replace(ctx, owner="first"))
    second = OutboxWorker(replace(ctx, owner="second"))
    await drain(first, second)
    assert texts_by_chat(session.started) == {chat: [f"{chat}-{n}" for n in range(6)] for chat in chats}
    async with session_pool() as db:
        states = set((await db.scalars(select(OutboxMessage.state))).all())
    assert states == {OutboxState.SENT}


async def test_outbox_message_behind_a_failed_one_waits_for_it(
    session_pool: Pool, worker_ctx: WorkerContext, clock: FakeClock
) -> None:
    await enqueue(session_pool, clock, [(301, "first"), (302, "other chat"), (301, "second")])
    ctx, session = slow_context(worker_ctx)
    session.fail_next(
        lambda m: getattr(m, "text", None) == "first", TelegramServerError(SendMessage(chat_id=301, text="x"), "502")
    )
    worker = OutboxWorker(ctx)
    await drain(worker)
    # "second" was not sent before "first", which waits for its retry; the other chat went ahead.
    assert texts_by_chat(session.started) == {301: ["first"], 302: ["other chat"]}
    clock.advance(minutes=1)
    await drain(worker)
    assert texts_by_chat(session.started) == {301: ["first", "first", "second"], 302: ["other chat"]}
