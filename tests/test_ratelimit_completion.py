"""The rate limiter counts a send from when its API call returned (sending())."""

from __future__ import annotations

import pytest

from workers.ratelimit import RateLimiter


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_a_slow_call_holds_its_slot_until_it_returns() -> None:
    ticks = Ticks()
    limiter = RateLimiter(2, monotonic=ticks)
    async with limiter.sending(1):
        ticks.now += 0.5  # the request took half a second
    await limiter.acquire(2)
    # Both slots are taken; the first counts exactly one second from its return (100.5).
    assert limiter._wait_time(3, ticks.now) == pytest.approx(1.0)
    ticks.now = 101.3
    # A window after the first send's start, but not after its return: still waits.
    assert limiter._wait_time(3, ticks.now) > 0
    ticks.now = 101.5
    assert limiter._wait_time(3, ticks.now) <= 0
