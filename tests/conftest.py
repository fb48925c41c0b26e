"""Fixtures: a database per test on SQLite and PostgreSQL, the real dispatcher, a recording bot.

`pytest --db sqlite|postgres|all` picks the backends (default: all). Every test
that uses the `db_url` fixture (directly or through `dp`, `session_pool`...) runs
once per backend. PostgreSQL and Redis are real servers; outside CI a test that
needs an absent one is skipped with the reason, under CI=true it fails.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.factory import create_dispatcher, create_workers
from core.clock import Clock
from core.ratelimit import RateLimiter
from core.settings import Settings
from core.signals import WorkerSignals
from knowledge import Knowledge
from knowledge.loader import default_knowledge
from storage.db import create_engine, create_session_pool
from storage.migrate import upgrade_database
from storage.models import Base
from tests.support.client import TelegramClient
from tests.support.mocked_bot import TOKEN, MockedBot
from tests.support.transaction_guard import GUARD, TEST_OWNED
from workers.base import WorkerContext

ADMIN_ID = 900001
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


def _redis_of_this_worker(url: str) -> str:
    """Under `pytest -n N` (pytest-xdist) each worker gets a Redis database of its own: gw0 -> db+1, gw1 -> db+2..."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return url
    base, _, db = url.rpartition("/")
    return f"{base}/{int(db or 0) + 1 + int(worker[2:])}"


REDIS_URL = _redis_of_this_worker(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        default=os.environ.get("TEST_DB", "all"),
        choices=["sqlite", "postgres", "all"],
        help="database backend(s) for the tests (default: all = SQLite and PostgreSQL)",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_backend" in metafunc.fixturenames:
        choice = metafunc.config.getoption("--db")
        backends = ["sqlite", "postgres"] if choice == "all" else [choice]
        metafunc.parametrize("db_backend", backends, indirect=True)


def require_service(name: str, reason: str) -> None:
    """Skip (outside CI) or fail (under CI=true) when a service is absent."""
    message = f"{name} is not available: {reason}"
    if IN_CI:
        pytest.fail(message + " (CI=true: services are required)")
    pytest.skip(message)


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


# --- databases -----------------------------------------------------------------


def run_in_thread(coro: Any) -> Any:
    """asyncio.run in a thread: session fixtures may be first asked for inside a test's loop."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade_database(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    run_in_thread(_migrate(f"sqlite+aiosqlite:///{path}"))
    return path


async def _pg_admin(sql: str) -> None:
    import asyncpg

    dsn = POSTGRES_ADMIN_URL.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of its own for this test run, so parallel runs never collide."""
    name = f"amu_test_{uuid.uuid4().hex[:10]}"
    try:
        run_in_thread(_pg_admin(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # connection refused, auth, ...
        require_service("PostgreSQL", f"{POSTGRES_ADMIN_URL}: {exc}")
    base, _, _ = POSTGRES_ADMIN_URL.rpartition("/")
    url = f"{base}/{name}"
    run_in_thread(_migrate(url))
    yield url
    run_in_thread(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def db_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def _truncate_all(url: str) -> None:
    engine = create_engine(url)
    try:
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        async with engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    finally:
        await engine.dispose()


@pytest.fixture
async def db_url(db_backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if db_backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "bot.sqlite3"
        shutil.copyfile(template, path)
        return f"sqlite+aiosqlite:///{path}"
    url: str = request.getfixturevalue("postgres_url")
    await _truncate_all(url)
    return url


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(db_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def session_pool(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_pool(engine)


@pytest.fixture
async def session(session_pool: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with session_pool() as session:
        session.info[TEST_OWNED] = True  # the test's own reads; the transaction guard watches the bot's
        yield session


@pytest.fixture(autouse=True)
def transaction_guard() -> Iterator[None]:
    """Fails any test in which a Bot API request was made inside an open transaction."""
    GUARD.reset()
    yield
    violations = GUARD.reset()
    assert not violations, "Bot API calls inside open transactions:\n" + "\n".join(violations)


@pytest.fixture
def redis_url() -> str:
    if not _port_open("127.0.0.1", 6379):
        require_service("Redis", REDIS_URL)
    return REDIS_URL


# --- the bot -------------------------------------------------------------------


class FakeClock(Clock):
    """Starts on Monday 2026-11-23 09:00 Kyiv (07:00 UTC); tests move it by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 11, 23, 7, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: Any) -> datetime:
        self.current += timedelta(**delta)
        return self.current


def make_settings(db_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "bot_token": TOKEN.replace("TEST-TOKEN-for-the-recording-session", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        "database_url": db_url,
        "admin_ids": str(ADMIN_ID),
        "redis_url": None,
        "telegram_api_base": None,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def settings(db_url: str) -> Settings:
    return make_settings(db_url)


@pytest.fixture
def knowledge() -> Knowledge:
    return default_knowledge()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def bot() -> MockedBot:
    return MockedBot()


@pytest.fixture
def signals() -> WorkerSignals:
    return WorkerSignals()


@pytest.fixture
def limiter() -> RateLimiter:
    """Shared by the dispatcher's replies and the workers, as in production (no waiting in tests)."""
    return RateLimiter(1000, per_chat_interval=0)


@pytest.fixture
def dp(
    settings: Settings,
    session_pool: async_sessionmaker[AsyncSession],
    knowledge: Knowledge,
    clock: FakeClock,
    signals: WorkerSignals,
    limiter: RateLimiter,
) -> Any:
    return create_dispatcher(settings, session_pool, knowledge, clock=clock, signals=signals, limiter=limiter)


@pytest.fixture
def client(dp: Any, bot: MockedBot) -> TelegramClient:
    return TelegramClient(dp, bot)


@pytest.fixture
def worker_ctx(
    bot: MockedBot,
    settings: Settings,
    knowledge: Knowledge,
    session_pool: async_sessionmaker[AsyncSession],
    clock: FakeClock,
    signals: WorkerSignals,
    limiter: RateLimiter,
) -> WorkerContext:
    return WorkerContext(
        bot=bot,
        settings=settings,
        knowledge=knowledge,
        session_pool=session_pool,
        clock=clock,
        limiter=limiter,
        signals=signals,
        owner="test-worker",
    )


class Workers:
    """Runs the production workers until they have nothing due (no background tasks)."""

    def __init__(self, ctx: WorkerContext, bot: MockedBot) -> None:
        self.ctx = ctx
        self.bot = bot
        self.workers = create_workers(ctx)

    async def drain(self, rounds: int = 20) -> list[Any]:
        before = len(self.bot.session.requests)
        for _ in range(rounds):
            busy = False
            for worker in self.workers:
                busy = await worker.run_once() or busy
            if not busy:
                break
        return self.bot.session.requests[before:]


@pytest.fixture
def workers(worker_ctx: WorkerContext, bot: MockedBot) -> Workers:
    return Workers(worker_ctx, bot)
