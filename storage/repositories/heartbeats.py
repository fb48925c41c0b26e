"""Worker heartbeats: one row per (worker, instance), so /status shows every instance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import WorkerHeartbeat

# Rows of instances gone this long are dropped, so a redeploy does not pile them up.
FORGET_AFTER = timedelta(days=1)


async def beat(session: AsyncSession, *, worker: str, instance: str, now: datetime, started_at: datetime) -> None:
    # Only this instance writes its own row, so update-then-insert cannot race.
    result = await session.execute(
        update(WorkerHeartbeat)
        .where(WorkerHeartbeat.worker == worker, WorkerHeartbeat.instance == instance)
        .values(beat_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        session.add(WorkerHeartbeat(worker=worker, instance=instance, started_at=started_at, beat_at=now))
        await session.execute(delete(WorkerHeartbeat).where(WorkerHeartbeat.beat_at < now - FORGET_AFTER))


async def latest(session: AsyncSession) -> Sequence[WorkerHeartbeat]:
    result = await session.scalars(
        select(WorkerHeartbeat).order_by(WorkerHeartbeat.worker, WorkerHeartbeat.beat_at.desc())
    )
    return result.all()
