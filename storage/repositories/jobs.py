from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.signals import JOBS_DIRTY
from storage.models import JobState, ScheduledJob


async def schedule(session: AsyncSession, *, kind: str, ref_id: int, due_at: datetime, now: datetime) -> ScheduledJob:
    """Adds a job unless the same (kind, ref_id, due_at) is already there."""
    existing = await session.scalar(
        select(ScheduledJob).where(
            ScheduledJob.kind == kind, ScheduledJob.ref_id == ref_id, ScheduledJob.due_at == due_at
        )
    )
    if existing is not None:
        if existing.state == JobState.CANCELLED:
            existing.state = JobState.PENDING
        return existing
    job = ScheduledJob(kind=kind, ref_id=ref_id, due_at=due_at, created_at=now)
    session.add(job)
    session.info[JOBS_DIRTY] = True
    return job


async def cancel(session: AsyncSession, *, kind: str, ref_id: int) -> int:
    result = await session.execute(
        update(ScheduledJob)
        .where(ScheduledJob.kind == kind, ScheduledJob.ref_id == ref_id, ScheduledJob.state == JobState.PENDING)
        .values(state=JobState.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def pending_for(session: AsyncSession, *, kind: str, ref_id: int) -> list[ScheduledJob]:
    result = await session.scalars(
        select(ScheduledJob)
        .where(ScheduledJob.kind == kind, ScheduledJob.ref_id == ref_id, ScheduledJob.state == JobState.PENDING)
        .order_by(ScheduledJob.due_at)
    )
    return list(result.all())
