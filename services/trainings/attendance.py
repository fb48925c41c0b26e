"""Attendance: an admin marks participants, or a participant types the code announced at the training."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.actor import Actor
from services.trainings.access import require_admin
from services.trainings.errors import (
    AttendanceAlreadyMarked,
    AttendanceAlreadyUnmarked,
    AttendanceNotYet,
    AttendanceOnlyRegistered,
    CodeAlreadyUsed,
    NoTrainingForCode,
    ParticipantNotFound,
    RegistrationRequired,
    TrainingIsCancelled,
    WrongCode,
)
from storage.models import (
    RegistrationStatus,
    Training,
    TrainingEventKind,
    TrainingRegistration,
    TrainingStatus,
    User,
)
from storage.repositories import trainings as repo

# The code is accepted from a little before the start until a day after the end.
CODE_OPENS_BEFORE = timedelta(minutes=30)
CODE_CLOSES_AFTER_END = timedelta(hours=24)
CODE_LOOKBACK = timedelta(days=31)  # longer trainings than this take no codes


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


def accepts_code(training: Training, now: datetime) -> bool:
    ends_at = training.starts_at + timedelta(minutes=training.duration_minutes)
    return training.starts_at - CODE_OPENS_BEFORE <= now <= ends_at + CODE_CLOSES_AFTER_END


async def _set(
    session: AsyncSession,
    registration: TrainingRegistration,
    attended: bool,
    *,
    actor_id: int,
    source: str,
    now: datetime,
) -> bool:
    if not await repo.set_attended(session, registration.id, attended, now=now):
        return False
    kind = TrainingEventKind.ATTENDED if attended else TrainingEventKind.ATTENDANCE_REMOVED
    repo.add_event(
        session, registration.training_id, kind, now=now, actor_id=actor_id, user_id=registration.user_id, source=source
    )
    await session.refresh(registration)
    return True


async def mark_attendance(
    session: AsyncSession, *, actor: Actor, registration_id: int, attended: bool, now: datetime
) -> TrainingRegistration:
    """An admin sets one participant's mark (after the training has started); the same mark twice is refused."""
    require_admin(actor.role)
    registration = await repo.get_registration(session, registration_id)
    if registration is None:
        raise ParticipantNotFound(registration_id=registration_id)
    training = registration.training
    if training.status != TrainingStatus.SCHEDULED:
        raise TrainingIsCancelled(training_id=training.id)
    if now < training.starts_at:
        raise AttendanceNotYet(training_id=training.id)
    if registration.status != RegistrationStatus.REGISTERED:
        raise AttendanceOnlyRegistered(registration_id=registration_id)
    if not await _set(session, registration, attended, actor_id=actor.user_id, source="admin", now=now):
        name = registration.user.full_name
        raise AttendanceAlreadyMarked(name=name) if attended else AttendanceAlreadyUnmarked(name=name)
    return registration


async def confirm_by_code(session: AsyncSession, *, user: User | None, code: str, now: datetime) -> Training:
    """The participant's own confirmation with the training's code."""
    if user is None:
        raise RegistrationRequired()
    rows = await repo.registered_between(
        session, user_id=user.id, starts_from=now - CODE_LOOKBACK, starts_until=now + CODE_OPENS_BEFORE
    )
    open_now = [r for r in rows if accepts_code(r.training, now)]
    if not open_now:
        raise NoTrainingForCode()
    wanted = normalise_code(code)
    match = next((r for r in open_now if r.training.attendance_code == wanted), None)
    if match is None:
        raise WrongCode()
    if not await _set(session, match, True, actor_id=user.id, source="code", now=now):
        raise CodeAlreadyUsed(title=match.training.title)
    return match.training
