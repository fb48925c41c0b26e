"""Attendance: an admin marks participants, or a participant types the code announced at the training."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import trainings as t
from core.errors import Conflict, NotFound
from services.trainings.catalogue import require_admin
from services.trainings.signups import log_event
from storage.models import (
    RegistrationStatus,
    Role,
    Training,
    TrainingEventKind,
    TrainingRegistration,
    TrainingStatus,
)

# The code is accepted from a little before the start until a day after the end.
CODE_OPENS_BEFORE = timedelta(minutes=30)
CODE_CLOSES_AFTER_END = timedelta(hours=24)


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


async def _set(
    session: AsyncSession,
    registration: TrainingRegistration,
    attended: bool,
    *,
    actor_id: int | None,
    source: str,
    now: datetime,
) -> bool:
    result = await session.execute(
        update(TrainingRegistration)
        .where(TrainingRegistration.id == registration.id, TrainingRegistration.attended.is_(not attended))
        .values(attended=attended, attended_at=now if attended else None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    kind = TrainingEventKind.ATTENDED if attended else TrainingEventKind.ATTENDANCE_REMOVED
    log_event(
        session, registration.training_id, kind, now=now, actor_id=actor_id, user_id=registration.user_id, source=source
    )
    await session.refresh(registration)
    return True


async def toggle_attendance(
    session: AsyncSession, *, registration_id: int, actor_id: int | None, role: Role, now: datetime
) -> TrainingRegistration:
    """An admin flips one participant's mark (after the training has started)."""
    require_admin(role)
    registration = await session.get(TrainingRegistration, registration_id, populate_existing=True)
    if registration is None:
        raise NotFound(t.NOT_FOUND)
    training = registration.training
    if training.status != TrainingStatus.SCHEDULED:
        raise Conflict(t.TRAINING_IS_CANCELLED)
    if now < training.starts_at:
        raise Conflict(t.ATTENDANCE_NOT_YET)
    if registration.status != RegistrationStatus.REGISTERED:
        raise Conflict(t.ATTENDANCE_ONLY_REGISTERED)
    await _set(session, registration, not registration.attended, actor_id=actor_id, source="admin", now=now)
    return registration


async def confirm_by_code(session: AsyncSession, *, user_id: int, code: str, now: datetime) -> Training:
    """The participant's own confirmation with the training's code; raises with a clear message otherwise."""
    rows = await session.scalars(
        select(TrainingRegistration)
        .join(Training, Training.id == TrainingRegistration.training_id)
        .where(
            TrainingRegistration.user_id == user_id,
            TrainingRegistration.status == RegistrationStatus.REGISTERED,
            Training.status == TrainingStatus.SCHEDULED,
            Training.starts_at <= now + CODE_OPENS_BEFORE,
            Training.starts_at >= now - timedelta(days=31),
        )
        .execution_options(populate_existing=True)
    )
    open_now = [
        r
        for r in rows.unique().all()
        if now <= r.training.starts_at + timedelta(minutes=r.training.duration_minutes) + CODE_CLOSES_AFTER_END
    ]
    if not open_now:
        raise Conflict(t.CODE_NO_TRAINING)
    wanted = normalise_code(code)
    match = next((r for r in open_now if r.training.attendance_code == wanted), None)
    if match is None:
        raise Conflict(t.CODE_WRONG)
    if not await _set(session, match, True, actor_id=user_id, source="code", now=now):
        raise Conflict(t.CODE_ALREADY.format(title=match.training.title))
    return match.training
