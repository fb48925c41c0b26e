"""The one place where the bot, the dispatcher and the workers are put together.

`python -m bot` and the tests use these same factories.
"""

from __future__ import annotations

from collections.abc import Mapping

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.filters import inline_sync_filters
from bot.fsm_storage import SqlStorage
from bot.middlewares import UnitOfWorkMiddleware, UpdateLogMiddleware, UserMiddleware
from bot.middlewares.consent import ConsentGate
from bot.middlewares.unit_of_work import FSMInUnitOfWork
from bot.telegram_calls import TelegramCallGuard
from core.clock import Clock
from core.ratelimit import RateLimiter, SharedBudget
from core.settings import Settings
from core.signals import WorkerSignals
from handlers import errors, get_routers
from knowledge import Knowledge
from workers.base import Worker, WorkerContext
from workers.jobs import job_handlers
from workers.newsletters import NewsletterWorker
from workers.outbox import OutboxWorker
from workers.scheduler import JobHandler, SchedulerWorker


def create_bot(settings: Settings, session: BaseSession | None = None) -> Bot:
    if session is None:
        session = AiohttpSession()
        if settings.telegram_api_base:
            session.api = TelegramAPIServer.from_base(settings.telegram_api_base)
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def create_limiter(settings: Settings, budget: SharedBudget | None = None) -> RateLimiter:
    """`budget`: how instances share the rate (`workers.send_budget.shared_budget`); closed with the limiter."""
    return RateLimiter(settings.newsletter_rate_per_second, max_in_flight=settings.send_concurrency, budget=budget)


def create_fsm_storage(settings: Settings, session_pool: async_sessionmaker[AsyncSession]) -> BaseStorage:
    if settings.redis_url:
        from aiogram.fsm.storage.base import DefaultKeyBuilder
        from aiogram.fsm.storage.redis import RedisStorage

        return RedisStorage.from_url(
            settings.redis_url, key_builder=DefaultKeyBuilder(with_destiny=True, prefix="amu_fsm")
        )
    return SqlStorage(session_pool)


def create_event_isolation(storage: BaseStorage) -> BaseEventIsolation:
    """One user's updates are handled one at a time: across instances (a Redis lock) when FSM is in Redis."""
    # RedisStorage makes its own isolation; asked by name, so a bot without Redis never imports it.
    create_isolation = getattr(storage, "create_isolation", None)
    if callable(create_isolation):
        isolation: BaseEventIsolation = create_isolation()
        return isolation
    return SimpleEventIsolation()


def create_dispatcher(
    settings: Settings,
    session_pool: async_sessionmaker[AsyncSession],
    knowledge: Knowledge,
    *,
    clock: Clock | None = None,
    signals: WorkerSignals | None = None,
    storage: BaseStorage | None = None,
    limiter: RateLimiter | None = None,
) -> Dispatcher:
    """`limiter`: the one the workers use (replies and workers share Telegram's limits)."""
    signals = signals or WorkerSignals()
    clock = clock or Clock()
    limiter = limiter or create_limiter(settings)
    storage = storage or create_fsm_storage(settings, session_pool)
    dp = Dispatcher(
        storage=storage,
        events_isolation=create_event_isolation(storage),
        # Injected into every handler by name.
        settings=settings,
        knowledge=knowledge,
        clock=clock,
        signals=signals,
        session_pool=session_pool,
        limiter=limiter,
    )
    dp.update.outer_middleware(UpdateLogMiddleware())
    guard = TelegramCallGuard(limiter, session_pool, clock, signals)
    unit_of_work = UnitOfWorkMiddleware(session_pool, signals, guard)
    dp["unit_of_work"] = unit_of_work  # for the shutdown, which lets updates in flight finish
    dp.update.outer_middleware(unit_of_work)
    FSMInUnitOfWork.install(dp)  # the state is read in the update's unit of work, inside the person's lock
    dp.update.outer_middleware(UserMiddleware())
    dp.update.outer_middleware(ConsentGate())
    dp.include_routers(*get_routers())
    dp.include_router(errors.create_router(settings))
    inline_sync_filters(dp)  # aiogram would run `F.text` and the like in a thread (see bot/filters.py)
    return dp


def create_workers(ctx: WorkerContext, handlers: Mapping[str, JobHandler] | None = None) -> list[Worker]:
    return [
        OutboxWorker(ctx),
        SchedulerWorker(ctx, handlers if handlers is not None else job_handlers()),
        NewsletterWorker(ctx),
    ]
