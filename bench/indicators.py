"""Times the data part of `/indicators` (the service call, not the rendering) on SQLite.

Builds databases with 10,000 / 100,000 / 1,000,000 consultations spread over ten
years (plus proportionate users, trainings, sign-ups and attendance), schema from
the real migrations, rows bulk-inserted with sqlite3. Then times
`services.indicators.figures.year_figures` for the current year: the first call
(it rolls closed months up once) and the steady state (median of later calls).

    .venv/bin/python bench/indicators.py [--sizes 10000,100000,1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from knowledge import load_knowledge
from services.indicators.figures import year_figures
from storage.db import create_engine, create_session_pool, refresh_statistics
from storage.migrate import upgrade_database
from storage.models import Role

NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
YEARS = 10
TZ = ZoneInfo("Europe/Kyiv")
WARM_RUNS = 7
# Proportions to the number of consultations.
OFFICIALS_PER_CONSULTATION = 1 / 20
TRAININGS_PER_CONSULTATION = 1 / 500
SEATS_PER_TRAINING = 25


def ts(value: datetime) -> str:
    """The text SQLAlchemy's SQLite DateTime stores (naive UTC, microseconds)."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


async def migrate(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade_database(engine)
    finally:
        await engine.dispose()


def fill(path: Path, consultations: int, regions: list[str], seed: int = 5) -> None:
    rnd = random.Random(seed)
    start = NOW - timedelta(days=365 * YEARS)
    span = (NOW - start).total_seconds()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    n_users = max(10, int(consultations * OFFICIALS_PER_CONSULTATION))
    created = ts(start)
    db.executemany(
        "INSERT INTO users (id, telegram_id, full_name, position, community, region_code, role, is_editor, "
        "registered_at, created_at) VALUES (?, ?, ?, 'Секретар', ?, ?, 'official', 0, ?, ?)",
        (
            (i, 10_000_000 + i, f"Посадовець {i}", f"Громада {i % 5000}", regions[i % len(regions)], created, created)
            for i in range(1, n_users + 1)
        ),
    )

    rated: list[tuple[int, str, str]] = []

    def consultation_rows():  # type: ignore[no-untyped-def]
        for i in range(1, consultations + 1):
            asked = start + timedelta(seconds=span * i / consultations)
            official = rnd.randint(1, n_users)
            due = asked + timedelta(days=4)
            if asked > NOW - timedelta(days=5) and rnd.random() < 0.3:
                status, first, closed, rating = "open", None, None, None
            else:
                first = asked + timedelta(hours=rnd.uniform(0.2, 96))
                status = "closed" if first < NOW - timedelta(days=8) else "answered"
                closed = first + timedelta(days=7) if status == "closed" else None
                rating = rnd.choice((None, None, 3, 4, 5, 5))
            if rating is not None:
                rated.append((i, ts(first + timedelta(hours=rnd.uniform(1, 200))), f'{{"rating": {rating}}}'))
            yield (
                i,
                official,
                "budget",
                regions[official % len(regions)],
                status,
                ts(asked),
                ts(due),
                ts(first) if first else None,
                ts(first) if first else None,
                ts(closed) if closed else None,
                rating,
            )

    db.executemany(
        "INSERT INTO consultations (id, official_id, topic_code, region_code, status, question, created_at, due_at, "
        "first_answered_at, last_answered_at, closed_at, rating, answer_undelivered, version) "
        "VALUES (?, ?, ?, ?, ?, 'Питання', ?, ?, ?, ?, ?, ?, 0, 0)",
        consultation_rows(),
    )
    # Only the `rated` events: the figures read no other kind (the index is on kind first).
    db.executemany(
        "INSERT INTO consultation_events (consultation_id, kind, created_at, payload) VALUES (?, 'rated', ?, ?)",
        rated,
    )

    n_trainings = max(2, int(consultations * TRAININGS_PER_CONSULTATION))
    trainings, registrations, events = [], [], []
    reg_id = 0
    for t_id in range(1, n_trainings + 1):
        starts = start + timedelta(seconds=span * t_id / n_trainings)
        deputies = t_id % 3 == 0
        cancelled = t_id % 17 == 0
        region = regions[t_id % len(regions)]
        trainings.append(
            (
                t_id,
                f"Семінар {t_id}",
                "seminar",
                "deputies" if deputies else "officials",
                ts(starts),
                "online",
                SEATS_PER_TRAINING,
                SEATS_PER_TRAINING,
                f"Громада {t_id % 700}" if deputies else None,
                region if deputies else None,
                f"громада {t_id % 700}|{region}" if deputies else None,
                f"C{t_id:06d}",
                "cancelled" if cancelled else "scheduled",
                ts(starts - timedelta(days=20)),
                ts(starts - timedelta(days=20)),
            )
        )
        for seat, user in enumerate(rnd.sample(range(1, n_users + 1), min(SEATS_PER_TRAINING, n_users))):
            reg_id += 1
            signed = starts - timedelta(days=rnd.uniform(1, 14))
            registrations.append((reg_id, t_id, user, "registered", ts(signed), ts(signed), ts(signed), seat % 4 != 0))
            events.append((reg_id, t_id, "signed_up", user, user, ts(signed)))
    db.executemany(
        "INSERT INTO trainings (id, title, kind, audience, starts_at, format, capacity, seats_taken, "
        "council_community, council_region_code, council_key, attendance_code, status, created_at, updated_at, "
        "duration_minutes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 90)",
        trainings,
    )
    db.executemany(
        "INSERT INTO training_registrations (id, training_id, user_id, status, created_at, queued_at, updated_at, "
        "attended) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        registrations,
    )
    db.executemany(
        "INSERT INTO training_events (id, training_id, kind, user_id, actor_id, created_at, payload) "
        "VALUES (?, ?, ?, ?, ?, ?, '{}')",
        events,
    )
    db.commit()
    db.close()


async def analyze(url: str) -> None:
    engine = create_engine(url)
    try:
        await refresh_statistics(engine)
    finally:
        await engine.dispose()


async def time_report(url: str) -> tuple[float, float, int]:
    knowledge = load_knowledge()
    engine = create_engine(url)
    pool = create_session_pool(engine)
    times = []
    answered = 0
    try:
        for _ in range(1 + WARM_RUNS):
            async with pool() as session:
                began = time.perf_counter()
                report = await year_figures(
                    session, role=Role.ADMIN, catalogue=knowledge.indicators, year=NOW.year, now=NOW, tz=TZ
                )
                times.append(time.perf_counter() - began)
                await session.commit()  # keeps the roll-ups the first call made
            answered = report.service.answered
    finally:
        await engine.dispose()
    return times[0], statistics.median(times[1:]), answered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--keep", type=Path, help="build the databases in this folder and keep them")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    regions = [r.code for r in load_knowledge().regions]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="amu-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = {}
    print(f"{'consultations':>14} {'build s':>8} {'first ms':>9} {'steady ms':>10} {'answered ' + str(NOW.year):>14}")
    for size in sizes:
        path = folder / f"indicators_{size}.sqlite3"
        path.unlink(missing_ok=True)
        url = f"sqlite+aiosqlite:///{path}"
        began = time.perf_counter()
        asyncio.run(migrate(url))
        fill(path, size, regions)
        asyncio.run(analyze(url))  # what the bot does at start-up
        built = time.perf_counter() - began
        first, steady, answered = asyncio.run(time_report(url))
        results[size] = (first, steady)
        print(f"{size:>14,} {built:>8.1f} {first * 1000:>9.1f} {steady * 1000:>10.1f} {answered:>14,}")
        if not args.keep:
            path.unlink(missing_ok=True)
    for small, big in itertools.pairwise(sizes):
        print(
            f"growth {small:,} -> {big:,}: steady x{results[big][1] / results[small][1]:.2f}, "
            f"first call x{results[big][0] / results[small][0]:.2f}"
        )


if __name__ == "__main__":
    main()
