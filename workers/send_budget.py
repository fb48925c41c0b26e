"""The global send rate across bot instances: a sliding window kept in Redis, or else in PostgreSQL.

Telegram counts the rate per bot, whichever instance sends. Every instance asks the
shared window before each send (one round trip); the window lives on one server and
is read on that server's clock, so the hosts' clocks never need to agree.

- `REDIS_URL` set: a sorted set of the last second's sends, checked and added to by
  one Lua script (atomic on the server);
- PostgreSQL without Redis: `send_slots`, a ring of `capacity` rows of send times;
  one statement takes the oldest slot if it is more than a window old
  (`FOR UPDATE SKIP LOCKED`: two instances never take one slot);
- SQLite: one instance by design, no shared budget (the limiter's own window).

Splitting the rate among live instances (by heartbeats) was the alternative: no round
trip, but the shares follow heartbeats seconds late (a starting instance overshoots the
sum, a dead one holds its share) and an idle instance's share is lost to a busy one.
A shared window is exact whatever the number of instances and costs well under a
millisecond per send, next to the two row updates each send already makes.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Row, TextClause, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from core.ratelimit import BudgetUnavailable, Reservation, SharedBudget
from core.settings import Settings

if TYPE_CHECKING:
    from redis.asyncio import Redis

# Asked again this soon when a free slot was locked by another instance's reservation in progress.
CONTENDED_RETRY = 0.005
# Redis keys outlive their last use by this long (ms), so a stopped bot leaves nothing behind.
REDIS_KEY_SLACK_MS = 60_000
REDIS_TIMEOUT = 1.0

# ARGV[1] is "now" in seconds; empty: the Redis server's clock, the one every instance reads.
NOW_LUA = """
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
"""

# KEYS: the window (sorted set of members scored by send time), the pause (a time).
# ARGV: now, window, capacity, member, key slack (ms). Returns {taken, wait}.
RESERVE_LUA = (
    NOW_LUA
    + """
local window = tonumber(ARGV[2])
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > now then
  return {0, string.format('%.6f', paused - now)}
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.6f', now - window))
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], string.format('%.6f', now), ARGV[4])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000) + tonumber(ARGV[5]))
  return {1, '0'}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, string.format('%.6f', tonumber(oldest[2]) + window - now)}
"""
)

# KEYS: the pause. ARGV: now, seconds, key slack (ms). Only ever extends it.
PAUSE_LUA = (
    NOW_LUA
    + """
local seconds = tonumber(ARGV[2])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if now + seconds > current then
  redis.call('SET', KEYS[1], string.format('%.6f', now + seconds), 'PX', math.ceil(seconds * 1000) + tonumber(ARGV[3]))
end
return 0
"""
)


class RedisBudget:
    def __init__(self, redis: Redis, *, prefix: str, clock: Callable[[], float] | None = None) -> None:
        """`clock`: tests give a fake one; by default the Redis server's clock is the one every instance reads."""
        self._redis = redis
        self._window_key = f"{prefix}:window"
        self._pause_key = f"{prefix}:paused"
        self._clock = clock
        self._members = (f"{uuid.uuid4().hex[:12]}:{n}" for n in itertools.count())
        self._reserve = redis.register_script(RESERVE_LUA)
        self._pause = redis.register_script(PAUSE_LUA)

    def _now(self) -> str:
        return "" if self._clock is None else repr(self._clock())

    async def reserve(self, capacity: int, window: float) -> Reservation:
        member = next(self._members)
        args: list[Any] = [self._now(), repr(window), capacity, member, REDIS_KEY_SLACK_MS]
        taken, wait = await self._call(self._reserve(keys=[self._window_key, self._pause_key], args=args))
        if int(taken):
            return Reservation(0.0, member)
        return Reservation(max(float(wait), CONTENDED_RETRY))

    async def delay(self, ticket: Hashable, seconds: float) -> None:
        # XX: a reservation that has already left the window stays gone.
        await self._call(self._redis.zadd(self._window_key, {str(ticket): seconds}, xx=True, incr=True))

    async def pause(self, seconds: float) -> None:
        args: list[Any] = [self._now(), repr(seconds), REDIS_KEY_SLACK_MS]
        await self._call(self._pause(keys=[self._pause_key], args=args))

    async def close(self) -> None:
        await self._redis.aclose()

    @staticmethod
    async def _call(command: Any) -> Any:
        from redis.exceptions import RedisError

        try:
            return await command
        except (TimeoutError, RedisError, OSError) as exc:
            raise BudgetUnavailable(f"Redis: {exc}") from exc


