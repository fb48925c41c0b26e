"""The registry of scheduled job kinds: each feature contributes its handlers."""

from __future__ import annotations

from workers.scheduler import JobHandler


def job_handlers() -> dict[str, JobHandler]:
    from services.trainings import reminders as training_reminders
    from workers import consultation_jobs

    handlers: dict[str, JobHandler] = {}
    handlers.update(consultation_jobs.HANDLERS)
    handlers.update(training_reminders.HANDLERS)
    return handlers
