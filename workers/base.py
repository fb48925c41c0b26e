"""A worker loop: claim due rows, process them, sleep until woken or the poll interval."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.clock import Clock
from core.ratelimit import RateLimiter
from core.settings import Settings
from core.signals import WorkerSignals
from knowledge import Knowledge
from storage.repositories import heartbeats, leases

log = logging.getLogger(__name__)

# A worker writes its heartbeat row at most this often (seconds), not on every loop.
HEARTBEAT_INTERVAL = 5.0
# On stop, sends in flight get this long to finish and be recorded (within the shutdown's 10 s).
BACKGROUND_GRACE = 5.0
# A lease renewed before a wait for a send slot is renewed again after it if this much of it has gone.
LEASE_RECHECK_AFTER = 0.25


def instance_id() -> str:
    # locked_by and worker_heartbeats.instance hold 64 characters.
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


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
        self._heartbeat_written: float | None = None
        self._started_at = ctx.clock.now()
        self._background: set[asyncio.Task[None]] = set()

    def wake_event(self) -> asyncio.Event | None:
        return None

    async def run_once(self) -> bool:
        raise NotImplementedError

    async def run_forever(self, stop: asyncio.Event) -> None:
        try:
            await self._loop(stop)
        finally:
            await self._finish_background()

    async def _finish_background(self) -> None:
        """Sends in flight finish (and are recorded) before the worker stops; past the grace, they are cancelled."""
        if not self._background:
            return
        try:
            await asyncio.wait(set(self._background), timeout=BACKGROUND_GRACE)
        finally:
            for task in self._background:
                task.cancel()

    async def _loop(self, stop: asyncio.Event) -> None:
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
            await self.write_heartbeat()
            if busy:
                continue
            await self._sleep(stop)

    async def claim_due(self, model: Any, *conditions: Any, due_column: Any, limit: int, lease: timedelta) -> list[int]:
        """Claims up to `limit` due rows for this instance (a lease each); their ids, in due order."""
        now = self.ctx.clock.now()
        async with self.ctx.session_pool() as session:
            ids = await leases.due_ids(session, model, *conditions, now=now, due_column=due_column, limit=limit)
            claimed = await leases.claim(session, model, ids, *conditions, owner=self.ctx.owner, now=now, lease=lease)
            await session.commit()
        return claimed

    def in_background(self, job: Coroutine[Any, Any, None], what: str) -> None:
        """Runs a job beside the loop's rounds (see `wait_background`); its failure is logged."""
        task = asyncio.get_running_loop().create_task(job, name=f"{self.name}:{what}")
        self._background.add(task)
        task.add_done_callback(self._background_done)

    async def wait_background(self, at_most: int = 0) -> None:
        """Until at most `at_most` background jobs are still running."""
        while len(self._background) > at_most:
            await asyncio.wait(set(self._background), return_when=asyncio.FIRST_COMPLETED)

    def _background_done(self, task: asyncio.Task[None]) -> None:
        self._background.discard(task)
        if not task.cancelled() and (exc := task.exception()) is not None:
            log.error("worker %s: %s failed", self.name, task.get_name(), exc_info=exc)

    async def run_all(self, jobs: Iterable[Coroutine[Any, Any, None]]) -> None:
        """Runs jobs side by side (the limiter caps the calls in flight); a failure is raised once all have ended.

        Letting the others finish keeps their rows' outcomes; raising afterwards makes the
        loop back off as it does for any error (the database being down, say).
        """
        results = await asyncio.gather(*jobs, return_exceptions=True)
        failures = [result for result in results if isinstance(result, BaseException)]
        for failure in failures[1:]:
            log.error("worker %s: a concurrent job failed", self.name, exc_info=failure)
        if failures:
            raise failures[0]

    async def keep_lease(self, model: Any, row_id: int, *conditions: Any, lease: timedelta) -> bool:
        """Renews our lease on a row right before acting on it (sending); False: it is no longer ours.

        A worker may hold a claimed row past its lease (a long 429 pause, a stalled loop);
        another instance may have taken the row meanwhile, and then we must leave it alone.
        """
        async with self.ctx.session_pool() as session:
            ours = await leases.renew(
                session, model, row_id, *conditions, owner=self.ctx.owner, now=self.ctx.clock.now(), lease=lease
            )
            await session.commit()
        return ours

    @asynccontextmanager
    async def sending_row(
        self, chat_id: int, model: Any, row_id: int, *conditions: Any, lease: timedelta, bulk: bool = False
    ) -> AsyncIterator[bool]:
        """A slot of the limiter for a row still ours: `async with ... as ours: if ours: await bot(...)`.

        The lease is renewed before queueing for the slot, so the database round trip
        (which may wait behind other writers) stays out of the time the limiter measures
        for the call. A long wait (a 429 pause) may outlast the lease and let another
        instance take the row: then it is renewed, and so checked, once more.
        """
        if not await self.keep_lease(model, row_id, *conditions, lease=lease):
            yield False
            return
        renewed = self.ctx.clock.now()
        async with self.ctx.limiter.sending(chat_id, bulk=bulk):
            if self.ctx.clock.now() - renewed > lease * LEASE_RECHECK_AFTER:
                ours = await self.keep_lease(model, row_id, *conditions, lease=lease)
            else:
                ours = True
            yield ours

    async def write_heartbeat(self, *, force: bool = False) -> None:
        now = asyncio.get_running_loop().time()
        if not force and self._heartbeat_written is not None and now - self._heartbeat_written < HEARTBEAT_INTERVAL:
            return
        self._heartbeat_written = now
        try:
            async with self.ctx.session_pool() as session:
                await heartbeats.beat(
                    session,
                    worker=self.name,
                    instance=self.ctx.owner,
                    now=self.ctx.clock.now(),
                    started_at=self._started_at,
                )
                await session.commit()
        except Exception as exc:  # a missed heartbeat must never stop the worker
            log.warning("worker %s: heartbeat not written: %s", self.name, exc)

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
