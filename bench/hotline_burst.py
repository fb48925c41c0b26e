"""N registered officials write to the hot line at the same moment; how fast does the real bot answer them?

    .venv/bin/python bench/hotline_burst.py [--officials 200] [--rtt 0,100,300] [--db sqlite|postgres|sqlite,postgres]

For each database and round trip: a fresh database with N registered officials,
the fake Bot API answering every call after `rtt` ms, the real `python -m bot`.
All N type a question at once (the bot offers to send it, with topic buttons),
and each presses the first button as soon as they see it (the bot opens the
draft). Then the same burst against the bare aiogram bot of `bench/echo_bot.py`
(same fake server, same RTT, same calls per update). Printed: updates/s,
p50/p95 latency from injecting an update to the bot's reply to that user (the
moment the reply reaches the server), the largest event-loop stall (the probe's
shutdown line), how many officials got both replies, the 429s, the bot's ERROR
log lines, and each process's CPU time per update answered (what the code costs,
whatever pacing or round trips set the rate). `--telegram-limits` makes the fake server refuse (429) what goes
past Telegram's limits, as the real one does: the bare bot then loses replies.

Targets: SQLite at 0 ms >= 0.5 of the echo bot's rate; at 100 ms >= 0.8 of the
0 ms rate with p95 < 2 s; the same on PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (
    cpu_seconds,
    echo_bot,
    fresh_database,
    load_line,
    loop_lag_fields,
    migrate,
    official_ids,
    percentile,
    real_bot,
    seed_officials,
)
from tests.e2e.harness import BotProcess
from tests.support.fake_bot_api import SENDING_METHODS, FakeBotAPI, StoredMessage

QUESTION = "Чи можна передати земельну ділянку в оренду без аукціону?"
IDLE_BEFORE_BURST = 1.0  # the start-up's own calls (commands, first worker rounds) settle first
# The last reply is seen before its handler has returned and committed; aiogram does not wait for
# handlers in flight when polling stops, so a stop right away would fail the last updates.
IDLE_AFTER_BURST = 2.0
GIVE_UP_AFTER = 30.0  # seconds without a single message sent: the replies still missing are not coming


@dataclass
class Official:
    chat_id: int
    pressed: bool = False  # False: waiting for the reply to the question; True: to the button press
    injected_at: float = 0.0  # time.monotonic() of the update awaiting a reply
    replied: bool = False  # the awaited reply came (the press may still wait for a message with a button)
    offer: StoredMessage | None = None  # the newest bot message with an inline button
    done: bool = False


@dataclass
class BurstResult:
    officials: int
    done: int
    updates: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    cpu: float = 0.0  # seconds of CPU the bot process used for the burst

    @property
    def rate(self) -> float:
        return self.updates / self.seconds if self.seconds > 0 else 0.0

    @property
    def cpu_ms_per_update(self) -> float:
        return self.cpu * 1000 / self.updates if self.updates else float("nan")


class Burst:
    """Drives the users from the fake server's own records: no polling, nothing sent twice."""

    def __init__(self, fake: FakeBotAPI, chat_ids: list[int]) -> None:
        self.fake = fake
        self.officials = {chat_id: Official(chat_id) for chat_id in chat_ids}
        self.latencies: list[float] = []
        self.first_at = 0.0
        self.last_at = 0.0
        self._requests_seen = len(fake.requests)
        self._messages_seen = len(fake.messages)
        self._remaining = len(chat_ids)

    async def run(self, timeout: float) -> BurstResult:
        self.first_at = time.monotonic()
        for official in self.officials.values():
            official.injected_at = time.monotonic()
            self.fake.send_text(official.chat_id, QUESTION)
        # Until everyone has both replies, or the bot has sent nothing for a while (a reply refused with
        # 429 and never sent again is not coming), or the time is up. The officials left are reported.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            sends = self._sends()
            with contextlib.suppress(AssertionError):
                await self.fake.wait_until(self._step, min(GIVE_UP_AFTER, deadline - time.monotonic()))
                break
            if self._sends() == sends:
                break
        done = sum(official.done for official in self.officials.values())
        return BurstResult(len(self.officials), done, len(self.latencies), self.last_at - self.first_at, self.latencies)

    def _sends(self) -> int:
        return sum(1 for request in self.fake.requests if request.method in SENDING_METHODS)

    def _step(self) -> bool:
        """Called by the fake server on every request and update: takes in what is new since the last call."""
        messages = self.fake.messages
        for message in messages[self._messages_seen :]:
            official = self.officials.get(message.chat_id)
            if official is not None and message.from_bot and _first_callback(message) is not None:
                official.offer = message
        self._messages_seen = len(messages)
        requests = self.fake.requests
        for request in requests[self._requests_seen :]:
            official = self.officials.get(request.chat_id) if isinstance(request.chat_id, int) else None
            if official is None or official.done or official.replied:
                continue
            if request.method in SENDING_METHODS and request.ok:
                official.replied = True
                self.latencies.append(request.at - official.injected_at)
                self.last_at = max(self.last_at, request.at)
        self._requests_seen = len(requests)
        for official in self.officials.values():
            if official.replied and not official.done:
                self._next(official)
        return self._remaining == 0

    def _next(self, official: Official) -> None:
        if official.pressed:
            official.done = True
            self._remaining -= 1
            return
        if official.offer is None:
            return  # replied, but no button yet: press once it comes
        data = _first_callback(official.offer)
        assert data is not None
        official.pressed, official.replied, official.injected_at = True, False, time.monotonic()
        self.fake.click_data(official.chat_id, official.offer, data)


