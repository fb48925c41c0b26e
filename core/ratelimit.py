"""Telegram's sending limits, shared by every sender of one process (and of every instance, with a budget).

- global: at most `rate` messages in any sliding second, plus a margin for jitter;
  with a `SharedBudget` (Redis, PostgreSQL) across every instance;
- per chat: at most one message a second;
- 429: `pause(retry_after)` stops every send, not only the chat that got it
  (every instance's, with a shared budget);
- bulk sends (newsletters): at most `max_in_flight` calls at once (SEND_CONCURRENCY),
  so that round trips overlap, and any other send waiting for a slot (a reply, a
  notification) goes first, so a newsletter never queues ahead of a conversation;
- spacing: sends start at most twice the even pace apart. A full second's worth at
  once is what a window allows, but a burst leaves many calls on the wire when a 429
  comes back, and they all land in one instant at the server.

When did Telegram see a send? Somewhere between the moment we started it and the
moment its answer came back. Counting it from the start lets a request that was
slow on its way in land in the server's next second, next to the sends that
followed it; counting it from the return (as this module once did) keeps one
round trip of every slot idle: 0.91 of the rate at 100 ms, 0.77 at 300 ms.
So a send counts from its start, moved later by however much slower it was than
the usual round trip: `stamp = max(start, end - usual)`, `usual` being a low
percentile of recent round trips. An ordinary call counts from its start; a slow
one from the start an ordinary call would have needed to reach Telegram when this
one did at the latest; a call still in flight moves with the clock the same way.
The other way round, a new request may reach Telegram sooner than usual by as much
as the fastest recent round trip beat the usual one: that, at least a few
milliseconds, is the window's margin.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Hashable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger(__name__)

WINDOW_SECONDS = 1.0
# The window's margin (see above) before any round trip is known, and its floor (timer granularity).
WINDOW_MARGIN = 0.02
MIN_MARGIN = 0.005
PER_CHAT_INTERVAL = 1.0
# Round trips remembered for `usual`, and which one counts: the 10th percentile, so one freak
# fast answer (a refused connection) does not make every ordinary call look slow.
ROUND_TRIPS_KEPT = 64
USUAL_PERCENTILE = 0.1
# A shared reservation is moved later only for a call at least this much slower than usual.
SHARED_DELAY_MIN = 0.01
# After the shared budget failed, sends are paced by this process alone for this long.
BUDGET_RETRY_SECONDS = 5.0
# Sends start no closer together than the even pace divided by this.
BURST_PACE = 2.0
# Per-chat stamps are forgotten past this many chats (those older than the interval go).
CHATS_KEPT = 10_000


# The chat whose slot the current task holds inside `sending()`: the Bot API
# call guard then does not take a second slot for the same send.
_held_chat: ContextVar[int | None] = ContextVar("rate_limiter_held_chat", default=None)


class BudgetUnavailable(Exception):
    """The shared budget could not be reached (Redis or the database is down)."""


@dataclass(frozen=True)
class Reservation:
    """A shared budget's answer: a slot (`ticket`), or how long to wait before asking again."""

    wait: float
    ticket: Hashable | None = None


class SharedBudget(Protocol):
    """The global rate across instances: a sliding window of reservations kept outside this process.

    Times are the budget's own (the server's clock), so only durations cross this boundary.
    """

    async def reserve(self, capacity: int, window: float) -> Reservation:
        """Takes a slot if fewer than `capacity` were taken in the last `window` seconds and no pause is on."""
        ...

    async def delay(self, ticket: Hashable, seconds: float) -> None:
        """Moves a reservation later: its call was slow, so Telegram may have seen it late."""
        ...

    async def pause(self, seconds: float) -> None:
        """Every instance stops sending for `seconds` (a 429)."""
        ...

    async def close(self) -> None: ...


@dataclass(eq=False)
class _Send:
    chat_id: int
    started: float
    bulk: bool
    ended: float | None = None
    ticket: Hashable | None = None