class PostgresBudget:
    def __init__(self, engine: AsyncEngine, *, clock: Callable[[], float] | None = None) -> None:
        """`engine`: autocommit, so a reservation is one statement and one round trip; owned (closed) here."""
        self._engine = engine
        self._clock = clock
        # The database's clock, read once per statement, unless a test brings its own.
        now = (
            "CAST(:now AS double precision)"
            if clock is not None
            else "CAST(extract(epoch FROM statement_timestamp()) AS double precision)"
        )
        self._reserve_sql = text(f"""
            WITH paused AS (
                SELECT stamp FROM send_slots WHERE slot = -1
            ), free AS (
                SELECT slot FROM send_slots
                WHERE slot >= 0 AND slot < :capacity AND stamp <= {now} - :window
                  AND NOT EXISTS (SELECT 1 FROM paused WHERE paused.stamp > {now})
                ORDER BY stamp
                LIMIT 1
                FOR UPDATE OF send_slots SKIP LOCKED
            ), taken AS (
                UPDATE send_slots SET stamp = {now} FROM free
                WHERE send_slots.slot = free.slot
                RETURNING send_slots.slot, send_slots.stamp
            )
            SELECT (SELECT slot FROM taken) AS slot,
                   (SELECT stamp FROM taken) AS stamp,
                   {now} AS now,
                   (SELECT stamp FROM paused) AS paused_until,
                   (SELECT min(stamp) FROM send_slots WHERE slot >= 0 AND slot < :capacity) AS oldest,
                   (SELECT count(*) FROM send_slots WHERE slot >= -1 AND slot < :capacity) AS slots
        """)
        self._add_slots_sql = text(
            "INSERT INTO send_slots (slot, stamp) SELECT g, 0 FROM generate_series(-1, :capacity - 1) AS g "
            "ON CONFLICT (slot) DO NOTHING"
        )
        self._delay_sql = text("UPDATE send_slots SET stamp = stamp + :seconds WHERE slot = :slot AND stamp = :stamp")
        self._pause_sql = text(
            f"INSERT INTO send_slots (slot, stamp) VALUES (-1, {now} + :seconds) "
            "ON CONFLICT (slot) DO UPDATE SET stamp = greatest(send_slots.stamp, excluded.stamp)"
        )

    def _params(self, **values: Any) -> dict[str, Any]:
        if self._clock is not None:
            values["now"] = self._clock()
        return values

    async def reserve(self, capacity: int, window: float) -> Reservation:
        for _ in range(2):
            (row,) = await self._execute(self._reserve_sql, capacity=capacity, window=window)
            if row.slot is not None:
                return Reservation(0.0, (row.slot, row.stamp))
            if row.slots < capacity + 1:  # a new database, or a higher rate than before: add the slots
                await self._execute(self._add_slots_sql, capacity=capacity)
                continue
            if row.paused_until is not None and row.paused_until > row.now:
                return Reservation(row.paused_until - row.now)
            return Reservation(max(row.oldest + window - row.now, CONTENDED_RETRY))
        return Reservation(CONTENDED_RETRY)

    async def delay(self, ticket: Hashable, seconds: float) -> None:
        slot, stamp = cast(tuple[int, float], ticket)
        await self._execute(self._delay_sql, slot=slot, stamp=stamp, seconds=seconds)

    async def pause(self, seconds: float) -> None:
        await self._execute(self._pause_sql, seconds=seconds)

    async def close(self) -> None:
        await self._engine.dispose()

    async def _execute(self, statement: TextClause, **values: Any) -> Sequence[Row[Any]]:
        try:
            async with self._engine.connect() as conn:
                result = await conn.execute(statement, self._params(**values))
                return result.all() if result.returns_rows else []
        except (SQLAlchemyError, OSError) as exc:
            raise BudgetUnavailable(f"database: {exc}") from exc


def postgres_engine(url: str) -> AsyncEngine:
    # Its own small pool in autocommit: a reservation never waits behind the workers' sessions.
    return create_async_engine(url, pool_size=2, max_overflow=4, isolation_level="AUTOCOMMIT")


def shared_budget(settings: Settings) -> SharedBudget | None:
    """The budget every instance of this bot shares, or None where one instance is all there is (SQLite)."""
    if settings.redis_url:
        from redis.asyncio import Redis

        client = Redis.from_url(settings.redis_url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT)
        # Telegram's limits are per bot: bots sharing one Redis keep separate windows.
        bot_id = settings.bot_token.get_secret_value().split(":", 1)[0]
        return RedisBudget(client, prefix=f"amu_send:{bot_id}")
    if settings.database_url.startswith("postgresql"):
        return PostgresBudget(postgres_engine(settings.database_url))
    return None
