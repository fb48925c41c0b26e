"""Several instances share the outbox and the scheduled jobs: leases keep each job to one of them."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from storage.models import JobState, Newsletter, NewsletterDelivery, OutboxMessage, OutboxState, ScheduledJob
from storage.repositories import jobs as jobs_repo
from storage.repositories import leases
from storage.repositories import outbox as outbox_repo
from workers.newsletters import NewsletterWorker
from workers.outbox import OutboxWorker
from workers.scheduler import SchedulerWorker


async def _enqueue(session_pool, clock, chats: list[int]) -> list[int]:
    async with session_pool() as session:
        rows = [
            await outbox_repo.enqueue(
                session, chat_id=chat, method="sendMessage", params={"text": f"до {chat}"}, now=clock.now()
            )
            for chat in chats
        ]
        await session.commit()
        return [row.id for row in rows]


async def _claim(session_pool, model, ids: list[int], owner: str, clock, ctx) -> list[int]:
    async with session_pool() as session:
        claimed = await leases.claim(session, model, ids, owner=owner, now=clock.now(), lease=ctx.settings.worker_lease)
        await session.commit()
    return claimed


def _sent(bot) -> list[int]:
    return sorted(m.chat_id for m in bot.session.requests if type(m).__name__ == "SendMessage")


async def test_dead_instance_rows_are_taken_over_after_the_lease(worker_ctx, session_pool, clock, bot) -> None:
    ids = await _enqueue(session_pool, clock, [1, 2, 3])
    alive = OutboxWorker(replace(worker_ctx, owner="alive"))
    # The dead instance claimed them and was killed.
    assert await _claim(session_pool, OutboxMessage, ids, "dead", clock, worker_ctx) == ids

    assert await alive.run_once() is False  # leased: not touched
    assert _sent(bot) == []
    clock.advance(seconds=worker_ctx.settings.worker_lease_seconds + 1)
    assert await alive.run_once() is True
    assert _sent(bot) == [1, 2, 3]


async def test_instance_past_its_lease_does_not_send_again(worker_ctx, session_pool, clock, bot) -> None:
    ids = await _enqueue(session_pool, clock, [1, 2])
    slow = OutboxWorker(replace(worker_ctx, owner="slow"))
    other = OutboxWorker(replace(worker_ctx, owner="other"))
    assert await _claim(session_pool, OutboxMessage, ids, "slow", clock, worker_ctx) == ids
    # The slow instance stalls (a long 429 pause) past its lease; the other takes the rows and sends them.
    clock.advance(seconds=worker_ctx.settings.worker_lease_seconds + 1)
    assert await other.run_once() is True
    for message_id in ids:
        await slow._deliver(message_id)
    assert _sent(bot) == [1, 2]
    async with session_pool() as session:
        states = (await session.scalars(select(OutboxMessage.state).order_by(OutboxMessage.id))).all()
    assert states == [OutboxState.SENT, OutboxState.SENT]


async def test_two_instances_share_a_queue_without_duplicates(worker_ctx, session_pool, clock, bot) -> None:
    chats = list(range(1, 121))
    await _enqueue(session_pool, clock, chats)
    first = OutboxWorker(replace(worker_ctx, owner="first"))
    second = OutboxWorker(replace(worker_ctx, owner="second"))
    while await first.run_once() | await second.run_once():
        pass
    assert _sent(bot) == chats


async def test_job_whose_lease_was_lost_mid_run_is_rolled_back(worker_ctx, session_pool, clock) -> None:
    runs: list[str] = []

    async def handler(ctx, session, job) -> None:
        runs.append(ctx.owner)
        if ctx.owner == "slow":
            # While this instance works, its lease runs out and another instance claims the job.
            clock.advance(seconds=ctx.settings.worker_lease_seconds + 1)
            assert await _claim(session_pool, ScheduledJob, [job.id], "fast", clock, ctx) == [job.id]
        await outbox_repo.enqueue(
            session, chat_id=42, method="sendMessage", params={"text": ctx.owner}, now=clock.now()
        )

    async with session_pool() as session:
        await jobs_repo.schedule(session, kind="remind", ref_id=7, due_at=clock.now(), now=clock.now())
        await session.commit()
    slow = SchedulerWorker(replace(worker_ctx, owner="slow"), {"remind": handler})
    fast = SchedulerWorker(replace(worker_ctx, owner="fast"), {"remind": handler})

    assert await slow.run_once() is True
    async with session_pool() as session:
        job = await session.scalar(select(ScheduledJob))
        assert job is not None and job.state == JobState.PENDING and job.locked_by == "fast"
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 0

    await fast._run(job.id)
    async with session_pool() as session:
        job = await session.scalar(select(ScheduledJob))
        texts = (await session.scalars(select(OutboxMessage.params))).all()
    assert job is not None and job.state == JobState.DONE
    assert texts == [{"text": "fast"}]
    assert runs == ["slow", "fast"]


async def test_newsletter_row_held_past_its_lease_is_not_sent_again(session_pool, worker_ctx, clock, bot) -> None:
    from tests.newsletters.test_delivery import confirmed_newsletter, readers, sends_to

    (reader,) = await readers(session_pool, 1)
    await confirmed_newsletter(session_pool, clock.now())
    slow = NewsletterWorker(replace(worker_ctx, owner="slow"))
    other = NewsletterWorker(replace(worker_ctx, owner="other"))
    await slow.start_due()
    await slow.add_recipients()
    async with session_pool() as session:
        row = await session.scalar(select(NewsletterDelivery))
        newsletter = await session.scalar(select(Newsletter))
    assert row is not None and newsletter is not None
    assert await _claim(session_pool, NewsletterDelivery, [row.id], "slow", clock, worker_ctx) == [row.id]
    # The slow instance waits out a long 429 pause; its lease lapses and the other instance sends the row.
    clock.advance(seconds=worker_ctx.settings.worker_lease_seconds + 1)  # the lease _claim gave
    assert await other.send_due() is True
    await slow._deliver(row.id, row.chat_id, row.attempts, newsletter)
    assert len(sends_to(bot, reader.telegram_id)) == 1
