"""Wake-ups: a unit of work that queued durable work wakes the worker that does it.

Repositories mark the session when they add a row a worker waits for
(`session.info[KEY] = True`); after the commit, `WorkerSignals.wake_from`
wakes that worker at once instead of at its next poll.
"""

from __future__ import annotations

import asyncio
from typing import Any, Protocol

OUTBOX_DIRTY = "outbox_dirty"
JOBS_DIRTY = "jobs_dirty"
NEWSLETTERS_DIRTY = "newsletters_dirty"


class HasInfo(Protocol):
    @property
    def info(self) -> dict[Any, Any]: ...


class WorkerSignals:
    def __init__(self) -> None:
        self.outbox = asyncio.Event()
        self.jobs = asyncio.Event()
        self.newsletters = asyncio.Event()

    def wake_from(self, session: HasInfo) -> None:
        if session.info.pop(OUTBOX_DIRTY, False):
            self.outbox.set()
        if session.info.pop(JOBS_DIRTY, False):
            self.jobs.set()
        if session.info.pop(NEWSLETTERS_DIRTY, False):
            self.newsletters.set()
