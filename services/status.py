"""What /status reports: backends, queue sizes, worker heartbeats (admins only)."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import AccessDenied
from core.roles import Role
from storage.models import (
    Consultation,
    ConsultationStatus,
    DeliveryState,
    JobState,
    NewsletterDelivery,
    ScheduledJob,
    WorkerHeartbeat,
)
from storage.repositories import heartbeats
from storage.repositories import outbox as outbox_repo
from storage.repositories.consultations import ACTIVE  # the hot line's own notion of open and overdue


@dataclass(eq=False)
class StatusForAdminsOnly(AccessDenied):
    pass


class FsmBackend(enum.StrEnum):
    REDIS = "redis"
    DATABASE = "database"


@dataclass(frozen=True)
class StatusReport:
    database: str  # the SQLAlchemy dialect: sqlite, postgresql
    fsm: FsmBackend
    open_consultations: int
    unassigned_consultations: int
    overdue_consultations: int
    pending_outbox: int
    pending_newsletter: int
    due_jobs: int
    scheduled_jobs: int
    heartbeats: Sequence[WorkerHeartbeat]


async def _count(session: AsyncSession, stmt: Select[Any]) -> int:
    return int(await session.scalar(stmt) or 0)


async def collect(session: AsyncSession, *, role: Role, now: datetime, redis: bool) -> StatusReport:
    if role != Role.ADMIN:
        raise StatusForAdminsOnly()
    consultations = select(func.count()).select_from(Consultation)
    jobs = select(func.count()).select_from(ScheduledJob).where(ScheduledJob.state == JobState.PENDING)
    deliveries = select(func.count()).select_from(NewsletterDelivery)
    return StatusReport(
        database=session.get_bind().dialect.name,
        fsm=FsmBackend.REDIS if redis else FsmBackend.DATABASE,
        open_consultations=await _count(session, consultations.where(Consultation.status.in_(ACTIVE))),
        unassigned_consultations=await _count(
            session, consultations.where(Consultation.status == ConsultationStatus.OPEN)
        ),
        overdue_consultations=await _count(
            session, consultations.where(Consultation.status.in_(ACTIVE), Consultation.due_at <= now)
        ),
        pending_outbox=await outbox_repo.pending_count(session),
        pending_newsletter=await _count(session, deliveries.where(NewsletterDelivery.state == DeliveryState.PENDING)),
        due_jobs=await _count(session, jobs.where(ScheduledJob.due_at <= now)),
        scheduled_jobs=await _count(session, jobs),
        heartbeats=await heartbeats.latest(session),
    )
