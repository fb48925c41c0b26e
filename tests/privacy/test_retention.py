"""Retention: a durable daily job anonymises exactly the closed consultations past RETENTION_YEARS, once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from services.privacy import retention
from storage.models import (
    AnswerEvent,
    AnswerEventKind,
    AuditEntry,
    Consultation,
    ConsultationEvent,
    ConsultationStatus,
    EventKind,
    JobState,
    PublishedAnswer,
    ScheduledJob,
)
from tests.conftest import Workers
from tests.support.factories import make_user
from workers.base import WorkerContext

YEAR = timedelta(days=365)


async def _consultation(session: Any, official: Any, *, created: Any, closed: Any | None, text: str) -> int:
    consultation = Consultation(
        official_id=official.id,
        topic_code="land",
        status=ConsultationStatus.CLOSED if closed else ConsultationStatus.OPEN,
        question=text,
        created_at=created,
        due_at=created + timedelta(days=3),
        first_answered_at=created + timedelta(days=1),
        closed_at=closed,
        rating=4,
    )
    session.add(consultation)
    await session.flush()
    session.add(
        ConsultationEvent(
            consultation_id=consultation.id,
            kind=EventKind.CREATED,
            actor_id=official.id,
            created_at=created,
            text=text,
            payload={"attachments": [{"type": "document", "file_id": "f", "file_name": f"{text}.pdf"}]},
        )
    )
    return consultation.id


async def _state(session_pool: Any) -> dict[int, tuple[str, Any]]:
    async with session_pool() as session:
        rows = (await session.scalars(select(Consultation).order_by(Consultation.id))).unique().all()
        return {c.id: (c.question, c.anonymised_at) for c in rows}


async def test_the_job_anonymises_exactly_those_past_the_limit_once_across_a_restart(
    session_pool: Any, workers: Workers, worker_ctx: WorkerContext, clock: Any, bot: Any
) -> None:
    now = clock.now()
    limit = now - worker_ctx.settings.retention  # five years by default
    async with session_pool() as session:
        official = await make_user(session)
        old = await _consultation(
            session, official, created=limit - YEAR, closed=limit - timedelta(days=1), text="стара"
        )
        recent = await _consultation(
            session, official, created=limit - YEAR, closed=limit + timedelta(days=1), text="свіжа"
        )
        still_open = await _consultation(session, official, created=limit - 2 * YEAR, closed=None, text="відкрита")
        await retention.ensure_scheduled(session, now=now)
        await retention.ensure_scheduled(session, now=now)  # a second start-up plans nothing more
        await session.commit()

    await workers.drain()
    first = await _state(session_pool)
    assert first[old] == ("", now)
    assert first[recent] == ("свіжа", None) and first[still_open] == ("відкрита", None)
    async with session_pool() as session:
        event = await session.scalar(select(ConsultationEvent).where(ConsultationEvent.consultation_id == old))
        assert event is not None and event.text is None and event.payload == {"attachments_removed": 1}
        kept = await session.get(Consultation, old)
        assert kept is not None and kept.rating == 4 and kept.first_answered_at is not None  # indicators stay

    # A restart (a new instance): the next run is the durable row planned a day later, and it runs once.
    restarted = Workers(
        WorkerContext(
            bot=bot,
            settings=worker_ctx.settings,
            knowledge=worker_ctx.knowledge,
            session_pool=session_pool,
            clock=clock,
            limiter=worker_ctx.limiter,
            signals=worker_ctx.signals,
            owner="after-restart",
        ),
        bot,
    )
    async with session_pool() as session:
        await retention.ensure_scheduled(session, now=clock.now())
        await session.commit()
    await restarted.drain()  # nothing due yet
    assert await _state(session_pool) == first
    clock.advance(days=2)  # now the "recent" one is past the limit too
    await restarted.drain()
    second = await _state(session_pool)
    assert second[old] == first[old]  # not touched again
    assert second[recent] == ("", clock.now()) and second[still_open] == ("відкрита", None)

    async with session_pool() as session:
        runs = (await session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "retention.run"))).all()
        assert runs == ["anonymised=1", "anonymised=1"]
        jobs = (
            await session.execute(
                select(ScheduledJob.state, func.count())
                .where(ScheduledJob.kind == retention.JOB_RETENTION)
                .group_by(ScheduledJob.state)
            )
        ).all()
        assert dict(jobs) == {JobState.DONE: 2, JobState.PENDING: 1}  # one run a day, the next one planned


async def test_questions_answered_from_the_base_are_kept_no_longer(
    session_pool: Any, workers: Workers, worker_ctx: WorkerContext, clock: Any
) -> None:
    now = clock.now()
    limit = now - worker_ctx.settings.retention
    async with session_pool() as session:
        official = await make_user(session)
        published = PublishedAnswer(topic_code="land", question="Податок", answer="Так", author_id=official.id)
        session.add(published)
        await session.flush()
        for when, text in ((limit - timedelta(days=1), "старе питання"), (limit + timedelta(days=1), "свіже питання")):
            session.add(
                AnswerEvent(
                    answer_id=published.id,
                    kind=AnswerEventKind.HELPED,
                    actor_id=official.id,
                    created_at=when,
                    payload={"question": text, "shown": [published.id]},
                )
            )
        await retention.ensure_scheduled(session, now=now)
        await session.commit()
    await workers.drain()
    async with session_pool() as session:
        payloads = (await session.scalars(select(AnswerEvent.payload).order_by(AnswerEvent.id))).all()
    assert payloads == [{"shown": [published.id]}, {"question": "свіже питання", "shown": [published.id]}]
