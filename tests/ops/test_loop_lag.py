"""The event-loop probe: a blocked loop is seen, the figures are kept since start, admins see them in /status."""

from __future__ import annotations

import asyncio
import gc
import logging
import time

import pytest
from aiogram import Dispatcher

from bot.app import begin_running, build_runtime, shutdown
from bot.loop_lag import LoopLagProbe, log_loop_lag
from bot.texts import ops as t
from knowledge import Knowledge
from tests.conftest import ADMIN_ID, FakeClock, make_settings
from tests.support.client import TelegramClient
from tests.support.mocked_bot import MockedBot

INTERVAL = 0.01
BLOCK = 0.3


async def wait_for_samples(probe: LoopLagProbe, count: int) -> None:
    for _ in range(1000):
        if probe.snapshot().samples >= count:
            return
        await asyncio.sleep(INTERVAL)
    raise AssertionError(f"the probe took fewer than {count} samples")


async def test_a_blocked_loop_is_recorded() -> None:
    probe = LoopLagProbe(interval=INTERVAL)
    probe.start()
    await wait_for_samples(probe, 3)
    time.sleep(BLOCK)  # noqa: ASYNC251 - holds the loop, as CPU work or a blocking call in a handler would
    await wait_for_samples(probe, probe.snapshot().samples + 2)
    lag = await probe.stop()

    # The probe's timer was due at most one interval after the block began.
    assert lag.max_ms >= (BLOCK - INTERVAL) * 1000
    assert lag.p50_ms <= lag.p95_ms <= lag.p99_ms <= lag.max_ms


def test_percentiles_are_kept_for_every_sample() -> None:
    probe = LoopLagProbe()
    for _ in range(94):
        probe.record(0.001)
    for _ in range(6):
        probe.record(0.5)
    lag = probe.snapshot()
    assert lag.samples == 100
    # Buckets are 10% wide: the percentile is the bucket's upper bound.
    assert 1.0 <= lag.p50_ms <= 1.1
    assert 500 * 0.9 <= lag.p95_ms <= 500
    assert lag.max_ms == pytest.approx(500)


def test_no_samples_yet() -> None:
    lag = LoopLagProbe().snapshot()
    assert (lag.samples, lag.max_ms, lag.p50_ms, lag.p95_ms) == (0, 0.0, 0.0, 0.0)


async def test_stop_logs_one_structured_line(caplog: pytest.LogCaptureFixture) -> None:
    probe = LoopLagProbe()
    probe.record(0.25)
    with caplog.at_level(logging.INFO, logger="bot.loop_lag"):
        log_loop_lag(await probe.stop())
    [record] = caplog.records
    assert record.__dict__["loop_lag_max_ms"] == 250.0
    assert record.__dict__["loop_lag_samples"] == 1


async def test_status_shows_the_largest_stall(dp: Dispatcher, client: TelegramClient) -> None:
    probe = LoopLagProbe()
    for seconds in (0.002, 0.003, 0.740):
        probe.record(seconds)
    dp["loop_lag"] = probe  # as bot.app does for the running bot

    calls = await client.send(ADMIN_ID, "/status")

    lag = probe.snapshot()
    assert t.STATUS_LOOP_LAG.format(max_ms=740, p95_ms=round(lag.p95_ms)) in calls.text


async def test_status_without_a_probe_leaves_the_line_out(client: TelegramClient) -> None:
    calls = await client.send(ADMIN_ID, "/status")
    assert "Найдовша затримка" not in calls.text


async def test_the_running_bot_freezes_its_start_up_and_reports_at_shutdown(
    db_url: str, knowledge: Knowledge, clock: FakeClock, bot: MockedBot, caplog: pytest.LogCaptureFixture
) -> None:
    runtime = await build_runtime(make_settings(db_url), knowledge, clock, bot=bot)
    try:
        begin_running(runtime)
        assert gc.get_freeze_count() > 0  # full collections no longer walk what start-up made
        await wait_for_samples(runtime.loop_lag, 1)
    finally:
        gc.unfreeze()  # the test process collects as usual
        with caplog.at_level(logging.INFO, logger="bot.loop_lag"):
            await shutdown(runtime)
    assert [r.__dict__["loop_lag_samples"] >= 1 for r in caplog.records if r.name == "bot.loop_lag"] == [True]
