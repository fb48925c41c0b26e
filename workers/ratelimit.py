"""Telegram's sending limits, shared by every sender of one process.

- global: at most `rate` messages in any sliding second (a small margin absorbs
  network jitter between here and the Bot API server);
- per chat: at most one message a second;
- 429: `retry_after` pauses all sends, not only the chat that got it.

`sending(chat_id)` also moves the send's place in the window to when the API
call returned: Telegram saw the request between the two moments, so counting it
at the later one keeps the server's own one-second windows within the limit
whatever the network jitter.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar

WINDOW_SECONDS = 1.0
WINDOW_MARGIN = 0.02
PER_CHAT_INTERVAL = 1.0

# The chat whose slot the current task holds inside `sending()`: the Bot API
# call guard then does not take a second slot for the same send.
_held_chat: ContextVar[int | None] = ContextVar("rate_limiter_held_chat", default=None)


class RateLimiter:
    def __init__(
        self,
        rate_per_second: float,
        *,
        per_chat_interval: float = PER_CHAT_INTERVAL,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.capacity = max(1, math.floor(rate_per_second))
        self.window = WINDOW_SECONDS / min(1.0, rate_per_second) + WINDOW_MARGIN
        self.per_chat_interval = per_chat_interval
        self._monotonic = monotonic
        self._sent: deque[float] = deque()
        self._chat_last: dict[int, float] = {}
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    def pause(self, seconds: float) -> None:
        """Stop every send for `seconds` (a 429 with retry_after)."""
        self._paused_until = max(self._paused_until, self._monotonic() + seconds)

    @property
    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self._monotonic())

    def _wait_time(self, chat_id: int, now: float) -> float:
        wait = self._paused_until - now
        while self._sent and now - self._sent[0] >= self.window:
            self._sent.popleft()
        if len(self._sent) >= self.capacity:
            wait = max(wait, self._sent[0] + self.window - now)
        last = self._chat_last.get(chat_id)
        if last is not None:
            wait = max(wait, last + self.per_chat_interval - now)
        return wait

    async def acquire(self, chat_id: int) -> float:
        """Waits for a free slot; returns the send's stamp (for `completed`)."""
        async with self._lock:
            while True:
                now = self._monotonic()
                wait = self._wait_time(chat_id, now)
                if wait <= 0:
                    break
                await asyncio.sleep(wait)
            self._sent.append(now)
            self._chat_last[chat_id] = now
            if len(self._chat_last) > 10_000:
                horizon = now - self.per_chat_interval
                self._chat_last = {c: t for c, t in self._chat_last.items() if t > horizon}
            return now

    def completed(self, stamp: float, chat_id: int) -> None:
        """The call that got `stamp` has returned: count it from now.

        Telegram saw it before now, so exactly one window from now is safe: the
        margin (meant for jitter after the stamp) is not needed and is taken back.
        """
        now = self._monotonic()
        sent = list(self._sent)
        if stamp in sent:
            sent.remove(stamp)
            sent.append(max(stamp, now - WINDOW_MARGIN))
            sent.sort()
            self._sent = deque(sent)
        self._chat_last[chat_id] = now

    @staticmethod
    def holds(chat_id: int) -> bool:
        """True inside `sending(chat_id)` of the current task (the caller paces this send itself)."""
        return _held_chat.get() == chat_id

    @asynccontextmanager
    async def sending(self, chat_id: int) -> AsyncIterator[None]:
        """`async with limiter.sending(chat_id): await bot(...)`"""
        stamp = await self.acquire(chat_id)
        token = _held_chat.set(chat_id)
        try:
            yield
        finally:
            _held_chat.reset(token)
            self.completed(stamp, chat_id)
