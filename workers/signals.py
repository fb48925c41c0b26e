"""Wake-ups from handlers to workers, so queued work goes out at once."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from core.signals import JOBS_DIRTY, NEWSLETTERS_DIRTY, OUTBOX_DIRTY


class WorkerSignals:
    def __init__(self) -> None:
        self.outbox = asyncio.Event()
        self.jobs = asyncio.Event()
        self.newsletters = asyncio.Event()

    def wake_from(self, session: AsyncSession) -> None:
        if session.info.pop(OUTBOX_DIRTY, False):
            self.outbox.set()
        if session.info.pop(JOBS_DIRTY, False):
            self.jobs.set()
        if session.info.pop(NEWSLETTERS_DIRTY, False):
            self.newsletters.set()
