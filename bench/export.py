"""How long /export takes and how much memory it peaks at, for a large period (SQLite file).

    .venv/bin/python bench/export.py [consultations] [events_per_consultation] [--mem]

Prints figures; asserts nothing. With --mem the peak stays flat as the period
grows (rows are streamed); tracemalloc makes that run many times slower.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.views.exports import WORDING
from knowledge.loader import default_knowledge
from services.access import Actor
from services.exports import DateRange, build_export
from storage.db import create_engine, create_session_pool
from storage.migrate import upgrade_database
from storage.models import Consultation, ConsultationEvent, ConsultationStatus, EventKind, Role, User


async def add_consultations(session: AsyncSession, *, official_id: int, consultations: int, events_per: int) -> None:
    """Closed consultations of 2026 by one official, a minute apart, each with `events_per` messages (bulk inserts)."""
    start = datetime(2026, 1, 1, 8, tzinfo=UTC)
    await session.execute(
        insert(Consultation),
        [
            {
                "official_id": official_id,
                "topic_code": "land",
                "status": ConsultationStatus.CLOSED,
                "question": "Питання " * 40,
                "created_at": start + timedelta(minutes=i),
                "due_at": start + timedelta(days=3),
                "rating": 5,
            }
            for i in range(consultations)
        ],
    )
    await session.execute(
        insert(ConsultationEvent),
        [
            {
                "consultation_id": c + 1,
                "kind": EventKind.MESSAGE_IN,
                "actor_id": official_id,
                "created_at": start + timedelta(minutes=c, seconds=e),
                "text": "Текст повідомлення " * 20,
                "payload": {},
            }
            for c in range(consultations)
            for e in range(events_per)
        ],
    )


async def main(consultations: int, per: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}")
        await upgrade_database(engine)
        pool = create_session_pool(engine)
        async with pool() as session:
            session.add(User(telegram_id=1, full_name="Петренко Олена Іванівна", position="Секретар", community="Рада"))
            await session.flush()
            await add_consultations(session, official_id=1, consultations=consultations, events_per=per)
            await session.commit()

        if "--mem" in sys.argv:
            tracemalloc.start()
        began = time.perf_counter()
        async with pool() as session:
            files = await build_export(
                session,
                Actor(0, Role.ADMIN),
                DateRange(date(2026, 1, 1), date(2026, 12, 31)),
                tz=ZoneInfo("Europe/Kyiv"),
                knowledge=default_knowledge(),
                wording=WORDING,
                now=datetime.now(UTC),
            )
        elapsed = time.perf_counter() - began
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        await engine.dispose()
    print(
        f"export: {files.consultations} consultations, {files.events} events in {elapsed:.1f} s; "
        f"xlsx {len(files.xlsx) / 1e6:.1f} MB, csv zip {len(files.csv_zip) / 1e6:.1f} MB; "
        + (f"peak Python memory {peak / 1e6:.0f} MB" if "--mem" in sys.argv else "(--mem: peak memory, much slower)")
    )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3] if a.isdigit()]
    asyncio.run(main(*(args + [5000, 10][len(args) :])))
