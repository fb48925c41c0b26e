"""Reminders 24 h and 1 h before a training: `scheduled_jobs` rows (run by `services/trainings/jobs.py`).

Rescheduling or cancelling a training cancels its pending reminders (and
plans new ones); a job planned for an earlier start time, or run after the
start, does nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Training, TrainingStatus
from storage.repositories import jobs

REMINDER_24H = "training_reminder_24h"
REMINDER_1H = "training_reminder_1h"
OFFSETS = {REMINDER_24H: timedelta(hours=24), REMINDER_1H: timedelta(hours=1)}


async def schedule_reminders(session: AsyncSession, training: Training, *, now: datetime) -> None:
    """(Re)plans both reminders for the training's current start; past-due ones are skipped."""
    await cancel_reminders(session, training.id)
    if training.status != TrainingStatus.SCHEDULED:
        return
    for kind, offset in OFFSETS.items():
        due_at = training.starts_at - offset
        if due_at > now:
            await jobs.schedule(session, kind=kind, ref_id=training.id, due_at=due_at, now=now)


async def cancel_reminders(session: AsyncSession, training_id: int) -> None:
    for kind in OFFSETS:
        await jobs.cancel(session, kind=kind, ref_id=training_id)
