"""/status: the health of the running bot, for admins."""

from __future__ import annotations

import time
from datetime import timedelta

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.loop_lag import LoopLagProbe
from bot.texts import ops as t
from bot.views import status as view
from core.clock import Clock
from core.roles import Role
from core.settings import Settings
from services import status as service


def create_router() -> Router:
    router = Router(name="status")
    started = time.monotonic()  # this process's uptime (each dispatcher counts its own)

    async def status(
        message: Message,
        session: AsyncSession,
        role: Role,
        settings: Settings,
        clock: Clock,
        loop_lag: LoopLagProbe | None = None,  # set by bot.app in the running bot
    ) -> None:
        now = clock.now()
        report = await service.collect(session, role=role, now=now, redis=settings.redis_url is not None)
        uptime = timedelta(seconds=time.monotonic() - started)
        lag = loop_lag.snapshot() if loop_lag is not None else None
        await message.answer(view.status(report, now=now, uptime=uptime, loop_lag=lag))

    router.message.register(status, Command("status"))
    router.message.register(status, F.text == t.BTN_STATUS)
    return router
