"""Runs due `scheduled_jobs` (deadlines, auto-close, reminders).

A job handler only writes to the database (state changes, outbox messages) and
the job is marked done in the same transaction, so a job takes effect exactly
once even if the process dies: either all of it is committed or none.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import JobState, ScheduledJob
from workers.base import Worker, WorkerContext

log = logging.getLogger(__name__)

JobHandler = Callable[[WorkerContext, AsyncSession, ScheduledJob], Awaitable[None]]
BATCH = 50
MAX_ATTEMPTS = 5


class SchedulerWorker(Worker):
    name = "scheduler"

    def __init__(self, ctx: WorkerContext, handlers: Mapping[str, JobHandler]) -> None:
        super().__init__(ctx)
        self.handlers = handlers

    def wake_event(self):  # type: ignore[no-untyped-def]
        return self.ctx.signals.jobs

    async def run_once(self) -> bool:
        claimed = await self.claim_due(
            ScheduledJob,
            ScheduledJob.state == JobState.PENDING,
            due_column=ScheduledJob.due_at,
            limit=BATCH,
            lease=self.ctx.settings.worker_lease,
        )
        for job_id in claimed:
            await self._run(job_id)
        return bool(claimed)

    async def _run(self, job_id: int) -> None:
        async with self.ctx.session_pool() as session:
            job = await session.get(ScheduledJob, job_id)
            if job is None or job.state != JobState.PENDING or job.locked_by != self.ctx.owner:
                return
            handler = self.handlers.get(job.kind)
            label = f"{job.kind} #{job.ref_id}"  # the row is expired after a rollback: read it now
            try:
                if handler is None:
                    raise LookupError(f"no handler for job kind {job.kind!r}")
                await handler(self.ctx, session, job)
                # Compare-and-set in the handler's transaction: if our lease ran out and another
                # instance took the job meanwhile, everything the handler did is rolled back.
                done = await session.execute(
                    update(ScheduledJob)
                    .where(
                        ScheduledJob.id == job_id,
                        ScheduledJob.locked_by == self.ctx.owner,
                        ScheduledJob.state == JobState.PENDING,
                    )
                    .values(state=JobState.DONE, done_at=self.ctx.clock.now(), locked_until=None)
                    .execution_options(synchronize_session=False)
                )
                if done.rowcount != 1:  # type: ignore[attr-defined]
                    await session.rollback()
                    log.warning("job %s (%s): lease lost, left to its new owner", job_id, label)
                    return
                await session.commit()
            except Exception as exc:
                await session.rollback()
                log.exception("job %s (%s) failed", job_id, label)
                await self._record_failure(job_id, exc)
        self.ctx.signals.outbox.set()

    async def _record_failure(self, job_id: int, exc: Exception) -> None:
        async with self.ctx.session_pool() as session:
            job = await session.get(ScheduledJob, job_id)
            if job is None or job.locked_by != self.ctx.owner:
                return
            job.attempts += 1
            job.last_error = repr(exc)[:500]
            job.locked_by = None
            job.locked_until = None
            if job.attempts >= MAX_ATTEMPTS:
                job.state = JobState.FAILED
            else:
                job.due_at = self.ctx.clock.now() + timedelta(seconds=30 * 2**job.attempts)
            await session.commit()
