"""Scheduled jobs of the hot line: overdue reminders, escalation, auto-close, undelivered answers."""

from __future__ import annotations

from services.hotline.consultations import JOB_AUTOCLOSE, JOB_ESCALATE, JOB_OVERDUE, JOB_UNDELIVERED, Hotline
from services.jobs import JobRun, ServiceJob


def _hotline(run: JobRun) -> Hotline:
    return Hotline(run.session, run.settings, run.knowledge, run.now)


async def overdue(run: JobRun) -> None:
    await _hotline(run).on_overdue(run.ref_id)


async def escalate(run: JobRun) -> None:
    await _hotline(run).on_escalate(run.ref_id)


async def autoclose(run: JobRun) -> None:
    await _hotline(run).on_autoclose(run.ref_id)


async def undelivered(run: JobRun) -> None:
    await _hotline(run).on_undelivered(run.ref_id)


JOBS: dict[str, ServiceJob] = {
    JOB_OVERDUE: overdue,
    JOB_ESCALATE: escalate,
    JOB_AUTOCLOSE: autoclose,
    JOB_UNDELIVERED: undelivered,
}
