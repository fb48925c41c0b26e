"""A worker loop: claim due rows, process them, sleep until woken or the poll interval."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.config import Settings
from knowledge import Knowledge
from workers.ratelimit import RateLimiter
from workers.signals import WorkerSignals

log = logging.getLogger(__name__)


def instance_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class WorkerContext:
    """What every worker and job handler gets: no globals."""

    bot: Bot
    settings: Settings
    knowledge: Knowledge
    session_pool: async_sessionmaker[AsyncSession]
    clock: Clock
    limiter: RateLimiter
    signals: WorkerSignals
    owner: str = field(default_factory=instance_id)
    extra: dict[str, Any] = field(default_factory=dict)


class Worker:
    """Subclasses implement `run_once` (returns True when it did something)."""

    name = "worker"

    def __init__(self, ctx: WorkerContext) -> None:
        self.ctx = ctx
        self.last_heartbeat: float | None = None

    def wake_event(self) -> asyncio.Event | None:
        return None

    async def run_once(self) -> bool:
        raise NotImplementedError

    async def run_forever(self, stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            busy = False
            try:
                busy = await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("worker %s failed; retrying", self.name)
                await asyncio.sleep(min(5.0, self.ctx.settings.worker_poll_seconds * 5))
            self.last_heartbeat = loop.time()
            if busy:
                continue
            await self._sleep(stop)

    async def _sleep(self, stop: asyncio.Event) -> None:
        event = self.wake_event()
        waiters = [asyncio.ensure_future(stop.wait())]
        if event is not None:
            waiters.append(asyncio.ensure_future(event.wait()))
        try:
            await asyncio.wait(
                waiters, timeout=self.ctx.settings.worker_poll_seconds, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            for w in waiters:
                w.cancel()
            if event is not None:
                event.clear()
