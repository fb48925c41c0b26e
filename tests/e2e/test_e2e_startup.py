"""A start-up that cannot work prints one line and exits 2 (no traceback)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.e2e.harness import BotProcess, bot_env
from tests.support.fake_bot_api import FakeBotAPI

pytestmark = pytest.mark.e2e


async def test_fatal_startup_errors_print_one_line(fake_api: FakeBotAPI, tmp_path: Path) -> None:
    sqlite = f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3"
    cases = {
        "malformed token": (bot_env(sqlite, fake_api, bot_token="not-a-token"), "BOT_TOKEN"),
        "token rejected by Telegram": (bot_env(sqlite, fake_api, bot_token="123456:" + "B" * 35), "BOT_TOKEN"),
        "unreachable PostgreSQL": (
            bot_env("postgresql+asyncpg://postgres@127.0.0.1:1/nowhere", fake_api),
            "Database is unreachable",
        ),
    }
    # Started together: each start-up pays for importing aiogram (seconds on a busy machine).
    procs = {
        name: BotProcess(env, log_dir=tmp_path, name=f"case{i}").start()
        for i, (name, (env, _)) in enumerate(cases.items())
    }
    try:
        codes = await asyncio.gather(*(proc.wait_exit(240) for proc in procs.values()))
    finally:
        for proc in procs.values():
            await proc.kill()
    problems = []
    for (name, (_, needle)), proc, code in zip(cases.items(), procs.values(), codes, strict=True):
        # INFO log lines may come first (the rejected token is found after the migrations ran).
        last = proc.stderr.strip().splitlines()[-1:] or [""]
        if code != 2 or "Traceback" in proc.stderr or not last[0].startswith("amu-bot: ") or needle not in last[0]:
            problems.append(f"{name}: exit {code}, stderr:\n{proc.stderr}")
    assert not problems, "\n\n".join(problems)
