"""Queries about trainings, their sign-ups and their log. Functions of a session; they never commit.

Seats are taken with a conditional UPDATE of `trainings.seats_taken` ("add one
where one is still free"): atomic on SQLite (writers serialise) and on
PostgreSQL (the row lock makes the second UPDATE re-check the condition).
Status changes are compare-and-set for the same reason.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    RegistrationStatus,
    Training,
    TrainingEvent,
    TrainingEventKind,
    TrainingRegistration,
    TrainingStatus,
    User,
)


def _changed_one(result: object) -> bool:
    return cast("CursorResult[Any]", result).rowcount == 1


def add_event(
    session: AsyncSession,
    training_id: int,
    kind: TrainingEventKind,
    *,
    now: datetime,
    actor_id: int | None,
    user_id: int | None = None,
    **payload: object,
) -> None:
    """Appends to the training's log; `actor_id` is users.id of who did it (None: the system)."""
    session.add(
        TrainingEvent(
            training_id=training_id, kind=kind, actor_id=actor_id, user_id=user_id, created_at=now, payload=payload
        )
    )


async def get(session: AsyncSession, training_id: int) -> Training | None:
    return await session.get(Training, training_id, populate_existing=True)


async def get_registration(session: AsyncSession, registration_id: int) -> TrainingRegistration | None:
    return await session.get(TrainingRegistration, registration_id, populate_existing=True)


async def registration_of(session: AsyncSession, training_id: int, user_id: int) -> TrainingRegistration | None:
    return await session.scalar(
        select(TrainingRegistration)
        .where(TrainingRegistration.training_id == training_id, TrainingRegistration.user_id == user_id)
        .execution_options(populate_existing=True)
    )


async def waitlist_position(session: AsyncSession, registration: TrainingRegistration) -> int:
    ahead = await session.scalar(
        select(func.count())
        .select_from(TrainingRegistration)
        .where(
            TrainingRegistration.training_id == registration.training_id,
            TrainingRegistration.status == RegistrationStatus.WAITLISTED,
            or_(
                TrainingRegistration.queued_at < registration.queued_at,
                (TrainingRegistration.queued_at == registration.queued_at)
                & (TrainingRegistration.id < registration.id),
            ),
        )
    )
    return int(ahead or 0) + 1


async def first_waiting(session: AsyncSession, training_id: int) -> TrainingRegistration | None:
    return await session.scalar(
        select(TrainingRegistration)
        .where(
            TrainingRegistration.training_id == training_id,
            TrainingRegistration.status == RegistrationStatus.WAITLISTED,
        )
        .order_by(TrainingRegistration.queued_at, TrainingRegistration.id)
        .limit(1)
        .execution_options(populate_existing=True)
    )


async def count_by_status(session: AsyncSession, training_id: int) -> dict[RegistrationStatus, int]:
    rows = await session.execute(
        select(TrainingRegistration.status, func.count())
        .where(TrainingRegistration.training_id == training_id)
        .group_by(TrainingRegistration.status)
    )
    counts = dict.fromkeys(RegistrationStatus, 0)
    for status, count in rows.all():
        counts[RegistrationStatus(status)] = int(count)
    return counts


async def _count_registrations(session: AsyncSession, training_id: int, *where: ColumnElement[bool]) -> int:
    stmt = (
        select(func.count())
        .select_from(TrainingRegistration)
        .where(TrainingRegistration.training_id == training_id, *where)
    )
    return int(await session.scalar(stmt) or 0)


async def count_participants(session: AsyncSession, training_id: int, statuses: tuple[RegistrationStatus, ...]) -> int:
    return await _count_registrations(session, training_id, TrainingRegistration.status.in_(statuses))


async def count_attended(session: AsyncSession, training_id: int) -> int:
    return await _count_registrations(session, training_id, TrainingRegistration.attended.is_(True))


