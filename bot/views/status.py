"""/status as admins read it: version, uptime, backends, queues, and which worker loops are alive."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from aiogram.utils.text_decorations import html_decoration as hd

from bot import __version__
from bot.loop_lag import LoopLag
from bot.texts import ops as t
from services.status import FsmBackend, StatusReport
from storage.models import WorkerHeartbeat

# A worker loop writes its heartbeat every few seconds; this much silence means it is not running.
STALE_AFTER = timedelta(minutes=2)
FSM_NAMES = {FsmBackend.REDIS: t.FSM_IN_REDIS, FsmBackend.DATABASE: t.FSM_IN_DATABASE}


def format_duration(delta: timedelta) -> str:
    total = max(0, int(delta.total_seconds()))
    days, rest = divmod(total, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return t.DURATION_DAYS.format(d=days, h=hours)
    if hours:
        return t.DURATION_HOURS.format(h=hours, m=minutes)
    if minutes:
        return t.DURATION_MINUTES.format(m=minutes, s=seconds)
    return t.DURATION_SECONDS.format(s=seconds)


def instance_numbers(heartbeats: Sequence[WorkerHeartbeat]) -> dict[str, int]:
    """Instances (host names, process ids: nothing an admin reads) as 1, 2…, the longest running first."""
    started: dict[str, datetime] = {}
    for beat in heartbeats:
        started[beat.instance] = min(beat.started_at, started.get(beat.instance, beat.started_at))
    ordered = sorted(started, key=lambda instance: (started[instance], instance))
    return {instance: number for number, instance in enumerate(ordered, start=1)}


def status(report: StatusReport, *, now: datetime, uptime: timedelta, loop_lag: LoopLag | None = None) -> str:
    numbers = instance_numbers(report.heartbeats)
    workers = "".join(
        t.WORKER_LINE.format(
            mark=t.STALE_MARK if now - beat.beat_at > STALE_AFTER else t.FRESH_MARK,
            worker=t.WORKERS.get(beat.worker, t.WORKER_OTHER),
            instance=numbers[beat.instance],
            ago=format_duration(now - beat.beat_at),
        )
        for beat in report.heartbeats
    )
    return (
        t.STATUS_HEAD.format(
            version=hd.quote(__version__),
            uptime=format_duration(uptime),
            database=t.DATABASES.get(report.database, t.DATABASE_OTHER),
            fsm=FSM_NAMES[report.fsm],
        )
        + (
            t.STATUS_LOOP_LAG.format(max_ms=round(loop_lag.max_ms), p95_ms=round(loop_lag.p95_ms))
            if loop_lag is not None
            else ""
        )
        + t.STATUS_QUEUES
        + t.STATUS_OPEN.format(open=report.open_consultations, unassigned=report.unassigned_consultations)
        + t.STATUS_OVERDUE.format(overdue=report.overdue_consultations)
        + t.STATUS_OUTBOX.format(outbox=report.pending_outbox)
        + t.STATUS_NEWSLETTER.format(count=report.pending_newsletter)
        + t.STATUS_JOBS.format(jobs=report.scheduled_jobs, due_jobs=report.due_jobs)
        + t.STATUS_WORKERS
        + (workers or t.NO_WORKERS)
    )
