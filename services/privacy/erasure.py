"""Erasure: one person on request (/forget), or closed consultations past the retention period.

What stays is what the indicators count: consultations keep their times,
topic, region, status and rating; the person's row keeps the community and
region. Everything a person wrote or is named by goes: texts, attachments
(file ids and names), the name, position, phone and username, and the content
of the messages queued about them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from core.actor import Actor
from core.roles import Role
from services.hotline.consultations import JOB_AUTOCLOSE, JOB_ESCALATE, JOB_OVERDUE
from services.hotline.notices import PURPOSE_OFFER
from services.notify import notify
from services.privacy.audit import AuditAction, Subject, record
from services.privacy.errors import AlreadyForgotten, StaffCannotForget
from services.privacy.notices import ConsultationWithdrawn, OfferErased
from services.trainings.signups import cancel_registration
from storage.models import Consultation, ConsultationStatus, EventKind, RegistrationStatus, User
from storage.repositories import consultations as consultations_repo
from storage.repositories import jobs as jobs_repo
from storage.repositories import outbox as outbox_repo
from storage.repositories import privacy as repo

CLOSED_REASON = "forgotten"  # the CLOSED event's payload["reason"]


async def anonymise_consultations(session: AsyncSession, consultations: Sequence[Consultation], now: datetime) -> int:
    """Texts and files of these consultations removed (both sides' words), once; returns how many were changed."""
    todo = [c for c in consultations if c.anonymised_at is None]
    ids = [c.id for c in todo]
    for consultation in todo:
        consultation.question = ""
        consultation.rating_comment = None
        consultation.anonymised_at = now
    for event in await repo.events_of(session, ids):
        event.text = None
        if event.payload and ("attachments" in event.payload or "comment" in event.payload):
            payload = {k: v for k, v in event.payload.items() if k not in ("attachments", "comment")}
            if event.payload.get("attachments"):
                payload["attachments_removed"] = len(event.payload["attachments"])
            event.payload = payload
    await repo.erase_outbox(session, chat_id=None, consultation_ids=ids)
    await session.flush()
    return len(todo)


@dataclass(frozen=True, slots=True)
class Forgotten:
    closed: list[int]  # consultations closed because of it (their lawyers are told)
    anonymised: int


def _refuse_staff(role: Role, user: User) -> None:
    if role != Role.OFFICIAL or user.role != Role.OFFICIAL or user.is_editor:
        raise StaffCannotForget()


async def request(session: AsyncSession, user: User | None, role: Role, *, now: datetime) -> User:
    """The person asked to be forgotten (before they confirm): logged, refused for staff."""
    if user is None or user.forgotten_at is not None:
        raise AlreadyForgotten()
    _refuse_staff(role, user)
    record(session, AuditAction.FORGET_REQUESTED, actor_id=user.id, now=now, subject=Subject.USER, subject_id=user.id)
    return user


async def _close(session: AsyncSession, consultation: Consultation, user: User, now: datetime) -> None:
    consultation.status = ConsultationStatus.CLOSED
    consultation.closed_at = now
    consultation.version += 1
    consultations_repo.add_event(
        session, consultation, EventKind.CLOSED, actor=user, now=now, payload={"reason": CLOSED_REASON}
    )
    for kind in (JOB_OVERDUE, JOB_ESCALATE, JOB_AUTOCLOSE):
        await jobs_repo.cancel(session, kind=kind, ref_id=consultation.id)


async def forget(session: AsyncSession, user: User | None, role: Role, *, now: datetime, tz: tzinfo) -> Forgotten:
    """Erases the person in the caller's transaction (all of it or nothing)."""
    if user is None or user.forgotten_at is not None:
        raise AlreadyForgotten()
    _refuse_staff(role, user)
    actor = Actor(user_id=user.id, role=role)
    consultations = list(await repo.consultations_of(session, user.id))
    closed: list[Consultation] = []
    for consultation in consultations:
        if consultation.status != ConsultationStatus.CLOSED:
            await _close(session, consultation, user, now)
            closed.append(consultation)
    # Messages queued to the person or about their consultations go first, so the notices below stay.
    await repo.erase_outbox(session, chat_id=user.telegram_id, consultation_ids=[c.id for c in consultations])
    anonymised = await anonymise_consultations(session, consultations, now)
    # The offers to take the consultations nobody had taken quoted the question: replaced in the lawyers' chats.
    for consultation in closed:
        for offer in await outbox_repo.withdraw(
            session, consultation_id=consultation.id, purpose=PURPOSE_OFFER, now=now
        ):
            erased = OfferErased(chat_id=offer.chat_id, consultation_id=consultation.id)
            await notify(session, erased, now=now, purpose="privacy.offer_erased", edits=offer.id)
    for consultation in closed:
        lawyer = consultation.lawyer
        if lawyer is not None and lawyer.telegram_id > 0:
            notice = ConsultationWithdrawn(chat_id=lawyer.telegram_id, consultation_id=consultation.id)
            await notify(session, notice, now=now, purpose="privacy.withdrawn")
    await repo.erase_helped_questions(session, user_id=user.id)  # typed while asking, answered from the base
    await repo.delete_subscriptions(session, user.id)
    await repo.cancel_deliveries(session, user.id)
    for registration in await repo.registrations_of(session, user.id):
        active = registration.status in (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)
        if active and registration.training.starts_at > now:
            await cancel_registration(session, training_id=registration.training_id, user=user, now=now, tz=tz)
    user.full_name = ""
    user.position = ""
    user.phone = None
    user.username = None
    user.consent_at = None
    user.consent_version = None
    user.forgotten_at = now
    # Telegram ids of people are positive: the row no longer answers to the person, whose next /start
    # is a new registration (a new row), while this one keeps the statistics.
    user.telegram_id = -user.id
    record(
        session,
        AuditAction.FORGET_COMPLETED,
        actor_id=actor.user_id,
        now=now,
        subject=Subject.USER,
        subject_id=user.id,
        detail=f"closed={len(closed)} anonymised={anonymised}",
    )
    await session.flush()
    return Forgotten(closed=[c.id for c in closed], anonymised=anonymised)
