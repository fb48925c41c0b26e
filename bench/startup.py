"""Start-up of the real bot against a bare aiogram bot: time to the first getUpdates and RSS at rest.

    .venv/bin/python bench/startup.py [--runs 5] [--idle 2]

Each run starts a process against a fresh fake Bot API (no round trip): the real
`python -m bot` on a migrated SQLite database (a restart, not a first install),
or the bare polling bot of `bench/echo_bot.py`, alternately so that machine noise
falls on both. Measured: seconds from spawning the process to its first
getUpdates, and VmRSS after `--idle` seconds of long polling. Then where the
real bot's import time goes (`python -X importtime`), for the libraries that
matter.

Targets: RSS at most 1.2x the bare bot's; the first poll within 1 s of the bare bot's.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import echo_bot, fresh_database, load_line, migrate, real_bot, rss_mb, seed_officials
from tests.e2e.harness import REPO_ROOT, BotProcess
from tests.support.fake_bot_api import FakeBotAPI

# Imports worth knowing about at start-up: the framework, the database, and the heavy report libraries.
WATCHED_IMPORTS = (
    "aiogram",
    "sqlalchemy",
    "alembic",
    "pydantic",
    "matplotlib",
    "matplotlib.pyplot",
    "numpy",
    "PIL",
    "openpyxl",
)
STARTUP_IMPORTS = "import bot.__main__, bot.factory; from handlers import get_routers; get_routers()"


async def one_run(kind: str, template: Path, folder: Path, run: int, idle: float) -> tuple[float, float]:
    async with FakeBotAPI() as fake, fresh_database("sqlite", folder, template) as url:
        name = f"{kind}-{run}"
        proc: BotProcess = real_bot(url, fake, folder, name) if kind == "real" else echo_bot(fake, folder, name)
        proc.start()
        try:
            await proc.wait_polling(fake, timeout=120)
            first = next(r for r in fake.requests if r.method == "getUpdates" and r.at >= proc.started_at)
            await asyncio.sleep(idle)
            rss = rss_mb(proc.pid)
        finally:
            await proc.stop()
    return first.at - proc.started_at, rss


def import_times() -> dict[str, float]:
    """Cumulative import time (ms) of each watched package among what the bot imports when it starts.

    The entry point, then the routers the dispatcher is built from (they import the features).
    """
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", STARTUP_IMPORTS],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, float] = {}
    total = 0.0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or line.count("|") != 2:
            continue
        _, cumulative, raw_name = line.removeprefix("import time:").split("|")
        if not cumulative.strip().isdigit():
            continue  # the header line
        ms, name = int(cumulative) / 1000, raw_name.strip()
        if not raw_name.startswith("  "):
            total += ms  # a top-level import: nested ones are inside its cumulative time
        if name in WATCHED_IMPORTS and name not in found:
            found[name] = ms
    found["all of it"] = total
    return found


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle", type=float, default=2.0, help="seconds of polling before RSS is read")
    args = parser.parse_args()
    figures: dict[str, list[tuple[float, float]]] = {"real": [], "bare": []}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = folder / "template.sqlite3"
        url = f"sqlite+aiosqlite:///{template}"
        await migrate(url)
        await seed_officials(url, 200)
        for run in range(args.runs):
            for kind in ("real", "bare"):
                figures[kind].append(await one_run(kind, template, folder, run, args.idle))
    print(f"{args.runs} runs each; RSS after {args.idle:g} s of polling")
    print(f"{'bot':<6} {'first poll s (median)':>22} {'runs':>28} {'RSS MB (median)':>16} {'runs':>28}")
    medians = {}
    for kind, runs in figures.items():
        polls, rss = [p for p, _ in runs], [r for _, r in runs]
        medians[kind] = (statistics.median(polls), statistics.median(rss))
        print(
            f"{kind:<6} {medians[kind][0]:>22.2f} {' '.join(f'{p:.2f}' for p in polls):>28} "
            f"{medians[kind][1]:>16.1f} {' '.join(f'{r:.0f}' for r in rss):>28}"
        )
    poll_gap = medians["real"][0] - medians["bare"][0]
    rss_ratio = medians["real"][1] / medians["bare"][1]
    print(f"first poll: real - bare = {poll_gap:+.2f} s (target <= 1 s: {'met' if poll_gap <= 1 else 'MISSED'})")
    print(f"RSS: real / bare = {rss_ratio:.2f}x (target <= 1.2x: {'met' if rss_ratio <= 1.2 else 'MISSED'})")
    print(load_line())
    print("import time of the bot's start-up imports (entry point and routers; cumulative ms, once each):")
    for name, ms in import_times().items():
        print(f"  {name:<20} {ms:>8.0f}")


if __name__ == "__main__":
    asyncio.run(main())
