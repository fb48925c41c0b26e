"""One AsyncSession per update; the middleware owns commit and rollback."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.db import current_session
from workers.signals import WorkerSignals


class DbSessionMiddleware(BaseMiddleware):
    def __init__(self, session_pool: async_sessionmaker[AsyncSession], signals: WorkerSignals) -> None:
        self.session_pool = session_pool
        self.signals = signals

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        async with self.session_pool() as session:
            data["session"] = session
            token = current_session.set(session)
            try:
                result = await handler(event, data)
                if session.in_transaction():
                    await session.commit()
            finally:
                current_session.reset(token)
            # Work queued by the handler (messages, jobs) is visible now: wake the workers.
            self.signals.wake_from(session)
            return result
