"""Reminders 24 h and 1 h before a training: `scheduled_jobs` rows run by the scheduler worker.

The scheduler marks a job done in the transaction that enqueues its messages,
so a restart neither loses a reminder nor sends one twice. Rescheduling or
cancelling a training cancels its pending reminders (and plans new ones); a job
planned for an earlier start time, or run after the start, does nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from aiogram.utils.text_decorations import html_decoration as hd
from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import trainings as t
from services.notify import send_text
from services.trainings.cards import place_suffix
from storage.models import RegistrationStatus, ScheduledJob, Training, TrainingStatus
from storage.repositories import jobs
from workers.base import WorkerContext
from workers.scheduler import JobHandler

REMINDER_24H = "training_reminder_24h"
REMINDER_1H = "training_reminder_1h"
OFFSETS = {REMINDER_24H: timedelta(hours=24), REMINDER_1H: timedelta(hours=1)}
TEXTS = {REMINDER_24H: t.REMINDER_24H, REMINDER_1H: t.REMINDER_1H}


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


async def send_reminder(ctx: WorkerContext, session: AsyncSession, job: ScheduledJob) -> None:
    from services.trainings.signups import participants

    training = await session.get(Training, job.ref_id)
    if training is None or training.status != TrainingStatus.SCHEDULED:
        return
    now = ctx.clock.now()
    # Planned for an earlier start (the training was moved later), or too late to remind. A retried
    # job (due_at pushed back after a failure) still goes out.
    if job.due_at < training.starts_at - OFFSETS[job.kind] or now >= training.starts_at:
        return
    text = TEXTS[job.kind].format(
        time=training.starts_at.astimezone(ctx.settings.tz).strftime("%H:%M"),
        title=hd.quote(training.title),
        place=place_suffix(training),
    )
    for registration in await participants(session, training.id, (RegistrationStatus.REGISTERED,)):
        await send_text(session, registration.user.telegram_id, text, purpose=job.kind, now=now)


HANDLERS: dict[str, JobHandler] = {REMINDER_24H: send_reminder, REMINDER_1H: send_reminder}
