"""Updates per second through the real dispatcher: registered officials send /help, one update at a time.

    .venv/bin/python bench/updates.py [-n 3000] [--url DATABASE_URL] [--text /help] [--profile]

The recording bot answers every Bot API call at once, so the figure is the
bot's own cost per update: middlewares, FSM storage, the user's row, the
handler, the JSON log line (formatted, written to /dev/null), garbage
collection (the start-up heap frozen, as `python -m bot` does). Prints wall
and CPU time per update (CPU is steadier on a shared machine); --profile adds
cProfile's top functions by their own time.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import logging
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.factory import create_dispatcher
from bot.logs import setup_logging
from core.ratelimit import RateLimiter
from knowledge.loader import default_knowledge
from storage.db import create_engine, create_session_pool
from storage.migrate import upgrade_database
from tests.conftest import FakeClock, make_settings
from tests.support.client import TelegramClient
from tests.support.factories import make_user
from tests.support.mocked_bot import MockedBot

USERS = [800_000 + i for i in range(20)]


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"
        engine = create_engine(url)
        await upgrade_database(engine)
        pool = create_session_pool(engine)
        async with pool() as session:
            for telegram_id in USERS:
                await make_user(session, telegram_id=telegram_id)
            await session.commit()
        # Telegram's pacing (one message a second per chat) is not the bot's cost: no limits here.
        limiter = RateLimiter(1_000_000, per_chat_interval=0)
        dp = create_dispatcher(make_settings(url), pool, default_knowledge(), clock=FakeClock(), limiter=limiter)
        bot = MockedBot()
        client = TelegramClient(dp, bot)
        for telegram_id in USERS:  # warm-up: caches, connections
            await client.send(telegram_id, args.text)
        profile = cProfile.Profile() if args.profile else None
        if profile:
            profile.enable()
        wall, cpu = time.perf_counter(), time.process_time()
        for i in range(args.n):
            await client.send(USERS[i % len(USERS)], args.text)
            if len(bot.session.requests) > 1000:
                bot.session.requests.clear()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if profile:
            profile.disable()
            pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)
        await engine.dispose()
    print(
        f"{args.n / wall:.0f} updates/s ({wall / args.n * 1000:.2f} ms per update, "
        f"CPU {cpu / args.n * 1000:.2f} ms per update)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=3000)
    parser.add_argument("--url", help="a migrated or empty database (default: a fresh SQLite file)")
    parser.add_argument("--text", default="/help")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="tottime", help="cProfile order: tottime, cumulative...")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--no-freeze", action="store_true", help="skip gc.freeze() (python -m bot does it)")
    args = parser.parse_args()
    if not args.no_freeze:
        gc.freeze()
    # As the bot logs: one JSON line per update, formatted and written (to /dev/null here).
    setup_logging("INFO", "json")
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(open("/dev/null", "w"))  # noqa: SIM115
    asyncio.run(main(args))
