"""Two real `python -m bot` instances in webhook mode on one PostgreSQL database, one killed midway.

Both instances claim outbox messages, scheduled jobs and newsletter deliveries with leases. After a
kill -9 of one of them every message is still sent (the dead instance's claimed
rows are taken over once WORKER_LEASE_SECONDS pass) and none twice, except
possibly the one message the killed instance had on the wire; every job takes
effect exactly once (its effects and its "done" mark are one transaction).
"""

from __future__ import annotations

import asyncio
import socket
from collections import Counter
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.texts import registration as tr
from services.hotline.consultations import JOB_OVERDUE
from services.privacy.retention import JOB_RETENTION
from storage.models import (
    ALL_TOPICS,
    Consultation,
    ConsultationEvent,
    ConsultationStatus,
    DeliveryState,
    EventKind,
    JobState,
    Newsletter,
    NewsletterDelivery,
    NewsletterStatus,
    OutboxMessage,
    OutboxState,
    Role,
    ScheduledJob,
)
from storage.repositories import heartbeats
from storage.repositories import jobs as jobs_repo
from storage.repositories import outbox as outbox_repo
from tests.e2e.harness import eventually
from tests.support.factories import make_user

SECRET = "e2e-webhook-secret"
PATH = "/tg/webhook"
MESSAGES = 150
JOBS = 60
RECIPIENTS = 100
LEASE_SECONDS = 3
IN_FLIGHT = 4  # SEND_CONCURRENCY: messages a sending worker may have on the wire at once


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def healthy(port: int) -> bool:
    try:
        async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/healthz") as response:
            return response.status == 200
    except aiohttp.ClientError:
        return False


async def post_update(port: int, update: dict, secret: str | None) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
    url = f"http://127.0.0.1:{port}{PATH}"
    async with aiohttp.ClientSession() as http, http.post(url, json=update, headers=headers) as response:
        return response.status


async def seed_newsletter(session_pool) -> tuple[int, list[int]]:
    """A newsletter being sent, its RECIPIENTS delivery rows all pending."""
    now = datetime.now(UTC)
    async with session_pool() as session:
        author = await make_user(session, telegram_id=7_200_000)
        newsletter = Newsletter(
            author_id=author.id,
            author_chat_id=author.telegram_id,
            status=NewsletterStatus.SENDING,
            html="Новини законодавства",
            topics=[ALL_TOPICS],
            started_at=now,
            progress_at=now,
            materialized_at=now,
            recipients_total=RECIPIENTS,
        )
        session.add(newsletter)
        await session.flush()
        chats = []
        for n in range(RECIPIENTS):
            recipient = await make_user(session, telegram_id=7_300_000 + n)
            session.add(
                NewsletterDelivery(newsletter_id=newsletter.id, user_id=recipient.id, chat_id=recipient.telegram_id)
            )
            chats.append(recipient.telegram_id)
        await session.commit()
        return newsletter.id, chats


async def seed(session_pool) -> tuple[list[int], list[int]]:
    """MESSAGES outbox rows to distinct chats; JOBS overdue jobs, due over the next few seconds."""
    now = datetime.now(UTC)
    async with session_pool() as session:
        official = await make_user(session)
        lawyer_chats, consultations = [], []
        for n in range(JOBS):
            lawyer = await make_user(session, role=Role.LAWYER, telegram_id=7_100_000 + n)
            consultation = Consultation(
                official_id=official.id,
                lawyer_id=lawyer.id,
                topic_code="budget",
                status=ConsultationStatus.ASSIGNED,
                question="Питання",
                created_at=now - timedelta(days=4),
                due_at=now - timedelta(hours=1),
            )
            session.add(consultation)
            await session.flush()
            await jobs_repo.schedule(
                session,
                kind=JOB_OVERDUE,
                ref_id=consultation.id,
                due_at=now + timedelta(milliseconds=60 * n),
                now=now,
            )
            lawyer_chats.append(lawyer.telegram_id)
            consultations.append(consultation.id)
        for n in range(MESSAGES):
            await outbox_repo.enqueue(
                session, chat_id=7_000_000 + n, method="sendMessage", params={"text": f"e2e-{n}"}, now=now
            )
        await session.commit()
    return lawyer_chats, consultations


