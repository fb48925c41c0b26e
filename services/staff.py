"""Staff management by admins: lawyers (with topics) and editors.

Every function checks that the actor is an admin (callback data is forged
easily), logs the change in `staff_events` and tells the person through the
outbox. Removing a lawyer returns their unfinished consultations to the queue.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import staff as t
from core.errors import DomainError, NotFound
from knowledge import Knowledge
from services import notify
from services.access import Actor, require_admin
from storage.models import (
    Consultation,
    ConsultationEvent,
    ConsultationStatus,
    EventKind,
    Role,
    StaffEvent,
    User,
)
from storage.repositories import users as users_repo

log = logging.getLogger(__name__)

# Telegram user ids are positive and fit in 52 bits.
MAX_TELEGRAM_ID = 2**52
# A removed lawyer's consultations in these states go back to the queue; an
# answered one waits for the official and keeps its history as it is.
UNFINISHED = (ConsultationStatus.ASSIGNED, ConsultationStatus.CLARIFICATION)


@dataclass
class StaffChange:
    user: User
    role_changed: bool
    released: list[int] = field(default_factory=list)


@dataclass
class StaffList:
    lawyers: Sequence[User]
    editors: Sequence[User]


def parse_telegram_id(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError as exc:
        raise DomainError(t.BAD_ID) from exc
    if not 0 < value < MAX_TELEGRAM_ID:
        raise DomainError(t.BAD_ID)
    return value


def parse_topics(words: Iterable[str], knowledge: Knowledge) -> list[str]:
    """Topic codes in the order given, without repeats; unknown ones are an error listing the valid codes."""
    codes = [w.strip().lower().strip(",") for w in words if w.strip(" ,")]
    unknown = [c for c in codes if c not in knowledge.topic_codes]
    if unknown:
        raise DomainError(
            t.UNKNOWN_TOPICS.format(unknown=", ".join(unknown), codes=", ".join(tp.code for tp in knowledge.topics))
        )
    return list(dict.fromkeys(codes))


def topics_text(codes: Sequence[str], knowledge: Knowledge) -> str:
    return ", ".join(knowledge.topic_title(c) for c in codes) if codes else t.ALL_TOPICS


async def list_staff(session: AsyncSession, actor: Actor) -> StaffList:
    require_admin(actor, "list")
    lawyers = await users_repo.list_by_role(session, Role.LAWYER)
    editors = (await session.scalars(select(User).where(User.is_editor).order_by(User.full_name, User.id))).all()
    return StaffList(lawyers=lawyers, editors=editors)


async def get_member(session: AsyncSession, actor: Actor, telegram_id: int) -> User:
    require_admin(actor, "show")
    user = await users_repo.get_by_telegram_id(session, telegram_id)
    if user is None or not (user.role == Role.LAWYER or user.is_editor):
        raise NotFound(t.NOT_STAFF.format(telegram_id=telegram_id))
    return user


async def add_lawyer(
    session: AsyncSession, actor: Actor, *, telegram_id: int, topics: Sequence[str], knowledge: Knowledge, now: datetime
) -> StaffChange:
    """Makes someone a lawyer (creating their user row if they never wrote to the bot), or sets their topics."""
    require_admin(actor, "add_lawyer")
    codes = parse_topics(topics, knowledge)
    user = await users_repo.get_or_create(session, telegram_id)
    if user.role == Role.ADMIN:
        raise DomainError(t.STORED_ADMIN.format(telegram_id=telegram_id))
    if user.role == Role.LAWYER:
        return await _set_topics(session, actor, user, codes, knowledge, now=now)
    user.role = Role.LAWYER
    await users_repo.set_lawyer_topics(session, user, codes)
    _log(session, actor, user, "add_lawyer", codes, now)
    text = t.TO_LAWYER_ADDED.format(topics=topics_text(codes, knowledge))
    if not user.is_registered:
        text += t.TO_LAWYER_ADDED_UNREGISTERED
    await _tell(session, user, text, now=now)
    return StaffChange(user=user, role_changed=True)


async def set_topics(
    session: AsyncSession, actor: Actor, *, telegram_id: int, topics: Sequence[str], knowledge: Knowledge, now: datetime
) -> StaffChange:
    require_admin(actor, "set_topics")
    codes = parse_topics(topics, knowledge)
    user = await users_repo.get_by_telegram_id(session, telegram_id)
    if user is None or user.role != Role.LAWYER:
        raise NotFound(t.NOT_LAWYER.format(telegram_id=telegram_id))
    return await _set_topics(session, actor, user, codes, knowledge, now=now)


async def _set_topics(
    session: AsyncSession, actor: Actor, user: User, codes: list[str], knowledge: Knowledge, *, now: datetime
) -> StaffChange:
    if sorted(codes) != user.topic_codes:
        await users_repo.set_lawyer_topics(session, user, codes)
        _log(session, actor, user, "set_topics", codes, now)
        await _tell(session, user, t.TO_TOPICS_CHANGED.format(topics=topics_text(codes, knowledge)), now=now)
    return StaffChange(user=user, role_changed=False)


async def add_editor(session: AsyncSession, actor: Actor, *, telegram_id: int, now: datetime) -> StaffChange:
    require_admin(actor, "add_editor")
    user = await users_repo.get_or_create(session, telegram_id)
    if user.is_editor:
        return StaffChange(user=user, role_changed=False)
    user.is_editor = True
    _log(session, actor, user, "add_editor", [], now)
    await _tell(session, user, t.TO_EDITOR_ADDED, now=now)
    return StaffChange(user=user, role_changed=True)


async def remove(session: AsyncSession, actor: Actor, *, telegram_id: int, now: datetime) -> StaffChange:
    """Takes away the lawyer role and the editor flag; the lawyer's open work goes back to the queue."""
    require_admin(actor, "remove")
    user = await users_repo.get_by_telegram_id(session, telegram_id)
    if user is not None and user.role == Role.ADMIN:
        raise DomainError(t.STORED_ADMIN.format(telegram_id=telegram_id))
    if user is None or not (user.role == Role.LAWYER or user.is_editor):
        raise NotFound(t.NOT_STAFF.format(telegram_id=telegram_id))
    released: list[int] = []
    if user.role == Role.LAWYER:
        released = await _release_consultations(session, actor, user, now=now)
        user.role = Role.OFFICIAL
        await users_repo.set_lawyer_topics(session, user, [])
    user.is_editor = False
    _log(session, actor, user, "remove", [], now)
    await _tell(session, user, t.TO_REMOVED, now=now)
    return StaffChange(user=user, role_changed=True, released=released)


