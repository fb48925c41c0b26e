"""What /status shows: version, uptime, backends, queue sizes, worker heartbeats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import __version__
from bot.texts import ops as t
from core.errors import AccessDenied
from storage.models import (
    Consultation,
    ConsultationStatus,
    DeliveryState,
    JobState,
    NewsletterDelivery,
    Role,
    ScheduledJob,
    WorkerHeartbeat,
)
from storage.repositories import heartbeats
from storage.repositories import outbox as outbox_repo
from storage.repositories.consultations import ACTIVE  # the hot line's own notion of open and overdue


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
    pending_newsletter: int
    due_jobs: int
    scheduled_jobs: int
    heartbeats: list[WorkerHeartbeat]


async def _count(session: AsyncSession, stmt: object) -> int:
    return int(await session.scalar(stmt) or 0)  # type: ignore[call-overload]


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
        open_consultations=await _count(session, consultations.where(Consultation.status.in_(ACTIVE))),
        unassigned_consultations=await _count(
            session, consultations.where(Consultation.status == ConsultationStatus.OPEN)
        ),
        overdue_consultations=await _count(
            session, consultations.where(Consultation.status.in_(ACTIVE), Consultation.due_at <= now)
        ),
        pending_outbox=await outbox_repo.pending_count(session),
        pending_newsletter=await _count(
            session,
            select(func.count())
            .select_from(NewsletterDelivery)
            .where(NewsletterDelivery.state == DeliveryState.PENDING),
        ),
        due_jobs=await _count(session, jobs.where(ScheduledJob.due_at <= now)),
        scheduled_jobs=await _count(session, jobs),
        heartbeats=list(await heartbeats.latest(session)),
    )
