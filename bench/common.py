"""Pieces the process benches share: databases with registered officials, the bots' processes, /proc figures."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from storage.db import create_engine, create_session_pool
from storage.migrate import upgrade_database
from tests.e2e.harness import BotProcess, bot_env
from tests.support.factories import make_user
from tests.support.fake_bot_api import FakeBotAPI

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
FIRST_OFFICIAL_ID = 7_000_001
LOOP_LAG_LINE = "event loop lag since start"  # bot.loop_lag.log_loop_lag


async def migrate(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade_database(engine)
    finally:
        await engine.dispose()


def official_ids(count: int) -> list[int]:
    return list(range(FIRST_OFFICIAL_ID, FIRST_OFFICIAL_ID + count))


async def seed_officials(url: str, count: int) -> list[int]:
    """Officials as the /start dialog leaves them (consent given, registered), straight in the database."""
    ids = official_ids(count)
    engine = create_engine(url)
    try:
        async with create_session_pool(engine)() as session:
            for n, telegram_id in enumerate(ids):
                await make_user(session, telegram_id=telegram_id, full_name=f"Посадовець {n}")
            await session.commit()
    finally:
        await engine.dispose()
    return ids


async def _pg_admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(POSTGRES_ADMIN_URL.replace("postgresql+asyncpg://", "postgresql://"), timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@asynccontextmanager
async def fresh_database(backend: str, folder: Path, template: Path | None = None) -> AsyncIterator[str]:
    """A new database: a SQLite file (a copy of `template` if given) or a PostgreSQL database dropped afterwards."""
    if backend == "sqlite":
        path = folder / f"bench_{uuid.uuid4().hex[:8]}.sqlite3"
        if template is not None:
            shutil.copyfile(template, path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    name = f"amu_bench_{uuid.uuid4().hex[:10]}"
    await _pg_admin(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES_ADMIN_URL.rpartition('/')[0]}/{name}"
    finally:
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def real_bot(url: str, fake: FakeBotAPI, folder: Path, name: str, **env: str) -> BotProcess:
    # Production defaults where the e2e environment differs (workers poll every second).
    return BotProcess(bot_env(url, fake, worker_poll_seconds="1.0", **env), log_dir=folder, name=name)


def echo_bot(fake: FakeBotAPI, folder: Path, name: str) -> BotProcess:
    env = {"BOT_TOKEN": fake.token, "TELEGRAM_API_BASE": fake.base_url}
    return BotProcess(env, log_dir=folder, name=name, module="bench.echo_bot")


def loop_lag_fields(proc: BotProcess) -> dict[str, Any]:
    """The probe's shutdown line from the bot's JSON log ({} if there is none, e.g. after a crash)."""
    for line in reversed(proc.stderr.splitlines()):
        if LOOP_LAG_LINE in line:
            try:
                fields: dict[str, Any] = json.loads(line)
            except ValueError:
                continue
            return fields
    return {}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far (/proc/<pid>/stat, clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_line() -> str:
    """The machine's load: the figures are only as steady as the cores were free."""
    one, five, fifteen = os.getloadavg()
    return f"load average (1, 5, 15 min) at the end: {one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} cores"


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1]