def _first_callback(message: StoredMessage) -> str | None:
    for button in message.buttons():
        if isinstance(button, dict) and "callback_data" in button:
            return str(button["callback_data"])
    return None


async def run_burst(proc: BotProcess, fake: FakeBotAPI, chat_ids: list[int], timeout: float) -> BurstResult:
    proc.start()
    try:
        await proc.wait_polling(fake, timeout=120)
        await asyncio.sleep(IDLE_BEFORE_BURST)
        cpu_before = cpu_seconds(proc.pid)
        result = await Burst(fake, chat_ids).run(timeout)
        await asyncio.sleep(IDLE_AFTER_BURST)
        result.cpu = cpu_seconds(proc.pid) - cpu_before
        return result
    finally:
        await proc.stop()


def fake_server(rtt: float, limits: bool) -> FakeBotAPI:
    fake = FakeBotAPI(rtt=rtt)
    if limits:
        fake.enforce_rate_limits(global_per_second=30, per_chat_per_second=1.0)
    return fake


async def measure(
    backend: str, rtt_ms: int, officials: int, template: Path | None, folder: Path, limits: bool
) -> dict[str, Any]:
    rtt = rtt_ms / 1000
    timeout = 60 + 4 * officials * max(rtt, 0.05)
    async with fake_server(rtt, limits) as fake:
        chat_ids = list(range(1, officials + 1))
        echo = await run_burst(echo_bot(fake, folder, f"echo-{rtt_ms}"), fake, chat_ids, timeout)
        echo_refused = fake.rate_limited
    async with fresh_database(backend, folder, template) as url:
        if backend != "sqlite":
            await migrate(url)
            await seed_officials(url, officials)
        async with fake_server(rtt, limits) as fake:
            proc = real_bot(url, fake, folder, f"bot-{backend}-{rtt_ms}")
            result = await run_burst(proc, fake, official_ids(officials), timeout)
            refused = fake.rate_limited
    lag = loop_lag_fields(proc)
    return {
        "db": backend,
        "rtt_ms": rtt_ms,
        "result": result,
        "echo": echo,
        "stall_ms": lag.get("loop_lag_max_ms", float("nan")),
        "refused": refused,
        "echo_refused": echo_refused,
        "errors": proc.stderr.count('"level": "ERROR"'),
    }


