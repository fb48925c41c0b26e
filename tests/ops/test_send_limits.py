"""The rate limiter in virtual time: calls overlap, yet the server never sees more than the rate."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass

from core.ratelimit import RateLimiter
from tests.support.virtual_time import VirtualTime, most_in_any_second


@dataclass
class Call:
    chat_id: int
    started: float
    inbound: float  # the request's way to the server
    ended: float = 0.0

    @property
    def arrived(self) -> float:
        return self.started + self.inbound


class Server:
    """Calls through the limiter that take a round trip of virtual time; counts those in flight."""

    def __init__(self, limiter: RateLimiter, clock: VirtualTime) -> None:
        self.limiter = limiter
        self.clock = clock
        self.calls: list[Call] = []
        self.in_flight = 0
        self.most_in_flight = 0

    async def call(self, chat_id: int, *, inbound: float = 0.05, outbound: float = 0.05, bulk: bool = False) -> Call:
        async with self.limiter.sending(chat_id, bulk=bulk):
            call = Call(chat_id, self.clock(), inbound)
            self.calls.append(call)
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            await self.clock.sleep(inbound + outbound)
            self.in_flight -= 1
            call.ended = self.clock()
        return call

    def achieved_rate(self) -> float:
        starts = sorted(call.started for call in self.calls)
        return (len(starts) - 1) / (starts[-1] - starts[0])


def limited(rate: float, clock: VirtualTime, **options: object) -> RateLimiter:
    return RateLimiter(rate, monotonic=clock, sleep=clock.sleep, **options)  # type: ignore[arg-type]


async def test_calls_overlap_up_to_the_in_flight_cap() -> None:
    clock = VirtualTime()
    server = Server(limited(30, clock, max_in_flight=4), clock)
    await asyncio.gather(*(server.call(chat, inbound=0.25, outbound=0.25, bulk=True) for chat in range(40)))
    assert server.most_in_flight == 4
    assert len({call.chat_id for call in server.calls}) == 40


async def test_the_rate_is_reached_and_never_exceeded_whatever_the_round_trip() -> None:
    for round_trip in (0.0, 0.1, 0.3):
        clock = VirtualTime()
        server = Server(limited(10, clock, max_in_flight=20), clock)
        await asyncio.gather(
            *(server.call(chat, inbound=round_trip / 2, outbound=round_trip / 2) for chat in range(100))
        )
        assert most_in_any_second([call.arrived for call in server.calls]) <= 10, round_trip
        assert server.achieved_rate() >= 0.95 * 10, round_trip


async def test_a_call_slow_on_its_way_in_counts_from_when_it_may_have_arrived() -> None:
    # Counted from its start, the slow call would share the server's second with the next five.
    clock = VirtualTime()
    server = Server(limited(5, clock, max_in_flight=10), clock)
    await asyncio.gather(*(server.call(chat, inbound=0.6 if chat == 3 else 0.05) for chat in range(30)))
    assert most_in_any_second([call.arrived for call in server.calls]) <= 5


async def test_a_429_pauses_every_send() -> None:
    clock = VirtualTime()
    limiter = limited(10, clock, max_in_flight=10)
    server = Server(limiter, clock)
    paused_at: list[float] = []

    async def call(chat: int) -> None:
        await server.call(chat)
        if chat == 4:  # this one came back with retry_after=3
            paused_at.append(clock())
            limiter.pause(3)

    await asyncio.gather(*(call(chat) for chat in range(30)))
    (moment,) = paused_at
    later = [c.started for c in server.calls if c.started > moment]
    assert later and min(later) >= moment + 3
    assert limiter.paused_for == 0


async def test_one_message_a_second_per_chat_without_holding_up_the_others() -> None:
    clock = VirtualTime()
    server = Server(limited(30, clock, max_in_flight=10), clock)

    async def three_to_one_chat() -> None:
        for _ in range(3):
            await server.call(1)

    await asyncio.gather(three_to_one_chat(), *(server.call(chat) for chat in (2, 3, 4)))
    to_one = [c.arrived for c in server.calls if c.chat_id == 1]
    assert all(later - earlier >= 1.0 for earlier, later in itertools.pairwise(to_one))
    others = [c.started for c in server.calls if c.chat_id != 1]
    assert max(others) < to_one[1]  # not queued behind chat 1's second message


async def test_a_reply_goes_before_the_newsletter_messages_queued_ahead_of_it() -> None:
    clock = VirtualTime()
    server = Server(limited(10, clock, max_in_flight=5), clock)
    asked_at: list[float] = []

    async def reply() -> None:
        await clock.sleep(1.5)  # thirty newsletter messages are waiting by now
        asked_at.append(clock())
        await server.call(999)

    await asyncio.gather(reply(), *(server.call(chat, bulk=True) for chat in range(30)))
    (asked,) = asked_at
    replied = next(c.started for c in server.calls if c.chat_id == 999)
    # At most the one already holding the next slot went first; the rest waited for the reply.
    assert len([c for c in server.calls if asked < c.started < replied]) <= 1
    assert server.most_in_flight <= 5 + 1  # the cap is on bulk sends; the reply is not held by it