async def participants(
    session: AsyncSession,
    training_id: int,
    statuses: tuple[RegistrationStatus, ...],
    *,
    offset: int = 0,
    limit: int | None = None,
) -> list[TrainingRegistration]:
    stmt = (
        select(TrainingRegistration)
        .join(User, User.id == TrainingRegistration.user_id)
        .where(TrainingRegistration.training_id == training_id, TrainingRegistration.status.in_(statuses))
        .order_by(TrainingRegistration.status, User.full_name, TrainingRegistration.id)
        .offset(offset)
        .execution_options(populate_existing=True)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return list((await session.scalars(stmt)).unique().all())


async def upcoming(session: AsyncSession, *, now: datetime, offset: int, limit: int) -> tuple[list[Training], int]:
    where = (Training.status == TrainingStatus.SCHEDULED, Training.starts_at > now)
    total = int(await session.scalar(select(func.count()).select_from(Training).where(*where)) or 0)
    rows = await session.scalars(
        select(Training).where(*where).order_by(Training.starts_at, Training.id).offset(offset).limit(limit)
    )
    return list(rows.all()), total


async def past(session: AsyncSession, *, now: datetime, offset: int, limit: int) -> tuple[list[Training], int]:
    where = (Training.starts_at <= now,)
    total = int(await session.scalar(select(func.count()).select_from(Training).where(*where)) or 0)
    rows = await session.scalars(
        select(Training)
        .where(*where)
        .order_by(Training.starts_at.desc(), Training.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(rows.all()), total


async def _of_user(
    session: AsyncSession, user_id: int, *where: ColumnElement[bool], limit: int | None = None
) -> list[TrainingRegistration]:
    stmt = (
        select(TrainingRegistration)
        .join(Training, Training.id == TrainingRegistration.training_id)
        .where(TrainingRegistration.user_id == user_id, *where)
        .order_by(Training.starts_at)
        .limit(limit)
        .execution_options(populate_existing=True)
    )
    return list((await session.scalars(stmt)).unique().all())


async def registrations_of_user(
    session: AsyncSession, *, user_id: int, statuses: tuple[RegistrationStatus, ...], since: datetime, limit: int
) -> list[TrainingRegistration]:
    """The user's sign-ups of trainings that start after `since`, soonest first."""
    return await _of_user(
        session, user_id, TrainingRegistration.status.in_(statuses), Training.starts_at >= since, limit=limit
    )


async def registered_between(
    session: AsyncSession, *, user_id: int, starts_from: datetime, starts_until: datetime
) -> list[TrainingRegistration]:
    """The user's seats on scheduled trainings that start in `[starts_from, starts_until]`."""
    return await _of_user(
        session,
        user_id,
        TrainingRegistration.status == RegistrationStatus.REGISTERED,
        Training.status == TrainingStatus.SCHEDULED,
        Training.starts_at >= starts_from,
        Training.starts_at <= starts_until,
    )


async def take_seat(session: AsyncSession, training_id: int) -> bool:
    """One more registered participant, if the training is scheduled and has a free seat."""
    result = await session.execute(
        update(Training)
        .where(
            Training.id == training_id,
            Training.status == TrainingStatus.SCHEDULED,
            or_(Training.capacity.is_(None), Training.seats_taken < Training.capacity),
        )
        .values(seats_taken=Training.seats_taken + 1)
        .execution_options(synchronize_session=False)
    )
    return _changed_one(result)


async def release_seat(session: AsyncSession, training_id: int) -> None:
    await session.execute(
        update(Training)
        .where(Training.id == training_id, Training.seats_taken > 0)
        .values(seats_taken=Training.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )


async def move_registration(
    session: AsyncSession, registration_id: int, old: RegistrationStatus, new: RegistrationStatus, now: datetime
) -> bool:
    """Compare-and-set of a registration's status: False when someone else changed it first."""
    result = await session.execute(
        update(TrainingRegistration)
        .where(TrainingRegistration.id == registration_id, TrainingRegistration.status == old)
        .values(status=new, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return _changed_one(result)


async def set_attended(session: AsyncSession, registration_id: int, attended: bool, *, now: datetime) -> bool:
    """Compare-and-set of the attendance mark: False when it already was `attended`."""
    result = await session.execute(
        update(TrainingRegistration)
        .where(TrainingRegistration.id == registration_id, TrainingRegistration.attended.is_(not attended))
        .values(attended=attended, attended_at=now if attended else None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return _changed_one(result)


async def cancel(session: AsyncSession, training_id: int, *, now: datetime) -> bool:
    """Compare-and-set: False when the training was not scheduled (cancelled already)."""
    result = await session.execute(
        update(Training)
        .where(Training.id == training_id, Training.status == TrainingStatus.SCHEDULED)
        .values(status=TrainingStatus.CANCELLED, cancelled_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return _changed_one(result)
