"""The registry of scheduled job kinds: each feature contributes its handlers."""

from __future__ import annotations

from workers.scheduler import JobHandler


def job_handlers() -> dict[str, JobHandler]:
    handlers: dict[str, JobHandler] = {}
    # Features add theirs here, e.g. handlers.update(consultation_jobs.HANDLERS).
    from services.trainings import reminders as training_reminders

    handlers.update(training_reminders.HANDLERS)
    return handlers
