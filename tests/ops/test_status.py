"""/status: admins see queue sizes and worker heartbeats; others are refused."""

from __future__ import annotations

from datetime import timedelta

from bot.texts import common as tc
from bot.texts import ops as t
from storage.models import Consultation, ConsultationStatus, DeliveryState, Newsletter, NewsletterDelivery, Role
from storage.repositories import jobs as jobs_repo
from storage.repositories import outbox as outbox_repo
from tests.conftest import ADMIN_ID
from tests.support.factories import make_user

OFFICIAL = 5101


async def _fill_queues(session_pool, clock) -> None:
    now = clock.now()
    async with session_pool() as session:
        official = await make_user(session, telegram_id=OFFICIAL)
        lawyer = await make_user(session, role=Role.LAWYER)

        def consultation(status: ConsultationStatus, due_in_hours: int, lawyer_id: int | None = None) -> Consultation:
            return Consultation(
                official_id=official.id,
                lawyer_id=lawyer_id,
                topic_code="budget",
                status=status,
                question="?",
                created_at=now - timedelta(days=5),
                due_at=now + timedelta(hours=due_in_hours),
            )

        session.add_all(
            [
                consultation(ConsultationStatus.OPEN, -2),  # overdue, nobody took it
                consultation(ConsultationStatus.ASSIGNED, 5, lawyer.id),
                consultation(ConsultationStatus.CLARIFICATION, -50, lawyer.id),
                consultation(ConsultationStatus.ANSWERED, -50, lawyer.id),
                consultation(ConsultationStatus.CLOSED, -50, lawyer.id),
            ]
        )
        newsletter = Newsletter(author_id=official.id, author_chat_id=OFFICIAL, html="Новини")
        session.add(newsletter)
        await session.flush()
        for state in (DeliveryState.PENDING, DeliveryState.PENDING, DeliveryState.SENT):
            recipient = await make_user(session)
            session.add(
                NewsletterDelivery(
                    newsletter_id=newsletter.id, user_id=recipient.id, chat_id=recipient.telegram_id, state=state
                )
            )
        for chat in (1, 2, 3):
            await outbox_repo.enqueue(session, chat_id=chat, method="sendMessage", params={"text": "x"}, now=now)
        await jobs_repo.schedule(session, kind="reminder", ref_id=1, due_at=now - timedelta(minutes=1), now=now)
        await jobs_repo.schedule(session, kind="reminder", ref_id=2, due_at=now + timedelta(days=1), now=now)
        await session.commit()


async def test_status_for_admin_shows_queues_and_heartbeats(client, session_pool, clock, workers) -> None:
    await _fill_queues(session_pool, clock)
    for worker in workers.workers:
        await worker.write_heartbeat(force=True)
    clock.advance(seconds=30)

    calls = await client.send(ADMIN_ID, "/status")

    text = calls.text
    assert text.startswith("🩺 <b>Стан бота</b>")
    assert t.STATUS_OPEN.format(open=3, unassigned=1) in text
    assert t.STATUS_OVERDUE.format(overdue=2) in text
    assert t.STATUS_OUTBOX.format(outbox=3) in text
    assert t.STATUS_NEWSLETTER.format(count=2) in text
    assert t.STATUS_JOBS.format(jobs=2, due_jobs=1) in text
    for name in ("outbox", "scheduler"):
        line = t.WORKER_LINE.format(mark=t.FRESH_MARK, worker=t.WORKERS[name], instance=1, ago="30 с")
        assert line in text
    assert "Версія 0.1.0" in text
    # Words an admin reads: no dialect names, worker names or instance ids.
    assert "База даних: вбудована (SQLite)" in text or "База даних: PostgreSQL" in text
    for raw in ("sqlite", "postgresql", "outbox", "scheduler", "test-worker"):
        assert raw not in text


async def test_status_marks_silent_workers(client, clock, workers) -> None:
    await workers.workers[0].write_heartbeat(force=True)
    clock.advance(minutes=10)
    calls = await client.send(ADMIN_ID, t.BTN_STATUS)
    line = t.WORKER_LINE.format(mark=t.STALE_MARK, worker=t.WORKERS["outbox"], instance=1, ago="10 хв 0 с")
    assert line in calls.text


async def test_status_refused_to_official(client, session_pool, clock) -> None:
    await _fill_queues(session_pool, clock)
    calls = await client.send(OFFICIAL, "/status")
    assert calls.texts == [t.ADMINS_ONLY]
    calls = await client.send(OFFICIAL, t.BTN_STATUS)
    assert calls.texts == [t.ADMINS_ONLY]


async def test_status_button_only_in_admin_menu(client) -> None:
    calls = await client.send(ADMIN_ID, "/help")
    assert (t.BTN_STATUS, "") in calls.buttons()
    assert tc.HELP_ADMIN.strip() in calls.text


async def test_heartbeat_rows_per_instance(workers, session_pool, clock) -> None:
    from storage.repositories import heartbeats

    outbox = workers.workers[0]
    await outbox.write_heartbeat(force=True)
    clock.advance(seconds=3)
    await outbox.write_heartbeat()  # within the interval: not written again
    outbox.ctx.owner = "other-instance"
    await outbox.write_heartbeat(force=True)
    async with session_pool() as session:
        beats = [(b.worker, b.instance, b.beat_at) for b in await heartbeats.latest(session)]
    assert beats == [
        ("outbox", "other-instance", clock.now()),
        ("outbox", "test-worker", clock.now() - timedelta(seconds=3)),
    ]


async def test_instances_are_numbered_and_every_worker_has_a_name(client, workers, clock) -> None:
    first = workers.workers[0]
    await first.write_heartbeat(force=True)
    clock.advance(seconds=5)
    first.ctx.owner = "host-b:4242"  # another process, started later
    first._started_at = clock.now()
    await first.write_heartbeat(force=True)
    text = (await client.send(ADMIN_ID, "/status")).text
    assert "екземпляр 1 · 5 с тому" in text and "екземпляр 2 · 0 с тому" in text
    assert "host-b" not in text
    assert {worker.name for worker in workers.workers} <= set(t.WORKERS)