class RateLimiter:
    def __init__(
        self,
        rate_per_second: float,
        *,
        per_chat_interval: float = PER_CHAT_INTERVAL,
        max_in_flight: int | None = None,
        budget: SharedBudget | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.capacity = max(1, math.floor(rate_per_second))
        self.base_window = WINDOW_SECONDS / min(1.0, rate_per_second)
        self.margin = WINDOW_MARGIN
        self.spacing = (self.base_window + MIN_MARGIN) / self.capacity / BURST_PACE
        self.per_chat_interval = per_chat_interval
        self.budget = budget
        self._monotonic = monotonic
        self._sleep = sleep
        self._sends: deque[_Send] = deque()
        self._chat_last: dict[int, _Send] = {}
        self._round_trips: deque[float] = deque(maxlen=ROUND_TRIPS_KEPT)
        self._usual = 0.0
        self._paused_until = 0.0
        self._last_start = -math.inf
        self._lock = asyncio.Lock()
        self._in_flight = asyncio.Semaphore(max_in_flight) if max_in_flight else None
        self._others_waiting = 0  # sends other than bulk ones queueing for a slot
        self._no_others_waiting = asyncio.Event()
        self._no_others_waiting.set()
        self._budget_down_until = 0.0
        self._background: set[asyncio.Task[None]] = set()

    # --- what callers use ------------------------------------------------------------

    @property
    def window(self) -> float:
        return self.base_window + self.margin

    @asynccontextmanager
    async def sending(self, chat_id: int, *, bulk: bool = False) -> AsyncIterator[None]:
        """`async with limiter.sending(chat_id): await bot(...)`: waits for a slot, counts the call.

        `bulk`: a newsletter message (see the module docstring).
        """
        send = await self._acquire(chat_id, bulk)
        token = _held_chat.set(chat_id)
        try:
            yield
        finally:
            _held_chat.reset(token)
            self._completed(send)

    @staticmethod
    def holds(chat_id: int) -> bool:
        """True inside `sending(chat_id)` of the current task (the caller paces this send itself)."""
        return _held_chat.get() == chat_id

    def pause(self, seconds: float) -> None:
        """Stop every send for `seconds` (a 429 with retry_after)."""
        self._paused_until = max(self._paused_until, self._monotonic() + seconds)
        if self.budget is not None:
            self._in_background(self.budget.pause(seconds), "pause")

    @property
    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self._monotonic())

    async def close(self) -> None:
        """Lets the last shared-budget updates finish, then closes the budget's connection."""
        if self._background:
            await asyncio.wait(self._background, timeout=2)
        if self.budget is not None:
            await self.budget.close()

    # --- waiting for a slot -------------------------------------------------------------

    async def _acquire(self, chat_id: int, bulk: bool) -> _Send:
        while True:
            # The chat's own interval is waited out before queueing for the global window,
            # so a busy chat never holds up sends to the others.
            while (wait := self._chat_wait(chat_id, self._monotonic())) > 0:
                await self._sleep(wait)
            if bulk:
                await self._no_others_waiting.wait()
                if self._in_flight is not None:
                    await self._in_flight.acquire()
            else:
                self._others_waiting += 1
                self._no_others_waiting.clear()
            send: _Send | None = None
            try:
                send = await self._take_slot(chat_id, bulk)
            finally:
                if not bulk:
                    self._others_waiting -= 1
                    if not self._others_waiting:
                        self._no_others_waiting.set()
                if bulk and send is None and self._in_flight is not None:
                    self._in_flight.release()
            if send is not None:
                return send

    async def _take_slot(self, chat_id: int, bulk: bool) -> _Send | None:
        """The global slot, in arrival order; None when another send to the chat got in first,
        or, for a bulk send, when another kind of send is waiting (it goes first)."""
        async with self._lock:
            while True:
                if bulk and self._others_waiting:
                    return None
                now = self._monotonic()
                if self._chat_wait(chat_id, now) > 0:
                    return None
                wait = max(self._paused_until - now, self._last_start + self.spacing - now, self._window_wait(now))
                ticket: Hashable | None = None
                if wait <= 0:
                    reservation = await self._reserve_shared()
                    wait, ticket = reservation.wait, reservation.ticket
                if wait <= 0:
                    send = _Send(chat_id, self._monotonic(), bulk, ticket=ticket)
                    self._last_start = send.started
                    self._sends.append(send)
                    self._remember_chat(send)
                    return send
                await self._sleep(wait)

    async def _reserve_shared(self) -> Reservation:
        if self.budget is None or self._monotonic() < self._budget_down_until:
            return Reservation(0.0)
        try:
            return await self.budget.reserve(self.capacity, self.window)
        except BudgetUnavailable as exc:
            # Stalling every send on an outage of Redis would be worse than a pace this process keeps alone.
            log.warning("shared send budget unavailable (%s): pacing locally for %.0f s", exc, BUDGET_RETRY_SECONDS)
            self._budget_down_until = self._monotonic() + BUDGET_RETRY_SECONDS
            return Reservation(0.0)

    # --- the windows --------------------------------------------------------------------

    def _stamp(self, send: _Send, now: float) -> float:
        end = now if send.ended is None else send.ended
        return max(send.started, end - self._usual)

    def _window_wait(self, now: float) -> float:
        horizon = now - self.window
        kept = [s for s in self._sends if s.ended is None or self._stamp(s, now) > horizon]
        if len(kept) != len(self._sends):
            self._sends = deque(kept)
        stamps = sorted(stamp for s in kept if (stamp := self._stamp(s, now)) > horizon)
        if len(stamps) < self.capacity:
            return 0.0
        # The send that must leave the window before one more may join it.
        return stamps[len(stamps) - self.capacity] + self.window - now

    def _chat_wait(self, chat_id: int, now: float) -> float:
        last = self._chat_last.get(chat_id)
        if last is None or self.per_chat_interval <= 0:
            return 0.0
        return self._stamp(last, now) + self.per_chat_interval + self.margin - now

    def _remember_chat(self, send: _Send) -> None:
        self._chat_last[send.chat_id] = send
        if len(self._chat_last) > CHATS_KEPT:
            now = send.started
            self._chat_last = {
                chat: last
                for chat, last in self._chat_last.items()
                if last.ended is None or self._stamp(last, now) + self.per_chat_interval > now
            }

    # --- after the call -----------------------------------------------------------------

    def _completed(self, send: _Send) -> None:
        now = self._monotonic()
        send.ended = now
        round_trip = now - send.started
        self._round_trips.append(round_trip)
        ordered = sorted(self._round_trips)
        self._usual = ordered[int(len(ordered) * USUAL_PERCENTILE)]
        self.margin = max(MIN_MARGIN, self._usual - ordered[0])
        if send.bulk and self._in_flight is not None:
            self._in_flight.release()
        slower = round_trip - self._usual
        if self.budget is not None and send.ticket is not None and slower >= SHARED_DELAY_MIN:
            self._in_background(self.budget.delay(send.ticket, slower), "delay")

    def _in_background(self, update: Coroutine[object, object, None], what: str) -> None:
        async def run() -> None:
            try:
                await update
            except BudgetUnavailable as exc:
                log.warning("shared send budget: %s not recorded: %s", what, exc)

        task = asyncio.get_running_loop().create_task(run())
        self._background.add(task)
        task.add_done_callback(self._background.discard)
