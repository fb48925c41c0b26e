"""The registry of scheduled job kinds: each feature contributes its service functions."""

from __future__ import annotations

from importlib import import_module

from sqlalchemy.ext.asyncio import AsyncSession

from services.jobs import JobRun, ServiceJob
from storage.models import ScheduledJob
from workers.base import WorkerContext
from workers.scheduler import JobHandler

# Modules that declare `JOBS: dict[str, ServiceJob]` (kind -> function).
FEATURE_JOBS: tuple[str, ...] = (
    "services.hotline.jobs",
    "services.trainings.jobs",
    "services.privacy.jobs",
    "services.answers.jobs",
)


def run_service_job(function: ServiceJob) -> JobHandler:
    async def handler(ctx: WorkerContext, session: AsyncSession, job: ScheduledJob) -> None:
        await function(JobRun(session, ctx.settings, ctx.knowledge, ctx.clock.now(), job.kind, job.ref_id))

    return handler


def job_handlers() -> dict[str, JobHandler]:
    handlers: dict[str, JobHandler] = {}
    for name in FEATURE_JOBS:
        jobs: dict[str, ServiceJob] = import_module(name).JOBS
        handlers.update({kind: run_service_job(function) for kind, function in jobs.items()})
    return handlers
