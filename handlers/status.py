"""/status: the health of the running bot, for admins."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import Message
from aiogram.utils.text_decorations import html_decoration as hd
from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import ops as t
from core.clock import Clock
from core.errors import AccessDenied
from core.settings import Settings
from services import status as service
from storage.models import Role

# A worker loop writes its heartbeat every few seconds; this much silence means it is not running.
STALE_AFTER = timedelta(minutes=2)


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


def render(report: service.StatusReport, now: datetime) -> str:
    workers = "".join(
        t.WORKER_LINE.format(
            mark=t.STALE_MARK if now - beat.beat_at > STALE_AFTER else t.FRESH_MARK,
            worker=hd.quote(beat.worker),
            instance=hd.quote(beat.instance),
            ago=format_duration(now - beat.beat_at),
        )
        for beat in report.heartbeats
    )
    return (
        t.STATUS_HEAD.format(
            version=hd.quote(report.version),
            uptime=format_duration(report.uptime),
            database=report.database,
            fsm=report.fsm,
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


def create_router() -> Router:
    router = Router(name="status")
    started = time.monotonic()

    async def status(message: Message, session: AsyncSession, role: Role, settings: Settings, clock: Clock) -> None:
        now = clock.now()
        try:
            report = await service.collect(
                session,
                role=role,
                now=now,
                uptime=timedelta(seconds=time.monotonic() - started),
                redis=settings.redis_url is not None,
            )
        except AccessDenied as exc:
            await message.answer(exc.message)
            return
        await message.answer(render(report, now))

    router.message.register(status, Command("status"))
    router.message.register(status, F.text == t.BTN_STATUS)
    return router
