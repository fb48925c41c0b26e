"""How long the priority-3 indicator queries take on a large database, and the plans they use.

    .venv/bin/python bench/trainings_indicators.py [trainings] [signups] [database_url]

Default: 5 000 trainings and 100 000 sign-ups in a temporary SQLite file; pass a
PostgreSQL URL (`postgresql+asyncpg://...`, an empty database) to run there.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncSession

from services.trainings import indicators
from services.trainings.catalogue import council_key
from storage.db import create_engine, create_session_pool
from storage.migrate import upgrade_database
from storage.models import (
    RegistrationStatus,
    Training,
    TrainingAudience,
    TrainingEvent,
    TrainingEventKind,
    TrainingFormat,
    TrainingKind,
    TrainingRegistration,
    TrainingStatus,
    User,
)

USERS = 20_000
REGIONS = ["kyo", "lvi", "khe", "ode", "dnp", "vin"]
CHUNK = 5_000


async def _insert(session: AsyncSession, model: Any, rows: list[dict[str, Any]]) -> None:
    for i in range(0, len(rows), CHUNK):
        await session.execute(insert(model), rows[i : i + CHUNK])


async def fill(session: AsyncSession, trainings: int, signups: int) -> None:
    rnd = random.Random(4)
    start = datetime(2024, 1, 1, 7, tzinfo=UTC)
    await _insert(
        session,
        User,
        [
            {"telegram_id": 10_000 + i, "full_name": f"Особа {i}", "region_code": rnd.choice(REGIONS)}
            for i in range(USERS)
        ],
    )
    training_rows = []
    for i in range(trainings):
        deputies = i % 4 == 0
        community = f"Рада {rnd.randrange(800)}" if deputies else None
        region = rnd.choice(REGIONS)
        training_rows.append(
            {
                "title": f"Навчання {i}",
                "kind": TrainingKind.DEPUTY_PRACTICUM if deputies else TrainingKind.SEMINAR,
                "audience": TrainingAudience.DEPUTIES if deputies else TrainingAudience.OFFICIALS,
                "starts_at": start + timedelta(hours=7 * i),
                "duration_minutes": 90,
                "format": TrainingFormat.ONLINE,
                "attendance_code": "ABC234",
                "status": TrainingStatus.CANCELLED if i % 50 == 0 else TrainingStatus.SCHEDULED,
                "council_community": community,
                "council_region_code": region if deputies else None,
                "council_key": council_key(community, region),
            }
        )
    await _insert(session, Training, training_rows)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < signups:
        pairs.add((rnd.randrange(1, trainings + 1), rnd.randrange(1, USERS + 1)))
    registrations, events = [], []
    for training_id, user_id in pairs:
        status = rnd.choices(list(RegistrationStatus), weights=[80, 10, 10])[0]
        when = start + timedelta(hours=7 * (training_id - 1)) - timedelta(days=rnd.randrange(1, 20))
        registrations.append(
            {
                "training_id": training_id,
                "user_id": user_id,
                "status": status,
                "attended": status == RegistrationStatus.REGISTERED and training_id % 3 == 0 and rnd.random() < 0.8,
                "created_at": when,
                "queued_at": when,
                "updated_at": when,
            }
        )
        events.append(
            {
                "training_id": training_id,
                "kind": TrainingEventKind.SIGNED_UP,
                "user_id": user_id,
                "actor_id": user_id,
                "created_at": when,
                "payload": {},
            }
        )
    await _insert(session, TrainingRegistration, registrations)
    await _insert(session, TrainingEvent, events)


async def timed(label: str, call: Callable[[], Awaitable[int]]) -> None:
    began = time.perf_counter()
    value = await call()
    print(f"{label:<55} {value:>8}  {1000 * (time.perf_counter() - began):8.1f} ms")


async def run_queries(pool: Any, label: str) -> None:
    print(f"-- {label}")
    year = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))
    async with pool() as session:
        await timed("count_trained_officials (a year)", lambda: indicators.count_trained_officials(session, *year))
        await timed(
            "count_trained_officials (a year, one region)",
            lambda: indicators.count_trained_officials(session, *year, region_code="kyo"),
        )
        await timed(
            "count_councils_with_deputy_training (a year)",
            lambda: indicators.count_councils_with_deputy_training(session, *year),
        )
        await timed("count_signups (a year)", lambda: indicators.count_signups(session, *year))
        began = time.perf_counter()
        await indicators.monthly_series(session, 2025)
        print(f"{'monthly_series (24 queries)':<55} {'':>8}  {1000 * (time.perf_counter() - began):8.1f} ms")


async def main(trainings: int, signups: int, url: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = url or f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"
        engine = create_engine(url)
        await upgrade_database(engine)
        pool = create_session_pool(engine)
        began = time.perf_counter()
        async with pool() as session:
            await fill(session, trainings, signups)
            await session.commit()
        print(
            f"{engine.dialect.name}: {trainings} trainings, {signups} sign-ups, filled in {time.perf_counter() - began:.1f} s"
        )
        await run_queries(pool, "right after the bulk load (no planner statistics)")
        async with engine.connect() as conn:
            await conn.execute(text("ANALYZE"))
            await conn.commit()
        await run_queries(pool, "after ANALYZE")
        await engine.dispose()


if __name__ == "__main__":
    args = sys.argv[1:]
    asyncio.run(
        main(
            int(args[0]) if args else 5_000,
            int(args[1]) if len(args) > 1 else 100_000,
            args[2] if len(args) > 2 else None,
        )
    )
