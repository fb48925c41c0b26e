"""Admins create, edit and cancel trainings; participants are told of changes through the outbox."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, fields
from datetime import datetime, tzinfo
from typing import Any

from aiogram.utils.text_decorations import html_decoration as hd
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import common as tc
from bot.texts import trainings as t
from core.errors import AccessDenied, Conflict, DomainError
from services.notify import send_text
from services.trainings import reminders
from services.trainings.cards import local, place_suffix
from services.trainings.signups import ACTIVE, fill_free_seats, get_training, log_event, participants
from storage.models import (
    RegistrationStatus,
    Role,
    Training,
    TrainingAudience,
    TrainingEventKind,
    TrainingFormat,
    TrainingKind,
    TrainingStatus,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on a phone
CODE_LENGTH = 6


def new_attendance_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def council_key(community: str | None, region_code: str | None) -> str | None:
    """The same council however its name was typed: case, spaces and quotes do not matter."""
    if not community:
        return None
    name = " ".join(community.replace("«", "").replace("»", "").replace('"', "").lower().split())
    return f"{region_code or ''}|{name}"[:240]


@dataclass
class TrainingForm:
    title: str
    kind: TrainingKind
    audience: TrainingAudience
    topic_code: str | None
    starts_at: datetime
    duration_minutes: int
    format: TrainingFormat
    link: str | None = None
    address: str | None = None
    capacity: int | None = None
    registration_deadline: datetime | None = None
    council_community: str | None = None
    council_region_code: str | None = None


FORM_FIELDS = tuple(f.name for f in fields(TrainingForm))


def require_admin(role: Role) -> None:
    if role != Role.ADMIN:
        raise AccessDenied(tc.NO_RIGHTS)


def _validate(form: TrainingForm, *, now: datetime, seats_taken: int = 0, check_start: bool = True) -> None:
    if check_start and form.starts_at <= now:
        raise DomainError(t.START_IN_PAST)
    if form.registration_deadline is not None and form.registration_deadline > form.starts_at:
        raise DomainError(t.DEADLINE_AFTER_START)
    if form.capacity is not None and form.capacity < max(1, seats_taken):
        raise DomainError(t.CANNOT_SHRINK.format(taken=seats_taken))
    if form.kind == TrainingKind.DEPUTY_PRACTICUM and form.audience == TrainingAudience.OFFICIALS:
        form.audience = TrainingAudience.DEPUTIES
    if form.audience == TrainingAudience.OFFICIALS:
        form.council_community = form.council_region_code = None
    if form.format == TrainingFormat.ONLINE:
        form.address = None
    else:
        form.link = None


def _apply(training: Training, form: TrainingForm) -> None:
    for name in FORM_FIELDS:
        setattr(training, name, getattr(form, name))
    training.council_key = council_key(form.council_community, form.council_region_code)


def form_of(training: Training) -> TrainingForm:
    return TrainingForm(**{name: getattr(training, name) for name in FORM_FIELDS})


async def create_training(
    session: AsyncSession, *, form: TrainingForm, actor_id: int | None, role: Role, now: datetime
) -> Training:
    require_admin(role)
    _validate(form, now=now)
    training = Training(
        attendance_code=new_attendance_code(), created_by_id=actor_id, created_at=now, updated_at=now, seats_taken=0
    )
    _apply(training, form)
    session.add(training)
    await session.flush()
    log_event(session, training.id, TrainingEventKind.CREATED, now=now, actor_id=actor_id)
    await reminders.schedule_reminders(session, training, now=now)
    return training


async def _notify(
    session: AsyncSession,
    training: Training,
    text: str,
    *,
    purpose: str,
    statuses: tuple[RegistrationStatus, ...],
    now: datetime,
) -> int:
    sent = 0
    for registration in await participants(session, training.id, statuses):
        await send_text(session, registration.user.telegram_id, text, purpose=purpose, now=now)
        sent += 1
    return sent


async def update_training(
    session: AsyncSession,
    *,
    training_id: int,
    changes: dict[str, Any],
    actor_id: int | None,
    role: Role,
    now: datetime,
    tz: tzinfo,
) -> Training:
    """Applies the changed fields; a new time or place is announced to registered participants."""
    require_admin(role)
    training = await get_training(session, training_id)
    if training.status != TrainingStatus.SCHEDULED:
        raise Conflict(t.TRAINING_IS_CANCELLED)
    form = form_of(training)
    before = form_of(training)
    for name, value in changes.items():
        if name not in FORM_FIELDS:
            raise ValueError(f"unknown training field {name!r}")
        setattr(form, name, value)
    _validate(form, now=now, seats_taken=training.seats_taken, check_start=form.starts_at != before.starts_at)
    _apply(training, form)
    training.updated_at = now
    await session.flush()  # before queries that reload the training (populate_existing)
    changed = sorted(name for name in FORM_FIELDS if getattr(form, name) != getattr(before, name))
    log_event(session, training.id, TrainingEventKind.UPDATED, now=now, actor_id=actor_id, fields=changed)
    if "starts_at" in changed:
        await reminders.schedule_reminders(session, training, now=now)
    if {"starts_at", "duration_minutes", "format", "link", "address"} & set(changed):
        text = t.TRAINING_CHANGED_NOTICE.format(
            title=hd.quote(training.title), when=local(training.starts_at, tz), place=place_suffix(training)
        )
        await _notify(
            session, training, text, purpose="training_changed", statuses=(RegistrationStatus.REGISTERED,), now=now
        )
    if "capacity" in changed:
        await fill_free_seats(session, training, now=now, tz=tz)
    await session.flush()
    await session.refresh(training)
    return training


async def cancel_training(
    session: AsyncSession, *, training_id: int, actor_id: int | None, role: Role, now: datetime, tz: tzinfo
) -> int:
    """Cancels the training and tells everyone signed up (seat or waitlist). Returns how many were told."""
    require_admin(role)
    training = await get_training(session, training_id)
    result = await session.execute(
        update(Training)
        .where(Training.id == training_id, Training.status == TrainingStatus.SCHEDULED)
        .values(status=TrainingStatus.CANCELLED, cancelled_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(t.TRAINING_IS_CANCELLED)
    await session.refresh(training)
    log_event(session, training_id, TrainingEventKind.TRAINING_CANCELLED, now=now, actor_id=actor_id)
    await reminders.cancel_reminders(session, training_id)
    text = t.TRAINING_CANCELLED_NOTICE.format(title=hd.quote(training.title), when=local(training.starts_at, tz))
    return await _notify(session, training, text, purpose="training_cancelled", statuses=ACTIVE, now=now)
