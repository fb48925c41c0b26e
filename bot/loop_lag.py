"""How late the event loop runs what is due: the probe behind `/status` and the shutdown log line.

A task sleeps `interval` seconds again and again and records how much later than
asked it woke up. Anything that holds the loop (CPU work, a blocking call, a
long synchronous section) delays every update in flight by that much, and shows
up here. The samples go into a histogram with ~10% wide buckets, so memory stays
constant however long the bot runs and percentiles are kept since start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from dataclasses import dataclass

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 0.02
# Buckets grow by 10% from 0.1 ms; 200 of them reach past an hour.
_FIRST_BUCKET_MS = 0.1
_GROWTH = 1.1
_BUCKETS = 200


@dataclass(frozen=True)
class LoopLag:
    """Lag figures in milliseconds; percentiles are accurate to the bucket width (~10%)."""

    samples: int
    max_ms: float
    p50_ms: float
    p95_ms: float
    p99_ms: float

    def as_log_fields(self) -> dict[str, float | int]:
        return {
            "loop_lag_samples": self.samples,
            "loop_lag_max_ms": round(self.max_ms, 1),
            "loop_lag_p50_ms": round(self.p50_ms, 1),
            "loop_lag_p95_ms": round(self.p95_ms, 1),
            "loop_lag_p99_ms": round(self.p99_ms, 1),
        }


class LoopLagProbe:
    def __init__(self, interval: float = DEFAULT_INTERVAL) -> None:
        self.interval = interval
        self._counts = [0] * _BUCKETS
        self._samples = 0
        self._max = 0.0
        self._task: asyncio.Task[None] | None = None

    def record(self, lag_seconds: float) -> None:
        lag_ms = max(0.0, lag_seconds * 1000)
        self._samples += 1
        self._max = max(self._max, lag_ms)
        self._counts[_bucket(lag_ms)] += 1

    def snapshot(self) -> LoopLag:
        return LoopLag(
            samples=self._samples,
            max_ms=self._max,
            p50_ms=self._percentile(0.50),
            p95_ms=self._percentile(0.95),
            p99_ms=self._percentile(0.99),
        )

    def _percentile(self, fraction: float) -> float:
        if not self._samples:
            return 0.0
        rank = math.ceil(fraction * self._samples)
        seen = 0
        for index, count in enumerate(self._counts):
            seen += count
            if seen >= rank:
                # The bucket's upper bound, but never more than was actually seen.
                return min(_upper_bound(index), self._max)
        return self._max

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="loop-lag-probe")

    async def stop(self) -> LoopLag:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        return self.snapshot()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + self.interval
            await asyncio.sleep(self.interval)
            self.record(loop.time() - due)


def _bucket(lag_ms: float) -> int:
    if lag_ms <= _FIRST_BUCKET_MS:
        return 0
    return min(_BUCKETS - 1, math.ceil(math.log(lag_ms / _FIRST_BUCKET_MS, _GROWTH)))


def _upper_bound(index: int) -> float:
    return _FIRST_BUCKET_MS * _GROWTH**index if index < _BUCKETS - 1 else math.inf


def log_loop_lag(lag: LoopLag) -> None:
    """One structured line; `bench/hotline_burst.py` reads it from the process's log."""
    log.info("event loop lag since start", extra=lag.as_log_fields())