def print_row(row: dict[str, Any], zero_rate: float | None) -> None:
    result: BurstResult = row["result"]
    echo: BurstResult = row["echo"]
    of_echo = result.rate / echo.rate if echo.rate else float("nan")
    of_zero = result.rate / zero_rate if zero_rate else float("nan")
    print(
        f"{row['db']:<8} {row['rtt_ms']:>6} {result.rate:>9.1f} {echo.rate:>10.1f} {of_echo:>8.2f} {of_zero:>8.2f} "
        f"{percentile(result.latencies, 0.5) * 1000:>7.0f} {percentile(result.latencies, 0.95) * 1000:>7.0f} "
        f"{percentile(echo.latencies, 0.95) * 1000:>8.0f} "
        f"{row['stall_ms']:>10} {result.done:>5}/{result.officials:<5} {echo.done:>4}/{echo.officials:<4} "
        f"{row['refused']:>7} {row['echo_refused']:>8} {row['errors']:>6} "
        f"{result.cpu_ms_per_update:>10.1f} {echo.cpu_ms_per_update:>11.1f}",
        flush=True,
    )


def print_targets(rows: list[dict[str, Any]]) -> None:
    by_key = {(row["db"], row["rtt_ms"]): row for row in rows}
    for db in dict.fromkeys(row["db"] for row in rows):
        zero, hundred = by_key.get((db, 0)), by_key.get((db, 100))
        if zero is not None:
            ratio = zero["result"].rate / zero["echo"].rate if zero["echo"].rate else 0.0
            print(f"target {db} 0 ms >= 0.5 of echo: {ratio:.2f} -> {'met' if ratio >= 0.5 else 'MISSED'}")
        if zero is not None and hundred is not None:
            ratio = hundred["result"].rate / zero["result"].rate if zero["result"].rate else 0.0
            p95 = percentile(hundred["result"].latencies, 0.95)
            ok = ratio >= 0.8 and p95 < 2 and hundred["result"].done == hundred["result"].officials
            print(
                f"target {db} 100 ms >= 0.8 of 0 ms, p95 < 2 s: {ratio:.2f}, p95 {p95:.2f} s -> "
                f"{'met' if ok else 'MISSED'}"
            )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--officials", type=int, default=200)
    parser.add_argument("--rtt", default="0,100,300", help="comma-separated round trips in ms")
    parser.add_argument("--db", default="sqlite", help="sqlite, postgres or both comma-separated")
    parser.add_argument("--logs", type=Path, help="keep the processes' logs (and SQLite files) in this folder")
    parser.add_argument(
        "--telegram-limits",
        action="store_true",
        help="the fake server answers 429 past 30 messages a second and 1 a second per chat, as Telegram does",
    )
    args = parser.parse_args()
    rtts = [int(x) for x in args.rtt.split(",") if x]
    backends = [b for b in args.db.split(",") if b]
    print(
        f"{args.officials} registered officials type a question at once, then press the first button "
        f"({2 * args.officials} updates); fake Bot API round trip per call as listed; "
        + ("429 past Telegram's limits (30/s, 1/s per chat)" if args.telegram_limits else "no rate limits enforced")
    )
    print(
        f"{'db':<8} {'rtt ms':>6} {'bot upd/s':>9} {'echo upd/s':>10} {'of echo':>8} {'of 0 ms':>8} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'echo p95':>8} {'stall ms':>10} {'bot done':>11} {'echo done':>9} "
        f"{'bot 429':>7} {'echo 429':>8} {'errors':>6} {'bot cpu ms':>10} {'echo cpu ms':>11}"
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.logs or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        template = folder / "template.sqlite3"
        if "sqlite" in backends:
            url = f"sqlite+aiosqlite:///{template}"
            await migrate(url)
            await seed_officials(url, args.officials)
        for backend in backends:
            zero_rate = None
            for rtt_ms in rtts:
                sqlite_template = template if backend == "sqlite" else None
                row = await measure(backend, rtt_ms, args.officials, sqlite_template, folder, args.telegram_limits)
                if rtt_ms == 0:
                    zero_rate = row["result"].rate
                print_row(row, zero_rate)
                rows.append(row)
    print_targets(rows)
    print(load_line())


if __name__ == "__main__":
    asyncio.run(main())
