"""Admins create, edit and cancel trainings; participants are told of changes through the outbox."""

from __future__ import annotations

import secrets
from datetime import datetime, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from core.actor import Actor
from core.roles import Role
from services.notify import notify
from services.trainings import reminders
from services.trainings.access import require_admin
from services.trainings.errors import TrainingIsCancelled
from services.trainings.form import FIELDS, TIME_AND_PLACE, TrainingDraft, check, draft_of, normalised
from services.trainings.notices import TrainingCancelled, TrainingChanged, about
from services.trainings.signups import ACTIVE, fill_free_seats, get_training
from storage.models import RegistrationStatus, Training, TrainingEventKind, TrainingStatus
from storage.repositories import trainings as repo

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


def _complete(draft: TrainingDraft) -> TrainingDraft:
    """Every field a training must have (the form asks them all; anything else is a bug, not a refusal)."""
    missing = [
        name
        for name in ("title", "kind", "audience", "starts_at", "duration_minutes", "format")
        if getattr(draft, name) is None
    ]
    if missing:
        raise ValueError(f"incomplete training draft: {', '.join(missing)}")
    return normalised(draft)


def _apply(training: Training, draft: TrainingDraft) -> None:
    for name in FIELDS:
        setattr(training, name, getattr(draft, name))
    training.council_key = council_key(draft.council_community, draft.council_region_code)


async def create_training(session: AsyncSession, *, actor: Actor, draft: TrainingDraft, now: datetime) -> Training:
    require_admin(actor.role)
    draft = _complete(draft.model_copy(update={"training_id": None, "seats_taken": 0}))
    check(draft.model_copy(update={"stored_starts_at": None, "stored_deadline": None}), now=now)
    training = Training(
        attendance_code=new_attendance_code(),
        created_by_id=actor.user_id,
        created_at=now,
        updated_at=now,
        seats_taken=0,
        status=TrainingStatus.SCHEDULED,
    )
    _apply(training, draft)
    session.add(training)
    await session.flush()
    repo.add_event(session, training.id, TrainingEventKind.CREATED, now=now, actor_id=actor.user_id)
    await reminders.schedule_reminders(session, training, now=now)
    return training


async def draft_to_edit(session: AsyncSession, *, role: Role, training_id: int) -> TrainingDraft:
    """The form filled with the training as it is now (a cancelled training is not edited)."""
    require_admin(role)
    training = await get_training(session, training_id)
    if training.status != TrainingStatus.SCHEDULED:
        raise TrainingIsCancelled(training_id=training_id)
    return draft_of(training)


async def update_training(
    session: AsyncSession, *, actor: Actor, training_id: int, draft: TrainingDraft, now: datetime, tz: tzinfo
) -> Training:
    """Saves the edited draft; a new time or place is announced to registered participants."""
    require_admin(actor.role)
    training = await get_training(session, training_id)
    if training.status != TrainingStatus.SCHEDULED:
        raise TrainingIsCancelled(training_id=training_id)
    before = draft_of(training)
    # The rules compare with the training as stored now, not as it was when the form was opened.
    draft = _complete(
        draft.model_copy(
            update={
                "training_id": training.id,
                "seats_taken": before.seats_taken,
                "stored_starts_at": before.starts_at,
                "stored_deadline": before.registration_deadline,
            }
        )
    )
    check(draft, now=now)
    changed = sorted(name for name in FIELDS if getattr(draft, name) != getattr(before, name))
    _apply(training, draft)
    training.updated_at = now
    await session.flush()  # before queries that reload the training (populate_existing)
    repo.add_event(session, training.id, TrainingEventKind.UPDATED, now=now, actor_id=actor.user_id, fields=changed)
    if "starts_at" in changed:
        await reminders.schedule_reminders(session, training, now=now)
    if TIME_AND_PLACE & set(changed):
        for registration in await repo.participants(session, training.id, (RegistrationStatus.REGISTERED,)):
            notice = TrainingChanged(chat_id=registration.user.telegram_id, **about(training, tz))
            await notify(session, notice, now=now, purpose="training_changed")
    if "capacity" in changed:
        await fill_free_seats(session, training, now=now, tz=tz)
    await session.flush()
    await session.refresh(training)
    return training


async def cancel_training(session: AsyncSession, *, actor: Actor, training_id: int, now: datetime, tz: tzinfo) -> int:
    """Cancels the training and tells everyone signed up (seat or waitlist). Returns how many were told."""
    require_admin(actor.role)
    training = await get_training(session, training_id)
    if not await repo.cancel(session, training_id, now=now):
        raise TrainingIsCancelled(training_id=training_id)
    await session.refresh(training)
    repo.add_event(session, training_id, TrainingEventKind.TRAINING_CANCELLED, now=now, actor_id=actor.user_id)
    await reminders.cancel_reminders(session, training_id)
    told = 0
    for registration in await repo.participants(session, training.id, ACTIVE):
        notice = TrainingCancelled(chat_id=registration.user.telegram_id, **about(training, tz))
        await notify(session, notice, now=now, purpose="training_cancelled")
        told += 1
    return told
