"""Retention: closed consultations older than RETENTION_YEARS lose their texts, names and files, by themselves.

One durable scheduled job (`scheduled_jobs`, kind `JOB_RETENTION`) runs daily:
it anonymises up to `BATCH` consultations closed before the limit and plans
its next run, all in the transaction that marks it done, so a restart neither
repeats nor loses a run. Anonymised consultations are never touched again
(`anonymised_at`). What the indicators count stays (times, topic, region, rating).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.jobs import JobRun
from services.privacy.audit import AuditAction, record
from services.privacy.erasure import anonymise_consultations
from storage.models import Consultation
from storage.repositories import jobs as jobs_repo
from storage.repositories import privacy as repo

JOB_RETENTION = "privacy.retention"
REF = 0  # one job for the whole database
BATCH = 500
EVERY = timedelta(days=1)
SOON = timedelta(minutes=1)  # more than a batch was due: the next one follows shortly


async def ensure_scheduled(session: AsyncSession, *, now: datetime) -> None:
    """At start-up: the job is planned (once; an existing pending run is kept)."""
    if not await jobs_repo.pending_for(session, kind=JOB_RETENTION, ref_id=REF):
        await jobs_repo.schedule(session, kind=JOB_RETENTION, ref_id=REF, due_at=now, now=now)
        await session.flush()


async def run(job: JobRun) -> None:
    session, now = job.session, job.now
    limit = now - job.settings.retention
    ids = list(await repo.past_retention(session, limit, BATCH))
    consultations = list((await session.scalars(select(Consultation).where(Consultation.id.in_(ids)))).unique().all())
    changed = await anonymise_consultations(session, consultations, now)
    # Questions answered from the base (no consultation was made) are kept no longer than consultations.
    changed += await repo.erase_helped_questions(session, before=limit)
    if changed:
        record(session, AuditAction.RETENTION_RUN, actor_id=None, now=now, detail=f"anonymised={changed}")
    following = now + (SOON if len(ids) == BATCH else EVERY)
    await jobs_repo.schedule(session, kind=JOB_RETENTION, ref_id=REF, due_at=following, now=now)
