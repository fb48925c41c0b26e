"""Sign-up, cancellation and the waitlist.

Seats are taken with a conditional UPDATE of `trainings.seats_taken`
("add one where one is still free"): atomic on SQLite (writers serialise) and
on PostgreSQL (the row lock makes the second UPDATE re-check the condition),
so a training never gets more registered participants than its capacity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from aiogram.utils.text_decorations import html_decoration as hd
from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import trainings as t
from core.errors import Conflict, DomainError, NotFound
from services.notify import send_text
from services.trainings.cards import local, place_suffix
from storage.models import (
    RegistrationStatus,
    Training,
    TrainingEvent,
    TrainingEventKind,
    TrainingRegistration,
    TrainingStatus,
    User,
)

ACTIVE = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)


@dataclass(frozen=True)
class SignUpResult:
    registration: TrainingRegistration
    training: Training
    waitlist_position: int | None  # None: registered


def log_event(
    session: AsyncSession,
    training_id: int,
    kind: TrainingEventKind,
    *,
    now: datetime,
    actor_id: int | None,
    user_id: int | None = None,
    **payload: object,
) -> None:
    session.add(
        TrainingEvent(
            training_id=training_id, kind=kind, actor_id=actor_id, user_id=user_id, created_at=now, payload=payload
        )
    )


async def get_training(session: AsyncSession, training_id: int) -> Training:
    training = await session.get(Training, training_id, populate_existing=True)
    if training is None:
        raise NotFound(t.NOT_FOUND)
    return training


def signup_closes_at(training: Training) -> datetime:
    return training.registration_deadline or training.starts_at


def is_open(training: Training, now: datetime) -> bool:
    return training.status == TrainingStatus.SCHEDULED and now < signup_closes_at(training)


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


async def _take_seat(session: AsyncSession, training_id: int) -> bool:
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
    return result.rowcount == 1  # type: ignore[attr-defined]


async def _release_seat(session: AsyncSession, training_id: int) -> None:
    await session.execute(
        update(Training)
        .where(Training.id == training_id, Training.seats_taken > 0)
        .values(seats_taken=Training.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )


async def _move(
    session: AsyncSession, registration_id: int, old: RegistrationStatus, new: RegistrationStatus, now: datetime
) -> bool:
    """Compare-and-set of a registration's status: False when someone else changed it first."""
    result = await session.execute(
        update(TrainingRegistration)
        .where(TrainingRegistration.id == registration_id, TrainingRegistration.status == old)
        .values(status=new, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


async def sign_up(session: AsyncSession, *, training_id: int, user: User, now: datetime) -> SignUpResult:
    if not user.is_registered:
        raise DomainError(t.NEED_REGISTRATION)
    training = await get_training(session, training_id)
    if training.status != TrainingStatus.SCHEDULED:
        raise Conflict(t.TRAINING_IS_CANCELLED)
    if not is_open(training, now):
        raise Conflict(t.SIGNUP_CLOSED)
    existing = await registration_of(session, training_id, user.id)
    if existing is not None and existing.status == RegistrationStatus.REGISTERED:
        raise Conflict(t.ALREADY_REGISTERED)
    if existing is not None and existing.status == RegistrationStatus.WAITLISTED:
        raise Conflict(t.ALREADY_WAITLISTED)
    seated = await _take_seat(session, training_id)
    status = RegistrationStatus.REGISTERED if seated else RegistrationStatus.WAITLISTED
    if existing is None:
        registration = TrainingRegistration(
            training_id=training_id, user_id=user.id, status=status, created_at=now, queued_at=now, updated_at=now
        )
        session.add(registration)
    else:
        registration = existing
        registration.status = status
        registration.queued_at = now
        registration.updated_at = now
        registration.attended = False
        registration.attended_at = None
    log_event(
        session, training_id, TrainingEventKind.SIGNED_UP, now=now, actor_id=user.id, user_id=user.id, status=status
    )
    await session.flush()
    await session.refresh(training)
    position = None if seated else await waitlist_position(session, registration)
    return SignUpResult(registration, training, position)


async def cancel_registration(
    session: AsyncSession, *, training_id: int, user: User, now: datetime, tz: tzinfo
) -> Training:
    """The participant cancels their own sign-up; a freed seat goes to the waitlist."""
    training = await get_training(session, training_id)
    registration = await registration_of(session, training_id, user.id)
    if registration is None or registration.status not in ACTIVE:
        raise Conflict(t.NOT_REGISTERED_HERE)
    if now >= training.starts_at:
        raise Conflict(t.ALREADY_STARTED)
    old = registration.status
    if not await _move(session, registration.id, old, RegistrationStatus.CANCELLED, now):
        raise Conflict(t.NOT_REGISTERED_HERE)
    log_event(session, training_id, TrainingEventKind.CANCELLED, now=now, actor_id=user.id, user_id=user.id, was=old)
    if old == RegistrationStatus.REGISTERED:
        await _release_seat(session, training_id)
        await fill_free_seats(session, training, now=now, tz=tz)
    await session.flush()
    await session.refresh(training)
    return training


async def fill_free_seats(session: AsyncSession, training: Training, *, now: datetime, tz: tzinfo) -> list[int]:
    """Promotes the waitlist, first come first served, while seats are free; tells each promoted official."""
    promoted: list[int] = []
    if training.status != TrainingStatus.SCHEDULED or now >= training.starts_at:
        return promoted
    while True:
        first = await session.scalar(
            select(TrainingRegistration)
            .where(
                TrainingRegistration.training_id == training.id,
                TrainingRegistration.status == RegistrationStatus.WAITLISTED,
            )
            .order_by(TrainingRegistration.queued_at, TrainingRegistration.id)
            .limit(1)
            .execution_options(populate_existing=True)
        )
        if first is None or not await _take_seat(session, training.id):
            break
        if not await _move(session, first.id, RegistrationStatus.WAITLISTED, RegistrationStatus.REGISTERED, now):
            await _release_seat(session, training.id)  # they left the waitlist meanwhile
            continue
        log_event(session, training.id, TrainingEventKind.PROMOTED, now=now, actor_id=None, user_id=first.user_id)
        text = t.PROMOTED.format(
            title=hd.quote(training.title), when=local(training.starts_at, tz), link=place_suffix(training)
        )
        await send_text(session, first.user.telegram_id, text, purpose="training_promoted", now=now)
        promoted.append(first.user_id)
    return promoted


async def participants(
    session: AsyncSession,
    training_id: int,
    statuses: tuple[RegistrationStatus, ...] = ACTIVE,
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


async def count_participants(session: AsyncSession, training_id: int, statuses: tuple[RegistrationStatus, ...]) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(TrainingRegistration)
            .where(TrainingRegistration.training_id == training_id, TrainingRegistration.status.in_(statuses))
        )
        or 0
    )


async def count_attended(session: AsyncSession, training_id: int) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(TrainingRegistration)
            .where(TrainingRegistration.training_id == training_id, TrainingRegistration.attended.is_(True))
        )
        or 0
    )


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


async def my_registrations(
    session: AsyncSession, *, user_id: int, since: datetime, limit: int = 30
) -> list[TrainingRegistration]:
    """Active sign-ups of trainings that start after `since` (recent ones stay for attendance codes)."""
    rows = await session.scalars(
        select(TrainingRegistration)
        .join(Training, Training.id == TrainingRegistration.training_id)
        .where(
            TrainingRegistration.user_id == user_id,
            TrainingRegistration.status.in_(ACTIVE),
            Training.starts_at >= since,
        )
        .order_by(Training.starts_at)
        .limit(limit)
        .execution_options(populate_existing=True)
    )
    return list(rows.unique().all())
