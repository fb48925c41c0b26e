"""One unit of work per update, committed before the bot talks to Telegram.

The rule (CONTRIBUTING, "Commit, then talk to Telegram"): a handler does its
work through the update's session; the first Bot API call it makes commits
that work (`bot.telegram_calls.TelegramCallGuard` calls `commit_before_call`),
so no transaction is open while a request is in flight, and nobody is told of
a change before it is committed. Work done after a call opens a new
transaction, committed when the handler returns. An exception rolls back only
what is not committed yet.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiogram import BaseMiddleware, Dispatcher
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.signals import WorkerSignals
from storage.db import current_session

if TYPE_CHECKING:
    from bot.telegram_calls import TelegramCallGuard


@dataclass(slots=True)
class UpdateUnitOfWork:
    session: AsyncSession
    signals: WorkerSignals

    async def commit(self) -> None:
        session = self.session
        if session.in_transaction() or session.new or session.dirty or session.deleted:
            await session.commit()
        # Work queued by the handler (messages, jobs) is visible now: wake the workers.
        self.signals.wake_from(session)


# The unit of work of the update being handled in this task, if any.
current_unit_of_work: ContextVar[UpdateUnitOfWork | None] = ContextVar("current_unit_of_work", default=None)


async def commit_before_call() -> None:
    unit = current_unit_of_work.get()
    if unit is not None:
        await unit.commit()


class UnitOfWorkMiddleware(BaseMiddleware):
    def __init__(
        self, session_pool: async_sessionmaker[AsyncSession], signals: WorkerSignals, guard: TelegramCallGuard
    ) -> None:
        self.session_pool = session_pool
        self.signals = signals
        self.guard = guard
        # Updates being handled now: a shutdown lets them finish (`finish_in_flight`).
        self.in_flight: set[asyncio.Task[Any]] = set()

    async def finish_in_flight(self, timeout: float) -> int:
        """Waits up to `timeout` seconds for the updates being handled; returns how many did not finish."""
        if not self.in_flight:
            return 0
        _, pending = await asyncio.wait(set(self.in_flight), timeout=timeout)
        return len(pending)

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        self.guard.install(data["bot"])
        task = asyncio.current_task()
        if task is not None:
            self.in_flight.add(task)
            task.add_done_callback(self.in_flight.discard)
        async with self.session_pool() as session:
            unit = UpdateUnitOfWork(session, self.signals)
            data["session"] = session
            unit_token = current_unit_of_work.set(unit)
            session_token = current_session.set(session)
            try:
                result = await handler(event, data)
                await unit.commit()
            finally:
                current_session.reset(session_token)
                current_unit_of_work.reset(unit_token)
            return result


class FSMInUnitOfWork(FSMContextMiddleware):
    """aiogram's FSM middleware, placed inside the unit of work (after `UnitOfWorkMiddleware`).

    The state is read through the update's session (no session of its own per update), and the
    unit is committed before the person's lock is released: their next update reads what this one
    wrote. (Before the unit of work, aiogram's middleware would open a session just to read the state.)
    """

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        async def handle_and_commit(event: TelegramObject, data: dict[str, Any]) -> Any:
            result = await handler(event, data)
            await commit_before_call()
            return result

        return await super().__call__(handle_and_commit, event, data)

    @classmethod
    def install(cls, dp: Dispatcher) -> None:
        """Replaces the dispatcher's FSM middleware (registered first by aiogram) at the end of the outer chain."""
        dp.update.outer_middleware.unregister(dp.fsm)
        dp.fsm = cls(storage=dp.fsm.storage, events_isolation=dp.fsm.events_isolation, strategy=dp.fsm.strategy)
        dp.update.outer_middleware(dp.fsm)
