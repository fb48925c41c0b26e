"""Sign-up, cancellation and the waitlist.

A training never gets more registered participants than its capacity: a seat
is taken with a conditional UPDATE (`storage.repositories.trainings.take_seat`),
and a freed seat goes to the first on the waitlist, who is told.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from services.notify import notify
from services.trainings.errors import (
    AlreadyLeft,
    AlreadyRegistered,
    AlreadyStarted,
    AlreadyWaitlisted,
    NotSignedUp,
    RegistrationRequired,
    SignUpClosed,
    TrainingIsCancelled,
    TrainingNotFound,
)
from services.trainings.notices import TrainingSeatGiven, about
from storage.models import (
    RegistrationStatus,
    Training,
    TrainingEventKind,
    TrainingRegistration,
    TrainingStatus,
    User,
)
from storage.repositories import trainings as repo

ACTIVE = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)


@dataclass(frozen=True)
class SignUpResult:
    registration: TrainingRegistration
    training: Training
    waitlist_position: int | None  # None: registered


async def get_training(session: AsyncSession, training_id: int) -> Training:
    training = await repo.get(session, training_id)
    if training is None:
        raise TrainingNotFound(training_id=training_id)
    return training


def signup_closes_at(training: Training) -> datetime:
    return training.registration_deadline or training.starts_at


def is_open(training: Training, now: datetime) -> bool:
    return training.status == TrainingStatus.SCHEDULED and now < signup_closes_at(training)


async def sign_up(session: AsyncSession, *, training_id: int, user: User | None, now: datetime) -> SignUpResult:
    """A seat if one is free, else a place on the waitlist."""
    if user is None or not user.is_registered:
        raise RegistrationRequired()
    training = await get_training(session, training_id)
    if training.status != TrainingStatus.SCHEDULED:
        raise TrainingIsCancelled(training_id=training_id)
    if not is_open(training, now):
        raise SignUpClosed(training_id=training_id)
    existing = await repo.registration_of(session, training_id, user.id)
    if existing is not None and existing.status == RegistrationStatus.REGISTERED:
        raise AlreadyRegistered(training_id=training_id)
    if existing is not None and existing.status == RegistrationStatus.WAITLISTED:
        raise AlreadyWaitlisted(training_id=training_id)
    seated = await repo.take_seat(session, training_id)
    status = RegistrationStatus.REGISTERED if seated else RegistrationStatus.WAITLISTED
    if existing is None:
        registration = TrainingRegistration(
            training_id=training_id, user_id=user.id, status=status, created_at=now, queued_at=now, updated_at=now
        )
        session.add(registration)
    else:  # a cancelled sign-up made again reuses its row
        registration = existing
        registration.status = status
        registration.queued_at = now
        registration.updated_at = now
        registration.attended = False
        registration.attended_at = None
    repo.add_event(
        session, training_id, TrainingEventKind.SIGNED_UP, now=now, actor_id=user.id, user_id=user.id, status=status
    )
    await session.flush()
    await session.refresh(training)
    position = None if seated else await repo.waitlist_position(session, registration)
    return SignUpResult(registration, training, position)


async def cancel_registration(
    session: AsyncSession, *, training_id: int, user: User | None, now: datetime, tz: tzinfo
) -> Training:
    """The participant cancels their own sign-up; a freed seat goes to the waitlist."""
    training = await get_training(session, training_id)
    registration = await repo.registration_of(session, training_id, user.id) if user is not None else None
    if registration is None:
        raise NotSignedUp(training_id=training_id)
    if registration.status not in ACTIVE:
        raise AlreadyLeft(training_id=training_id)
    if now >= training.starts_at:
        raise AlreadyStarted(training_id=training_id)
    old = registration.status
    if not await repo.move_registration(session, registration.id, old, RegistrationStatus.CANCELLED, now):
        raise AlreadyLeft(training_id=training_id)
    repo.add_event(
        session,
        training_id,
        TrainingEventKind.CANCELLED,
        now=now,
        actor_id=registration.user_id,
        user_id=registration.user_id,
        was=old,
    )
    if old == RegistrationStatus.REGISTERED:
        await repo.release_seat(session, training_id)
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
        first = await repo.first_waiting(session, training.id)
        if first is None or not await repo.take_seat(session, training.id):
            break
        if not await repo.move_registration(
            session, first.id, RegistrationStatus.WAITLISTED, RegistrationStatus.REGISTERED, now
        ):
            await repo.release_seat(session, training.id)  # they left the waitlist meanwhile
            continue
        repo.add_event(session, training.id, TrainingEventKind.PROMOTED, now=now, actor_id=None, user_id=first.user_id)
        notice = TrainingSeatGiven(chat_id=first.user.telegram_id, **about(training, tz))
        await notify(session, notice, now=now, purpose="training_promoted")
        promoted.append(first.user_id)
    return promoted
