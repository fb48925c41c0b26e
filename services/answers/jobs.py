"""Scheduled jobs of the base of answers: published answers without a sentence vector get one.

Answers published before vectors existed (migration 0015), or while the model could not run, are found by
their words only. At start-up the job is planned if any exist; each run embeds a batch (in a thread: the
event loop is not held) and plans the next while some remain. If the model cannot run, it tries again later.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from services.answers.vectors import passage_vector
from services.jobs import JobRun, ServiceJob
from storage.repositories import answers as repo
from storage.repositories import jobs as jobs_repo

JOB_VECTORS = "answers.vectors"
REF = 0  # one job for the whole database
BATCH = 20  # ~20 ms of CPU each
SOON = timedelta(seconds=10)  # a full batch: more are waiting
RETRY = timedelta(hours=6)  # the model failed (logged): not before the next deploy, most likely


async def ensure_scheduled(session: AsyncSession, *, now: datetime) -> None:
    """At start-up: the job is planned when a published answer has no vector (an existing pending run is kept)."""
    if not await repo.published_without_vector(session, 1):
        return
    if not await jobs_repo.pending_for(session, kind=JOB_VECTORS, ref_id=REF):
        await jobs_repo.schedule(session, kind=JOB_VECTORS, ref_id=REF, due_at=now, now=now)
        await session.flush()


async def add_missing_vectors(job: JobRun) -> None:
    answers = await repo.published_without_vector(job.session, BATCH)
    # Every vector first, then the writes: SQLite's write lock is not held while the model runs.
    vectors = []
    for answer in answers:
        vector = await asyncio.to_thread(passage_vector, answer.question, answer.answer)
        if vector is None:
            break
        vectors.append((answer.id, vector))
    for answer_id, vector in vectors:
        await repo.replace_vector(job.session, answer_id, vector)
    if len(vectors) < len(answers):  # the model failed (logged)
        await jobs_repo.schedule(job.session, kind=JOB_VECTORS, ref_id=REF, due_at=job.now + RETRY, now=job.now)
    elif len(answers) == BATCH:
        await jobs_repo.schedule(job.session, kind=JOB_VECTORS, ref_id=REF, due_at=job.now + SOON, now=job.now)


JOBS: dict[str, ServiceJob] = {JOB_VECTORS: add_missing_vectors}
