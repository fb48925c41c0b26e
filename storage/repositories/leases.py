"""Claiming rows with a lease: a compare-and-set UPDATE that works on SQLite and PostgreSQL.

A worker selects candidates, then claims them with an UPDATE whose WHERE clause
repeats "unclaimed or lease expired" (and what made them candidates, such as
"still pending": another instance may have finished a row meanwhile) and that
returns the rows it changed (SQLite 3.35+ and PostgreSQL): of several instances
exactly one gets a row back; a lease held by a dead instance expires and the row
is claimed again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession


async def claim(
    session: AsyncSession,
    model: Any,
    candidates: Sequence[int],
    *conditions: Any,
    owner: str,
    now: datetime,
    lease: timedelta,
) -> list[int]:
    """Claims those of `candidates` that are unclaimed and still meet `conditions` (e.g. still pending)."""
    if not candidates:
        return []
    # One statement for the batch (a round trip per row made a claim of 50 cost more than a send).
    result = await session.execute(
        update(model)
        .where(model.id.in_(candidates), *conditions)
        .where(or_(model.locked_until.is_(None), model.locked_until < now))
        .values(locked_by=owner, locked_until=now + lease)
        .returning(model.id)
        .execution_options(synchronize_session=False)
    )
    won = set(result.scalars().all())
    return [row_id for row_id in candidates if row_id in won]


async def due_ids(
    session: AsyncSession, model: Any, *conditions: Any, now: datetime, due_column: Any, limit: int
) -> list[int]:
    stmt = (
        select(model.id)
        .where(*conditions)
        .where(due_column <= now)
        .where(or_(model.locked_until.is_(None), model.locked_until < now))
        .order_by(due_column, model.id)
        .limit(limit)
    )
    return list((await session.scalars(stmt)).all())


async def renew(
    session: AsyncSession, model: Any, row_id: int, *conditions: Any, owner: str, now: datetime, lease: timedelta
) -> bool:
    """Extends our own lease before acting on a row; False when it has passed to another instance.

    A worker that held a row past its lease (a long 429 pause, a stalled event
    loop) may find it claimed by someone else: it must then leave the row alone.
    """
    result = await session.execute(
        update(model)
        .where(model.id == row_id, model.locked_by == owner, *conditions)
        .values(locked_until=now + lease)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]