@pytest.mark.postgres_only  # several instances share PostgreSQL; SQLite is for a single instance
async def test_two_instances_nothing_twice_nothing_lost(db_backend, fake_api, start_bot, session_pool) -> None:
    ports = [free_port(), free_port()]
    instances = [
        await start_bot(
            wait=False,
            webhook_url=f"https://bot.example.org{PATH}",
            webhook_secret=SECRET,
            webhook_host="127.0.0.1",
            webhook_port=port,
            webhook_path=PATH,
            worker_lease_seconds=LEASE_SECONDS,
            worker_poll_seconds=0.2,
            newsletter_rate_per_second=30,
            send_concurrency=IN_FLIGHT,
        )
        for port in ports
    ]
    for port in ports:
        await eventually(lambda port=port: healthy(port), timeout=60, what=f"/healthz on {port}")
    assert fake_api.webhook_url == f"https://bot.example.org{PATH}"

    async def outbox_instances() -> set[str]:
        async with session_pool() as session:
            beats = await heartbeats.latest(session)
        return {beat.instance for beat in beats if beat.worker == "outbox"}

    await eventually(lambda: _at_least(outbox_instances, 2), timeout=30, what="heartbeats of both instances")

    # The webhook of a real process: a wrong secret is refused, the right one is served.
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": int(datetime.now(UTC).timestamp()),
            "chat": {"id": 6_000_001, "type": "private"},
            "from": {"id": 6_000_001, "is_bot": False, "first_name": "Олена"},
            "text": "/start",
        },
    }
    assert await post_update(ports[1], update, "wrong") == 403
    assert await post_update(ports[1], update, None) == 403
    assert await post_update(ports[1], update, SECRET) == 200
    await fake_api.wait_until(lambda: fake_api.messages_to(6_000_001), what="the reply to /start")
    assert fake_api.messages_to(6_000_001)[0].body == tr.WELCOME

    newsletter_id, recipient_chats = await seed_newsletter(session_pool)
    lawyer_chats, consultation_ids = await seed(session_pool)
    owners: set[str] = set()

    async def sent_enough() -> bool:
        async with session_pool() as session:
            owners.update(
                (await session.scalars(select(OutboxMessage.locked_by).where(OutboxMessage.locked_by.is_not(None))))
                .unique()
                .all()
            )
        return sum(1 for m in fake_api.messages if m.from_bot and m.body.startswith("e2e-")) >= MESSAGES // 3

    await eventually(sent_enough, timeout=60, what="a third of the messages sent")
    await instances[0].kill()

    async def all_done() -> bool:
        async with session_pool() as session:
            pending = await session.scalar(
                select(func.count()).select_from(OutboxMessage).where(OutboxMessage.state != OutboxState.SENT)
            )
            jobs_left = await session.scalar(
                select(func.count())
                .select_from(ScheduledJob)
                # The daily retention run is always planned ahead: not work left over.
                .where(ScheduledJob.state != JobState.DONE, ScheduledJob.kind != JOB_RETENTION)
            )
            newsletter = await session.get(Newsletter, newsletter_id, populate_existing=True)
        return pending == 0 and jobs_left == 0 and newsletter is not None and newsletter.status == NewsletterStatus.DONE

    await eventually(all_done, timeout=90, what="every message sent and every job done")
    await asyncio.sleep(LEASE_SECONDS)  # let anything that would be sent twice arrive

    lawyers, recipients = set(lawyer_chats), set(recipient_chats)
    texts = Counter(m.body for m in fake_api.messages if m.from_bot and m.body.startswith("e2e-"))
    per_lawyer = Counter(m.chat_id for m in fake_api.messages if m.from_bot and m.chat_id in lawyers)
    per_recipient = Counter(m.chat_id for m in fake_api.messages if m.from_bot and m.chat_id in recipients)
    # Nothing lost.
    assert set(texts) == {f"e2e-{n}" for n in range(MESSAGES)}
    assert set(per_lawyer) == lawyers
    assert set(per_recipient) == recipients
    # Sent twice: at most what the killed instance had on the wire, IN_FLIGHT messages per sending worker
    # (a newsletter message may also have been answered and not yet recorded).
    outbox_extra = sum(texts.values()) - MESSAGES + sum(per_lawyer.values()) - JOBS
    newsletter_extra = sum(per_recipient.values()) - RECIPIENTS
    assert outbox_extra <= IN_FLIGHT, (texts.most_common(3), per_lawyer.most_common(3))
    assert newsletter_extra <= 2 * IN_FLIGHT, per_recipient.most_common(3)

    async with session_pool() as session:
        reminded = Counter(
            (
                await session.scalars(
                    select(ConsultationEvent.consultation_id).where(
                        ConsultationEvent.kind == EventKind.OVERDUE_LAWYER_REMINDED
                    )
                )
            ).all()
        )
    assert reminded == Counter(consultation_ids)  # every job took effect exactly once
    async with session_pool() as session:
        reports = await session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.purpose == "newsletter_report")
        )
        delivered = await session.scalar(
            select(func.count())
            .select_from(NewsletterDelivery)
            .where(NewsletterDelivery.newsletter_id == newsletter_id, NewsletterDelivery.state == DeliveryState.SENT)
        )
    assert (reports, delivered) == (1, RECIPIENTS)  # the newsletter finished once
    assert len(owners) == 2, f"both instances should have claimed work: {owners}"

    assert await instances[1].stop() == 0  # SIGTERM: a clean stop


async def _at_least(check, count: int) -> bool:  # type: ignore[no-untyped-def]
    return len(await check()) >= count
