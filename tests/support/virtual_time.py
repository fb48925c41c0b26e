"""Virtual time for the rate limiter: seconds pass only in `sleep`, so pacing is tested without waiting.

    clock = VirtualTime()
    limiter = RateLimiter(10, monotonic=clock, sleep=clock.sleep)

A sleeper wakes once it holds the earliest wake-up and every other runnable task
has had its turns; the clock then jumps to its wake-up time. Real I/O (Redis, the
database) takes no virtual time: wrap it in `with clock.busy():` and the clock
stands still until it is done.
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable, Iterator
from contextlib import contextmanager

from core.ratelimit import Reservation, SharedBudget

# Turns every runnable task gets before the clock moves (a chain of awaits takes a few).
TURNS = 10


class VirtualTime:
    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self._wakeups: list[float] = []
        self._busy = 0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        wakeup = self.now + max(0.0, seconds)
        self._wakeups.append(wakeup)
        try:
            turns = 0
            while turns < TURNS:
                await asyncio.sleep(0.001 if self._busy else 0)
                turns = 0 if self._busy or wakeup > min(self._wakeups) else turns + 1
            self.now = max(self.now, wakeup)
        finally:
            self._wakeups.remove(wakeup)

    @contextmanager
    def busy(self) -> Iterator[None]:
        self._busy += 1
        try:
            yield
        finally:
            self._busy -= 1


class StillWhileAsking:
    """A shared budget whose round trips take no virtual time (see `VirtualTime.busy`)."""

    def __init__(self, budget: SharedBudget, clock: VirtualTime) -> None:
        self.budget = budget
        self.clock = clock

    async def reserve(self, capacity: int, window: float) -> Reservation:
        with self.clock.busy():
            return await self.budget.reserve(capacity, window)

    async def delay(self, ticket: Hashable, seconds: float) -> None:
        with self.clock.busy():
            await self.budget.delay(ticket, seconds)

    async def pause(self, seconds: float) -> None:
        with self.clock.busy():
            await self.budget.pause(seconds)

    async def close(self) -> None:
        await self.budget.close()


def most_in_any_second(times: list[float], length: float = 1.0) -> int:
    """The most of `times` in any window (t - length, t]: what the Bot API server counts."""
    ordered = sorted(times)
    most = 0
    first = 0
    for last, at in enumerate(ordered):
        while ordered[first] <= at - length:
            first += 1
        most = max(most, last - first + 1)
    return most
