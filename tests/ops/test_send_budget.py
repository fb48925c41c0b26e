"""Several instances share the global rate: through Redis, or through PostgreSQL without it (SQLite: one instance).

Two limiters stand for two instances; each has its own connection to the shared
budget. Time is virtual and shared (the budget reads the test's clock instead of
the server's), so the tests check the arithmetic without waiting.
"""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from redis.asyncio import Redis
from sqlalchemy import text

from core.ratelimit import RateLimiter, SharedBudget
from storage.db import create_engine
from tests.conftest import make_settings
from tests.ops.test_send_limits import Server
from tests.support.virtual_time import StillWhileAsking, VirtualTime, most_in_any_second
from workers.send_budget import PostgresBudget, RedisBudget, postgres_engine, shared_budget

RATE = 10
Budgets = Callable[[VirtualTime], SharedBudget]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Redis always; PostgreSQL's send_slots when the run includes PostgreSQL (`--db`).
    if "store" in metafunc.fixturenames:
        stores = ["redis"] if metafunc.config.getoption("--db") == "sqlite" else ["redis", "postgres"]
        metafunc.parametrize("store", stores)


@pytest.fixture
async def shared_budgets(store: str, request: pytest.FixtureRequest) -> AsyncIterator[Budgets]:
    """Makes budgets that share one window, each with a connection of its own (one per instance)."""
    made: list[SharedBudget] = []
    if store == "redis":
        redis_url: str = request.getfixturevalue("redis_url")
        prefix = f"amu_send_test:{uuid.uuid4().hex[:8]}"  # Redis outlives the test run

        def make(clock: VirtualTime) -> SharedBudget:
            made.append(RedisBudget(Redis.from_url(redis_url), prefix=prefix, clock=clock))
            return made[-1]

    else:
        url: str = request.getfixturevalue("postgres_url")
        engine = create_engine(url)
        async with engine.begin() as conn:
            await conn.execute(text("TRUNCATE send_slots"))
        await engine.dispose()

        def make(clock: VirtualTime) -> SharedBudget:
            made.append(PostgresBudget(postgres_engine(url), clock=clock))
            return made[-1]

    yield make
    for budget in made:
        await budget.close()
    if store == "redis":
        cleanup = Redis.from_url(redis_url)
        await cleanup.delete(f"{prefix}:window", f"{prefix}:paused")
        await cleanup.aclose()


def instances(budgets: Budgets, clock: VirtualTime, count: int = 2) -> list[RateLimiter]:
    return [
        RateLimiter(
            RATE,
            max_in_flight=20,
            budget=StillWhileAsking(budgets(clock), clock),
            monotonic=clock,
            sleep=clock.sleep,
        )
        for _ in range(count)
    ]


async def test_two_instances_together_never_exceed_the_rate(shared_budgets: Budgets) -> None:
    clock = VirtualTime()
    servers = [Server(limiter, clock) for limiter in instances(shared_budgets, clock)]
    await asyncio.gather(
        *(
            server.call(1000 * n + chat, inbound=0.05, outbound=0.05)
            for n, server in enumerate(servers)
            for chat in range(60)
        )
    )
    arrivals = [call.arrived for server in servers for call in server.calls]
    assert most_in_any_second(arrivals) <= RATE
    # Both sent, and together they reached the rate (the window's margin aside).
    assert all(len(server.calls) == 60 for server in servers)
    starts = sorted(call.started for server in servers for call in server.calls)
    assert (len(starts) - 1) / (starts[-1] - starts[0]) >= 0.9 * RATE


async def test_a_429_in_one_instance_pauses_the_other(shared_budgets: Budgets) -> None:
    clock = VirtualTime()
    first, second = instances(shared_budgets, clock)
    first.pause(3)
    paused_at = clock()
    await asyncio.gather(*first._background)
    server = Server(second, clock)
    await server.call(7)
    assert server.calls[0].started >= paused_at + 3
    assert second.paused_for == 0  # the pause came from the budget, not from this instance's own 429


async def test_a_slow_call_keeps_its_shared_slot_longer(shared_budgets: Budgets) -> None:
    clock = VirtualTime()
    budget = shared_budgets(clock)
    first = await budget.reserve(2, 1.0)
    second = await budget.reserve(2, 1.0)
    assert first.wait == second.wait == 0 and first.ticket is not None
    assert (await budget.reserve(2, 1.0)).wait == pytest.approx(1.0)
    await budget.delay(first.ticket, 0.5)  # its call came back half a second later than usual
    clock.now += 1.0
    assert (await budget.reserve(2, 1.0)).wait == 0  # the second's slot is free
    assert (await budget.reserve(2, 1.0)).wait == pytest.approx(0.5)


async def test_without_the_shared_budget_an_instance_paces_alone() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    clock = VirtualTime()
    down = RedisBudget(Redis(host="127.0.0.1", port=port, socket_connect_timeout=0.5), prefix="down", clock=clock)
    limiter = RateLimiter(
        RATE, max_in_flight=5, budget=StillWhileAsking(down, clock), monotonic=clock, sleep=clock.sleep
    )
    server = Server(limiter, clock)
    await asyncio.gather(*(server.call(chat) for chat in range(30)))
    assert len(server.calls) == 30
    assert most_in_any_second([call.arrived for call in server.calls]) <= RATE
    await limiter.close()


async def test_which_budget_a_deployment_gets(db_url: str, db_backend: str, redis_url: str) -> None:
    async def kind(**overrides: Any) -> str:
        budget = shared_budget(make_settings(db_url, **overrides))
        if budget is not None:
            await budget.close()
        return type(budget).__name__

    assert await kind(redis_url=redis_url) == "RedisBudget"
    # Without Redis: PostgreSQL shares the rate itself; SQLite is a single instance.
    assert await kind() == ("NoneType" if db_backend == "sqlite" else "PostgresBudget")
