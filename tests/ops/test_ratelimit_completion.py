"""Where a send counts in the window: from its start, moved later by how much slower than usual it was;
and the window's margin: how much sooner than usual a request may arrive.

Telegram saw a request somewhere between its start and its return. Counting every send
from its return idles a round trip per slot (0.77 of the rate at 300 ms); counting it
from its start lets a request that was slow on its way in crowd the server's next second.
"""

from __future__ import annotations

import pytest

from core.ratelimit import MIN_MARGIN, WINDOW_MARGIN, RateLimiter


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def call(limiter: RateLimiter, ticks: Ticks, chat_id: int, round_trip: float) -> None:
    async with limiter.sending(chat_id):
        ticks.now += round_trip


async def test_a_call_as_fast_as_usual_counts_from_its_start() -> None:
    ticks = Ticks()
    limiter = RateLimiter(2, monotonic=ticks)
    await call(limiter, ticks, 1, 0.3)  # 100.0 - 100.3
    ticks.now = 100.4
    await call(limiter, ticks, 2, 0.3)  # 100.4 - 100.7
    # The window is full; the first send leaves it one window after its start, not after its return.
    assert limiter._window_wait(ticks.now) == pytest.approx(100.0 + limiter.window - 100.7)


async def test_a_slow_call_holds_its_slot_for_as_long_as_it_was_slow() -> None:
    ticks = Ticks()
    limiter = RateLimiter(2, monotonic=ticks)
    for chat in range(10):  # the usual round trip: 0.1
        await call(limiter, ticks, chat, 0.1)
        ticks.now += 1.1
    start = ticks.now
    await call(limiter, ticks, 20, 0.6)  # half a second slower than usual: it may have arrived that late
    ticks.now += 0.1
    await call(limiter, ticks, 21, 0.1)
    assert limiter._window_wait(ticks.now) == pytest.approx(start + 0.5 + limiter.window - ticks.now)


async def test_a_call_still_in_flight_moves_with_the_clock() -> None:
    ticks = Ticks()
    limiter = RateLimiter(1, monotonic=ticks)
    for chat in range(10):
        await call(limiter, ticks, chat, 0.1)
        ticks.now += 1.1
    start = ticks.now
    async with limiter.sending(99):
        ticks.now += 2.0  # no answer yet, two seconds on
        assert limiter._window_wait(ticks.now) == pytest.approx(start + 1.9 + limiter.window - ticks.now)


async def test_the_margin_is_how_much_sooner_than_usual_a_request_may_arrive() -> None:
    ticks = Ticks()
    limiter = RateLimiter(2, monotonic=ticks)
    assert limiter.window == pytest.approx(1.0 + WINDOW_MARGIN)  # nothing known yet
    for chat, round_trip in enumerate([0.1] * 9):
        await call(limiter, ticks, chat, round_trip)
        ticks.now += 1.1
    assert limiter.window == pytest.approx(1.0 + MIN_MARGIN)  # steady round trips: the floor
    await call(limiter, ticks, 50, 0.04)  # one answer came back 60 ms sooner than usual
    assert limiter.window == pytest.approx(1.0 + 0.06)
