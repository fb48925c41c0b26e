"""What /status shows: version, uptime, backends, queue sizes, worker heartbeats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import __version__
from bot.texts import ops as t
from services.errors import AccessDenied
from storage.models import Base, Consultation, ConsultationStatus, JobState, Role, ScheduledJob, WorkerHeartbeat
from storage.repositories import heartbeats
from storage.repositories import outbox as outbox_repo

# Waiting for the association (not for the official, not finished).
WAITING = (ConsultationStatus.OPEN, ConsultationStatus.ASSIGNED, ConsultationStatus.CLARIFICATION)
# The deadline runs while the question is with the association, not while it waits for a clarification.
DEADLINE_RUNNING = (ConsultationStatus.OPEN, ConsultationStatus.ASSIGNED)
NEWSLETTER_DELIVERIES = "newsletter_deliveries"


@dataclass(frozen=True)
class StatusReport:
    version: str
    uptime: timedelta
    database: str
    fsm: str
    open_consultations: int
    unassigned_consultations: int
    overdue_consultations: int
    pending_outbox: int
    pending_newsletter: int | None  # None: no newsletter feature in this build
    due_jobs: int
    scheduled_jobs: int
    heartbeats: list[WorkerHeartbeat]


async def _count(session: AsyncSession, stmt: object) -> int:
    return int(await session.scalar(stmt) or 0)  # type: ignore[call-overload]


async def _pending_newsletter(session: AsyncSession) -> int | None:
    table = Base.metadata.tables.get(NEWSLETTER_DELIVERIES)
    if table is None or "state" not in table.c:
        return None
    return await _count(session, select(func.count()).select_from(table).where(table.c.state == "pending"))


async def collect(session: AsyncSession, *, role: Role, now: datetime, uptime: timedelta, redis: bool) -> StatusReport:
    if role != Role.ADMIN:
        raise AccessDenied(t.ADMINS_ONLY)
    consultations = select(func.count()).select_from(Consultation)
    jobs = select(func.count()).select_from(ScheduledJob).where(ScheduledJob.state == JobState.PENDING)
    return StatusReport(
        version=__version__,
        uptime=uptime,
        database=session.get_bind().dialect.name,
        fsm="Redis" if redis else t.FSM_IN_DATABASE,
        open_consultations=await _count(session, consultations.where(Consultation.status.in_(WAITING))),
        unassigned_consultations=await _count(
            session, consultations.where(Consultation.status == ConsultationStatus.OPEN)
        ),
        overdue_consultations=await _count(
            session, consultations.where(Consultation.status.in_(DEADLINE_RUNNING), Consultation.due_at < now)
        ),
        pending_outbox=await outbox_repo.pending_count(session),
        pending_newsletter=await _pending_newsletter(session),
        due_jobs=await _count(session, jobs.where(ScheduledJob.due_at <= now)),
        scheduled_jobs=await _count(session, jobs),
        heartbeats=list(await heartbeats.latest(session)),
    )
