"""Scheduled jobs of the hot line: overdue reminders, escalation, auto-close."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.consultations import JOB_AUTOCLOSE, JOB_ESCALATE, JOB_OVERDUE, Hotline
from storage.models import ScheduledJob
from workers.base import WorkerContext
from workers.scheduler import JobHandler


def _hotline(ctx: WorkerContext, session: AsyncSession) -> Hotline:
    return Hotline(session, ctx.settings, ctx.knowledge, ctx.clock.now())


async def overdue(ctx: WorkerContext, session: AsyncSession, job: ScheduledJob) -> None:
    await _hotline(ctx, session).on_overdue(job.ref_id)


async def escalate(ctx: WorkerContext, session: AsyncSession, job: ScheduledJob) -> None:
    await _hotline(ctx, session).on_escalate(job.ref_id)


async def autoclose(ctx: WorkerContext, session: AsyncSession, job: ScheduledJob) -> None:
    await _hotline(ctx, session).on_autoclose(job.ref_id)


HANDLERS: dict[str, JobHandler] = {JOB_OVERDUE: overdue, JOB_ESCALATE: escalate, JOB_AUTOCLOSE: autoclose}
