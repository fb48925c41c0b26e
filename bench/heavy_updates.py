"""Event-loop stalls while admins build charts and spreadsheets, and officials keep writing.

    .venv/bin/python bench/heavy_updates.py [--rounds 3] [--consultations 3000]

Drives the real dispatcher (recording bot, SQLite file): each round an admin
asks for two charts, the indicators XLSX and template, uploads the template
back, and exports the consultations of the year,
all at once, while officials send /help. A ticker on the event loop records
the gaps between its wake-ups; the longest gap is the worst stall any update
saw. The start-up heap is frozen as `python -m bot` does (--no-freeze: not;
full garbage collections then stall the loop for up to a second). Prints
figures; asserts nothing (the loop must not stall over 50 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiogram import Dispatcher
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.export import add_consultations
from bot.callbacks.exports import ExportCb
from bot.callbacks.indicators import ChartPeriod, IndicatorChartCb, IndicatorsAction, IndicatorsCb
from bot.factory import create_dispatcher
from core.ratelimit import RateLimiter
from handlers.indicators.recording import IndicatorUpload
from knowledge.loader import default_knowledge
from storage.db import create_engine, create_session_pool
from storage.migrate import upgrade_database
from storage.models import Role
from tests.conftest import ADMIN_ID, FakeClock, make_settings
from tests.support.client import Calls, TelegramClient
from tests.support.factories import make_user
from tests.support.mocked_bot import MockedBot

OFFICIALS = [810_000 + i for i in range(10)]


class Ticker:
    """Wakes up every millisecond and keeps the gaps between wake-ups."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._stop = asyncio.Event()

    async def run(self) -> None:
        last = time.perf_counter()
        while not self._stop.is_set():
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            self.gaps.append(now - last)
            last = now

    def stop(self) -> None:
        self._stop.set()


async def seed(pool: async_sessionmaker[AsyncSession], consultations: int) -> None:
    async with pool() as session:
        official = await make_user(session, telegram_id=OFFICIALS[0])
        for uid in OFFICIALS[1:]:
            await make_user(session, telegram_id=uid)
        await make_user(session, telegram_id=ADMIN_ID, role=Role.ADMIN)
        # Consultation ids start at 1: a fresh database.
        await add_consultations(session, official_id=official.id, consultations=consultations, events_per=3)
        await session.commit()


# Each round presses the buttons on new messages: a second press on the same message is refused as a double tap.
_messages = itertools.count(10_000)


async def admin_round(client: TelegramClient, dp: Dispatcher, bot: MockedBot) -> None:
    year = 2026

    async def click(user_id: int, data: str) -> Calls:
        return await client.click(user_id, data, message_id=next(_messages))

    template = await click(ADMIN_ID, IndicatorsCb(action=IndicatorsAction.TEMPLATE, year=year).pack())
    (doc,) = template.of("SendDocument")
    bot.session.files["template.xlsx"] = doc.document.data  # type: ignore[attr-defined]
    state = dp.fsm.get_context(bot=bot, chat_id=ADMIN_ID, user_id=ADMIN_ID)
    await state.set_state(IndicatorUpload.file)
    await asyncio.gather(
        click(ADMIN_ID, IndicatorChartCb(code="consultations", by=ChartPeriod.MONTHS, year=year).pack()),
        click(ADMIN_ID + 1, IndicatorChartCb(code="consultations", by=ChartPeriod.YEARS, year=year).pack()),
        click(ADMIN_ID + 2, IndicatorsCb(action=IndicatorsAction.XLSX, year=year).pack()),
        click(ADMIN_ID + 3, ExportCb(period="year").pack()),
        client.send_document(ADMIN_ID, file_id="template.xlsx", file_name="template.xlsx"),
    )


async def officials(client: TelegramClient, stop: asyncio.Event, handled: list[int]) -> None:
    i = 0
    while not stop.is_set():
        await client.send(OFFICIALS[i % len(OFFICIALS)], "/help")
        handled.append(1)
        i += 1
        if len(client.bot.session.requests) > 1000:
            client.bot.session.requests.clear()  # the recording bot keeps every call; a real one does not


async def main(rounds: int, consultations: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"
        engine = create_engine(url)
        await upgrade_database(engine)
        pool = create_session_pool(engine)
        await seed(pool, consultations)
        # Admins by ADMIN_IDS: several, so their updates run concurrently (one user's are serialised).
        admins = ",".join(str(ADMIN_ID + i) for i in range(4))
        settings = make_settings(url, admin_ids=admins)
        limiter = RateLimiter(1_000_000, per_chat_interval=0)  # the loop is measured, not Telegram's pacing
        dp = create_dispatcher(settings, pool, default_knowledge(), clock=FakeClock(), limiter=limiter)
        bot = MockedBot()
        client = TelegramClient(dp, bot)
        await admin_round(client, dp, bot)  # warm-up: imports, worker processes
        ticker = Ticker()
        tick_task = asyncio.create_task(ticker.run())
        stop, handled = asyncio.Event(), list[int]()
        chatter = asyncio.create_task(officials(client, stop, handled))
        began = time.perf_counter()
        for _ in range(rounds):
            await admin_round(client, dp, bot)
        elapsed = time.perf_counter() - began
        stop.set()
        ticker.stop()
        await asyncio.gather(chatter, tick_task)
        await engine.dispose()
    gaps = sorted(ticker.gaps)
    over = sum(g > 0.05 for g in gaps)
    print(
        f"{rounds} rounds in {elapsed:.1f} s; loop stalls: max {gaps[-1] * 1000:.0f} ms, "
        f"p99 {gaps[int(len(gaps) * 0.99)] * 1000:.1f} ms, {over} over 50 ms; "
        f"/help handled meanwhile: {len(handled) / elapsed:.0f}/s"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--consultations", type=int, default=3000)
    parser.add_argument("--no-freeze", action="store_true", help="skip gc.freeze() (python -m bot does it)")
    args = parser.parse_args()
    if not args.no_freeze:
        gc.freeze()
    asyncio.run(main(args.rounds, args.consultations))
