"""Scheduled jobs as plain service functions.

A feature declares `JOBS: dict[str, ServiceJob]` in `services/<feature>/jobs.py`
(job kind -> function); `workers/jobs.py` lists the features. The scheduler
worker runs each due job in one transaction with its "done" mark, so a job
takes effect once; the function never commits and never talks to Telegram
(what it wants said is queued with `services.notify`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import Settings
from knowledge import Knowledge


@dataclass(frozen=True, slots=True)
class JobRun:
    session: AsyncSession
    settings: Settings
    knowledge: Knowledge
    now: datetime
    kind: str
    ref_id: int  # the record the job is about (a consultation, a training)


ServiceJob = Callable[[JobRun], Awaitable[None]]
