"""Delivers a newsletter through the real `python -m bot` to N recipients via the fake Bot API server.

    .venv/bin/python bench/newsletter_delivery.py [--recipients 1000,5000] [--rate 25] [--rtt 0,100,300]
                                                  [--concurrency N]

The fake server enforces the configured rate (and 1 message a second per chat)
and answers 429 past it; `--rtt` (milliseconds) is the network round trip of
every call, half on the way in and half on the way back (real Telegram: 50 to
300 ms). For each RTT and N: a fresh SQLite database, N subscribed officials and
a newsletter due now, a bot process, and then figures from the server's own
request log: the achieved rate as a fraction of the configured one, 429s,
duplicates, losses, and the bot process's peak RSS (VmHWM).
Target: >= 0.95, 0, 0, 0, memory flat from 1,000 to 5,000 recipients.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storage.db import create_engine
from storage.migrate import upgrade_database
from tests.e2e.harness import BotProcess, bot_env
from tests.e2e.newsletter_helpers import delivery_figures, seed_newsletter
from tests.support.fake_bot_api import FakeBotAPI

AUTHOR_ID = 900_001


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def run_one(recipients: int, rate: float, rtt_ms: int, concurrency: int | None, folder: Path) -> dict[str, float]:
    url = f"sqlite+aiosqlite:///{folder / f'bench_{rtt_ms}_{recipients}.sqlite3'}"
    engine = create_engine(url)
    await upgrade_database(engine)
    await engine.dispose()
    chat_ids = await seed_newsletter(url, recipients, author_telegram_id=AUTHOR_ID)
    wanted = set(chat_ids)
    settings = {"newsletter_rate_per_second": str(rate), "log_level": "WARNING"}
    if concurrency is not None:
        settings["send_concurrency"] = str(concurrency)
    async with FakeBotAPI(rtt=rtt_ms / 1000) as fake:
        fake.enforce_rate_limits(global_per_second=rate, per_chat_per_second=1)
        env = bot_env(url, fake, admin_ids=str(AUTHOR_ID), **settings)
        proc = BotProcess(env, log_dir=folder, name=f"bench{rtt_ms}_{recipients}").start()
        try:
            await proc.wait_polling(fake, timeout=180)
            # Generous: one message at a time at this RTT (the old behaviour) must still finish.
            budget = recipients * max(1 / rate, rtt_ms / 1000 + 0.02) * 1.5 + 60
            deadline = time.monotonic() + budget
            while time.monotonic() < deadline:
                done = {r.chat_id for r in fake.requests if r.method == "sendMessage" and r.ok and r.chat_id in wanted}
                if len(done) == recipients:
                    break
                if not proc.running:
                    raise SystemExit(f"the bot died:\n{proc.tail()}")
                await asyncio.sleep(0.5)
            await asyncio.sleep(2)  # anything sent twice would show up now
            rss = peak_rss_mb(proc.pid)
        finally:
            await proc.stop()
        figures = delivery_figures(fake, chat_ids)
    return {
        "recipients": recipients,
        "seconds": figures.last_at - figures.first_at,
        "achieved": figures.achieved_rate,
        "fraction": figures.achieved_rate / rate,
        "max_per_second": figures.max_per_second,
        "rate_limited": figures.rate_limited,
        "duplicates": figures.duplicates,
        "losses": figures.losses,
        "peak_rss_mb": rss,
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipients", default="1000,5000", help="comma-separated recipient counts")
    parser.add_argument("--rate", type=float, default=25.0, help="NEWSLETTER_RATE_PER_SECOND (at most 30)")
    parser.add_argument("--rtt", default="0,100,300", help="comma-separated round trips to the Bot API, ms")
    parser.add_argument("--concurrency", type=int, default=None, help="SEND_CONCURRENCY (default: the bot's)")
    args = parser.parse_args()
    counts = [int(n) for n in args.recipients.split(",") if n]
    rtts = [int(ms) for ms in args.rtt.split(",") if ms]
    print(f"configured rate {args.rate:g}/s; fake server: 429 past {args.rate:g}/s and 1/s per chat")
    print(
        f"{'rtt ms':>6} {'recipients':>10} {'seconds':>8} {'msg/s':>7} {'of rate':>8} {'max/1s':>7} {'429s':>5} "
        f"{'dups':>5} {'lost':>5} {'peak RSS MB':>12}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for rtt_ms in rtts:
            for n in counts:
                r = await run_one(n, args.rate, rtt_ms, args.concurrency, Path(tmp))
                print(
                    f"{rtt_ms:>6} {r['recipients']:>10} {r['seconds']:>8.1f} {r['achieved']:>7.2f} "
                    f"{r['fraction']:>8.3f} {r['max_per_second']:>7} {r['rate_limited']:>5} {r['duplicates']:>5} "
                    f"{r['losses']:>5} {r['peak_rss_mb']:>12.1f}",
                    flush=True,
                )


if __name__ == "__main__":
    asyncio.run(main())
