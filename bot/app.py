"""Start-up and shutdown of the running bot (long polling)."""

from __future__ import annotations

import asyncio
import gc
import logging
from dataclasses import dataclass, field

from aiogram import Bot, Dispatcher
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.commands import set_commands_for, set_default_commands
from bot.factory import create_bot, create_dispatcher, create_limiter, create_workers
from bot.loop_lag import LoopLagProbe, log_loop_lag
from bot.middlewares.unit_of_work import UnitOfWorkMiddleware
from core.clock import Clock
from core.settings import Settings
from core.signals import WorkerSignals
from knowledge import Knowledge
from services.answers import jobs as answer_jobs
from services.privacy import retention
from storage.db import create_engine, create_session_pool, refresh_statistics
from storage.migrate import upgrade_database
from storage.models import Role
from storage.repositories import users as users_repo
from workers.base import Worker, WorkerContext
from workers.send_budget import shared_budget

log = logging.getLogger(__name__)


class StartupError(Exception):
    """Stops the bot with one clear line."""


@dataclass
class Runtime:
    settings: Settings
    knowledge: Knowledge
    engine: AsyncEngine
    session_pool: async_sessionmaker[AsyncSession]
    bot: Bot
    dp: Dispatcher
    workers: list[Worker]
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    loop_lag: LoopLagProbe = field(default_factory=LoopLagProbe)


async def check_database(engine: AsyncEngine) -> None:
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means the same to the operator
        raise StartupError(
            f"Database is unreachable ({engine.url.render_as_string(hide_password=True)}): {exc}"
        ) from exc


async def build_runtime(
    settings: Settings, knowledge: Knowledge, clock: Clock | None = None, bot: Bot | None = None
) -> Runtime:
    engine = create_engine(settings.database_url)
    await check_database(engine)
    try:
        await upgrade_database(engine)
    except Exception as exc:
        await engine.dispose()
        raise StartupError(f"Database migration failed: {exc}") from exc
    await refresh_statistics(engine)
    session_pool = create_session_pool(engine)
    clock = clock or Clock()
    async with session_pool() as session:
        await retention.ensure_scheduled(session, now=clock.now())  # the durable daily retention run
        await answer_jobs.ensure_scheduled(session, now=clock.now())  # vectors of answers published without
        await session.commit()
    signals = WorkerSignals()
    bot = bot or create_bot(settings)
    limiter = create_limiter(settings, shared_budget(settings))
    dp = create_dispatcher(settings, session_pool, knowledge, clock=clock, signals=signals, limiter=limiter)
    ctx = WorkerContext(
        bot=bot,
        settings=settings,
        knowledge=knowledge,
        session_pool=session_pool,
        clock=clock,
        limiter=limiter,
        signals=signals,
    )
    dp["worker_context"] = ctx
    runtime = Runtime(settings, knowledge, engine, session_pool, bot, dp, create_workers(ctx))
    dp["loop_lag"] = runtime.loop_lag
    return runtime


def begin_running(runtime: Runtime) -> None:
    """Once start-up is over: settle its memory, then watch the event loop (the figures describe the running bot).

    What start-up made (imports, routers, the knowledge: ~300k objects) lives as long as the
    process. Frozen, it is no longer walked by every full garbage collection, each of which
    otherwise stalls the loop for ~0.2 s (bench/hotline_burst.py: largest stall 0.3-0.9 s
    before, ~40 ms after).
    """
    gc.collect()
    gc.freeze()
    runtime.loop_lag.start()


async def wait_for_telegram(bot: Bot, stop: asyncio.Event) -> None:
    """getMe until the Bot API answers; an outage at start-up is waited out, not fatal."""
    delay = 1.0
    while not stop.is_set():
        try:
            me = await bot.get_me()
            log.info("connected as @%s (id %s)", me.username, me.id)
            return
        except (TelegramUnauthorizedError, TelegramNotFound) as exc:
            # Telegram answers 401 (or 404 for some malformed tokens): waiting will not help.
            raise StartupError(f"BOT_TOKEN was rejected by the Bot API: {exc}") from exc
        except (TelegramNetworkError, TelegramServerError, ClientDecodeError) as exc:
            log.warning("Bot API unreachable (%s); retrying in %.0f s", exc, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 60)


async def publish_commands(runtime: Runtime) -> None:
    try:
        await set_default_commands(runtime.bot)
        async with runtime.session_pool() as session:
            lawyers = await users_repo.list_by_role(session, Role.LAWYER)
        for lawyer in lawyers:
            await set_commands_for(runtime.bot, lawyer.telegram_id, Role.LAWYER, editor=lawyer.is_editor)
        for admin_id in runtime.settings.admin_ids:
            await set_commands_for(runtime.bot, admin_id, Role.ADMIN)
    except TelegramAPIError as exc:
        log.warning("could not publish the command menu: %s", exc)


def start_workers(runtime: Runtime) -> None:
    if not runtime.settings.workers_enabled:
        return
    for worker in runtime.workers:
        runtime.tasks.append(asyncio.create_task(worker.run_forever(runtime.stop), name=f"worker:{worker.name}"))


SHUTDOWN_GRACE_SECONDS = 10.0


async def shutdown(runtime: Runtime) -> None:
    runtime.stop.set()
    # Updates already taken from Telegram finish (their work is committed, their replies sent) first.
    unit_of_work: UnitOfWorkMiddleware | None = runtime.dp.workflow_data.get("unit_of_work")
    if unit_of_work is not None:
        unfinished = await unit_of_work.finish_in_flight(SHUTDOWN_GRACE_SECONDS)
        if unfinished:
            log.warning("shutdown: %s updates did not finish within %.0f s", unfinished, SHUTDOWN_GRACE_SECONDS)
    if runtime.tasks:
        await asyncio.wait(runtime.tasks, timeout=10)
        for task in runtime.tasks:
            task.cancel()
    await runtime.dp.storage.close()
    ctx: WorkerContext | None = runtime.dp.workflow_data.get("worker_context")
    if ctx is not None:
        await ctx.limiter.close()
    await runtime.bot.session.close()
    await runtime.engine.dispose()
    log_loop_lag(await runtime.loop_lag.stop())


async def run_polling(settings: Settings, knowledge: Knowledge) -> None:
    runtime = await build_runtime(settings, knowledge)
    begin_running(runtime)
    try:
        await wait_for_telegram(runtime.bot, runtime.stop)
        await publish_commands(runtime)
        start_workers(runtime)
        await runtime.dp.start_polling(
            runtime.bot,
            handle_signals=True,
            close_bot_session=False,
            tasks_concurrency_limit=settings.update_concurrency,
        )
    finally:
        await shutdown(runtime)
