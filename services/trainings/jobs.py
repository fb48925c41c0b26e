"""Scheduled jobs of the trainings feature (registered in `workers/jobs.py`, FEATURE_JOBS)."""

from __future__ import annotations

from services.jobs import JobRun, ServiceJob
from services.notify import notify
from services.trainings.notices import TrainingReminder, about
from services.trainings.reminders import OFFSETS, REMINDER_1H, REMINDER_24H
from storage.models import RegistrationStatus, TrainingStatus
from storage.repositories import trainings as repo


async def send_reminder(run: JobRun) -> None:
    """Reminds the registered participants (the waitlist is not reminded)."""
    training = await repo.get(run.session, run.ref_id)
    if training is None or training.status != TrainingStatus.SCHEDULED:
        return
    offset = OFFSETS[run.kind]
    # The scheduler runs a job once it is due: earlier than `offset` before the start means it was planned
    # for an earlier start (the training was moved later). A retried job (pushed back after a failure)
    # still goes out, unless the training has started.
    if run.now < training.starts_at - offset or run.now >= training.starts_at:
        return
    facts = about(training, run.settings.tz)
    hours = int(offset.total_seconds() // 3600)
    for registration in await repo.participants(run.session, training.id, (RegistrationStatus.REGISTERED,)):
        notice = TrainingReminder(chat_id=registration.user.telegram_id, hours_before=hours, **facts)
        await notify(run.session, notice, now=run.now, purpose=run.kind)


JOBS: dict[str, ServiceJob] = {REMINDER_24H: send_reminder, REMINDER_1H: send_reminder}