async def _release_consultations(session: AsyncSession, actor: Actor, lawyer: User, *, now: datetime) -> list[int]:
    actor_user = await users_repo.get_by_telegram_id(session, actor.telegram_id)
    rows = (
        await session.execute(
            select(Consultation.id, Consultation.version).where(
                Consultation.lawyer_id == lawyer.id, Consultation.status.in_(UNFINISHED)
            )
        )
    ).all()
    released = []
    for consultation_id, version in rows:
        # Compare-and-set on the version, like every other state change: a
        # concurrent answer or hand-over wins and the consultation stays as it left it.
        result = await session.execute(
            update(Consultation)
            .where(Consultation.id == consultation_id, Consultation.version == version)
            .values(lawyer_id=None, status=ConsultationStatus.OPEN, version=version + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            continue
        session.add(
            ConsultationEvent(
                consultation_id=consultation_id,
                kind=EventKind.RELEASED,
                actor_id=actor_user.id if actor_user else None,
                created_at=now,
                payload={"reason": "lawyer removed", "lawyer_id": lawyer.id, "by_telegram_id": actor.telegram_id},
            )
        )
        released.append(consultation_id)
    if released:
        log.info("staff: lawyer %s removed, consultations %s back in the queue", lawyer.telegram_id, released)
    return released


def _log(session: AsyncSession, actor: Actor, user: User, action: str, topics: list[str], now: datetime) -> None:
    session.add(
        StaffEvent(
            created_at=now,
            actor_telegram_id=actor.telegram_id,
            target_telegram_id=user.telegram_id,
            action=action,
            topics=sorted(topics),
        )
    )
    log.info("staff: %s by %s on %s topics=%s", action, actor.telegram_id, user.telegram_id, topics)


async def _tell(session: AsyncSession, user: User, text: str, *, now: datetime) -> None:
    await notify.send_text(session, user.telegram_id, text, now=now, purpose="staff")
