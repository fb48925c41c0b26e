"""Staff management by admins: lawyers (with topics) and editors.

Every function checks that the actor is an admin (callback data is forged
easily), logs the change in `staff_events` and tells the person (a notice in
the outbox, with the main menu of their new role when they can use it).
Removing a lawyer returns their unfinished consultations to the queue.
`admin_ids` (ADMIN_IDS) make someone an admin whatever their stored role: their
menu stays the admin's.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.actor import Actor
from core.errors import Conflict, InvalidInput, NotFound
from core.notices import Notice
from core.roles import Role
from knowledge import Knowledge
from services.access import require_admin
from services.notify import notify
from services.people import effective_role
from services.privacy import audit
from storage.models import Consultation, ConsultationEvent, ConsultationStatus, EventKind, StaffEvent, User
from storage.repositories import users as users_repo

log = logging.getLogger(__name__)

# Telegram user ids are positive and fit in 52 bits.
MAX_TELEGRAM_ID = 2**52
# A removed lawyer's consultations in these states go back to the queue; an
# answered one waits for the official and keeps its history as it is.
UNFINISHED = (ConsultationStatus.ASSIGNED, ConsultationStatus.CLARIFICATION)
LAWYER_WORDS = frozenset({"lawyer", "юрист"})
EDITOR_WORDS = frozenset({"editor", "редактор"})


# --- refusals ----------------------------------------------------------------------


@dataclass(eq=False)
class InvalidTelegramId(InvalidInput):
    given: str


@dataclass(eq=False)
class HiddenAccount(InvalidInput):
    """A forwarded message or a contact that does not show whose account it is."""


@dataclass(eq=False)
class UnknownStaffRole(InvalidInput):
    given: str


@dataclass(eq=False)
class UnknownTopics(InvalidInput):
    unknown: str  # the codes given, comma-separated
    codes: str  # every valid code, comma-separated


@dataclass(eq=False)
class NotStaff(NotFound):
    telegram_id: int


@dataclass(eq=False)
class NotLawyer(NotFound):
    telegram_id: int


@dataclass(eq=False)
class StoredAdmin(Conflict):
    """Admins are not managed here (their stored role, or ADMIN_IDS)."""

    telegram_id: int


# --- notices to the person ------------------------------------------------------------


@dataclass(kw_only=True)
class StaffNotice(Notice):
    # The role whose main menu comes with the notice; None: not registered yet, no menu to use.
    menu: Role | None = None


@dataclass(kw_only=True)
class MadeLawyer(StaffNotice):
    topics: list[str]  # titles; empty: every topic
    registered: bool


@dataclass(kw_only=True)
class MadeEditor(StaffNotice):
    pass


@dataclass(kw_only=True)
class LawyerTopicsChanged(Notice):
    topics: list[str]  # titles; empty: every topic


@dataclass(kw_only=True)
class RemovedFromStaff(StaffNotice):
    pass


# --- results ---------------------------------------------------------------------------


class StaffRole(enum.StrEnum):
    LAWYER = "lawyer"
    EDITOR = "editor"


@dataclass
class StaffChange:
    user: User
    role_changed: bool
    role: Role  # the person's effective role now (ADMIN_IDS counted)
    changed: bool = True  # False: it was so already (a second press of the same button)
    added_as: StaffRole | None = None  # set by the add_* functions (a lawyer "added" again gets their topics set)
    released: list[int] = field(default_factory=list)


@dataclass
class StaffList:
    lawyers: Sequence[User]
    editors: Sequence[User]

    @property
    def members(self) -> list[User]:
        """Lawyers then editors, each person once."""
        return list({user.id: user for user in [*self.lawyers, *self.editors]}.values())


# --- reading what admins give ------------------------------------------------------


def parse_telegram_id(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError as exc:
        raise InvalidTelegramId(given=text) from exc
    if not 0 < value < MAX_TELEGRAM_ID:
        raise InvalidTelegramId(given=text)
    return value


def parse_topics(words: Iterable[str], knowledge: Knowledge) -> list[str]:
    """Topic codes in the order given, without repeats; unknown ones are refused with the valid codes."""
    codes = [w.strip().lower().strip(",") for w in words if w.strip(" ,")]
    unknown = [c for c in codes if c not in knowledge.topic_codes]
    if unknown:
        raise UnknownTopics(unknown=", ".join(unknown), codes=", ".join(tp.code for tp in knowledge.topics))
    return list(dict.fromkeys(codes))


def topic_titles(codes: Sequence[str], knowledge: Knowledge) -> list[str]:
    return [knowledge.topic_title(code) for code in codes]


def ensure_admin(actor: Actor, action: str) -> None:
    """For steps that change nothing yet (opening a dialog, a picker): refused like the change itself."""
    require_admin(actor, action)


def _menu(user: User, admin_ids: Collection[int]) -> Role | None:
    return effective_role(user, user.telegram_id, admin_ids) if user.is_registered else None


def person_id(actor: Actor, given: int | str | None) -> int:
    """The Telegram id of the person an admin pointed at: picked or forwarded (int), typed (str) or hidden (None)."""
    require_admin(actor, "pick")
    if given is None:
        raise HiddenAccount()
    return parse_telegram_id(str(given))


# --- the staff -----------------------------------------------------------------------


async def list_staff(session: AsyncSession, actor: Actor) -> StaffList:
    require_admin(actor, "list")
    return StaffList(
        lawyers=await users_repo.list_by_role(session, Role.LAWYER), editors=await users_repo.list_editors(session)
    )


async def find_person(session: AsyncSession, actor: Actor, telegram_id: int) -> User | None:
    """Whoever an admin points at, staff or not (None: they never wrote to the bot)."""
    require_admin(actor, "find")
    return await users_repo.get_by_telegram_id(session, telegram_id)


async def get_member(session: AsyncSession, actor: Actor, telegram_id: int) -> User:
    require_admin(actor, "show")
    user = await users_repo.get_by_telegram_id(session, telegram_id)
    if user is None or not (user.role == Role.LAWYER or user.is_editor):
        raise NotStaff(telegram_id=telegram_id)
    return user


async def add_by_command(
    session: AsyncSession,
    actor: Actor,
    words: Sequence[str],
    *,
    knowledge: Knowledge,
    now: datetime,
    admin_ids: Collection[int] = frozenset(),
) -> StaffChange:
    """`/staff add ID [lawyer [topics...] | editor]`: the words after `add`."""
    require_admin(actor, "add")
    telegram_id = parse_telegram_id(words[0])
    kind = words[1].lower() if len(words) > 1 else "lawyer"
    if kind in LAWYER_WORDS:
        return await add_lawyer(
            session,
            actor,
            telegram_id=telegram_id,
            topics=words[2:],
            knowledge=knowledge,
            now=now,
            admin_ids=admin_ids,
        )
    if kind in EDITOR_WORDS and len(words) == 2:
        return await add_editor(session, actor, telegram_id=telegram_id, now=now, admin_ids=admin_ids)
    raise UnknownStaffRole(given=" ".join(words[1:]))


async def add_lawyer(
    session: AsyncSession,
    actor: Actor,
    *,
    telegram_id: int,
    topics: Sequence[str],
    knowledge: Knowledge,
    now: datetime,
    admin_ids: Collection[int] = frozenset(),
) -> StaffChange:
    """Makes someone a lawyer (creating their user row if they never wrote to the bot), or sets their topics."""
    require_admin(actor, "add_lawyer")
    codes = parse_topics(topics, knowledge)
    user = await users_repo.get_or_create(session, telegram_id)
    if user.role == Role.ADMIN:
        raise StoredAdmin(telegram_id=telegram_id)
    if user.role == Role.LAWYER:
        change = await _set_topics(session, actor, user, codes, knowledge, now=now, admin_ids=admin_ids)
        change.added_as = StaffRole.LAWYER
        return change
    user.role = Role.LAWYER
    await users_repo.set_lawyer_topics(session, user, codes)
    _log(session, actor, user, "add_lawyer", codes, now)
    notice = MadeLawyer(
        chat_id=user.telegram_id,
        topics=topic_titles(codes, knowledge),
        registered=user.is_registered,
        menu=_menu(user, admin_ids),
    )
    await notify(session, notice, now=now, purpose="staff")
    return _change(user, admin_ids, role_changed=True, added_as=StaffRole.LAWYER)


async def set_topics(
    session: AsyncSession,
    actor: Actor,
    *,
    telegram_id: int,
    topics: Sequence[str],
    knowledge: Knowledge,
    now: datetime,
    admin_ids: Collection[int] = frozenset(),
) -> StaffChange:
    require_admin(actor, "set_topics")
    codes = parse_topics(topics, knowledge)
    user = await users_repo.get_by_telegram_id(session, telegram_id)
    if user is None or user.role != Role.LAWYER:
        raise NotLawyer(telegram_id=telegram_id)
    return await _set_topics(session, actor, user, codes, knowledge, now=now, admin_ids=admin_ids)


async def _set_topics(
    session: AsyncSession,
    actor: Actor,
    user: User,
    codes: list[str],
    knowledge: Knowledge,
    *,
    now: datetime,
    admin_ids: Collection[int],
) -> StaffChange:
    if sorted(codes) == user.topic_codes:
        return _change(user, admin_ids, role_changed=False, changed=False)
    await users_repo.set_lawyer_topics(session, user, codes)
    _log(session, actor, user, "set_topics", codes, now)
    notice = LawyerTopicsChanged(chat_id=user.telegram_id, topics=topic_titles(codes, knowledge))
    await notify(session, notice, now=now, purpose="staff")
    return _change(user, admin_ids, role_changed=False)


async def add_editor(
    session: AsyncSession, actor: Actor, *, telegram_id: int, now: datetime, admin_ids: Collection[int] = frozenset()
) -> StaffChange:
    require_admin(actor, "add_editor")
    user = await users_repo.get_or_create(session, telegram_id)
    if user.is_editor:
        return _change(user, admin_ids, role_changed=False, changed=False, added_as=StaffRole.EDITOR)
    user.is_editor = True
    _log(session, actor, user, "add_editor", [], now)
    await notify(session, MadeEditor(chat_id=user.telegram_id, menu=_menu(user, admin_ids)), now=now, purpose="staff")
    return _change(user, admin_ids, role_changed=True, added_as=StaffRole.EDITOR)


def _change(user: User, admin_ids: Collection[int], **outcome: Any) -> StaffChange:
    return StaffChange(user=user, role=effective_role(user, user.telegram_id, admin_ids), **outcome)


async def remove(
    session: AsyncSession, actor: Actor, *, telegram_id: int, now: datetime, admin_ids: Collection[int] = frozenset()
) -> StaffChange:
    """Takes away the lawyer role and the editor flag; the lawyer's open work goes back to the queue."""
    require_admin(actor, "remove")
    user = await users_repo.get_by_telegram_id(session, telegram_id)
    if user is not None and user.role == Role.ADMIN:
        raise StoredAdmin(telegram_id=telegram_id)
    if user is None or not (user.role == Role.LAWYER or user.is_editor):
        raise NotStaff(telegram_id=telegram_id)
    released: list[int] = []
    if user.role == Role.LAWYER:
        released = await _release_consultations(session, actor, user, now=now)
        user.role = Role.OFFICIAL
        await users_repo.set_lawyer_topics(session, user, [])
    user.is_editor = False
    _log(session, actor, user, "remove", [], now)
    notice = RemovedFromStaff(chat_id=user.telegram_id, menu=_menu(user, admin_ids))
    await notify(session, notice, now=now, purpose="staff")
    return _change(user, admin_ids, role_changed=True, released=released)


async def _release_consultations(session: AsyncSession, actor: Actor, lawyer: User, *, now: datetime) -> list[int]:
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
        if result.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE returns a CursorResult, typed as Result
            continue
        session.add(
            ConsultationEvent(
                consultation_id=consultation_id,
                kind=EventKind.RELEASED,
                actor_id=actor.user_id,
                created_at=now,
                payload={"reason": "lawyer removed", "lawyer_id": lawyer.id},
            )
        )
        released.append(consultation_id)
    if released:
        log.info("staff: lawyer %s removed, consultations %s back in the queue", lawyer.id, released)
    return released


def _log(session: AsyncSession, actor: Actor, user: User, action: str, topics: list[str], now: datetime) -> None:
    session.add(
        StaffEvent(created_at=now, actor_id=actor.user_id, target_id=user.id, action=action, topics=sorted(topics))
    )
    log.info("staff: %s by user %s on user %s topics=%s", action, actor.user_id, user.id, topics)
    audit.record(
        session,
        audit.AuditAction.STAFF_CHANGED,
        actor_id=actor.user_id,
        now=now,
        subject=audit.Subject.USER,
        subject_id=user.id,
        detail=" ".join([action, *sorted(topics)]),
    )
