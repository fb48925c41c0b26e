"""What people look at: the catalogue, a training's card, "my trainings", the participants and attendance lists.

Each function returns plain data; `bot/views/trainings.py` turns it into messages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from core.roles import Role
from services.trainings.access import require_admin
from services.trainings.attendance import CODE_OPENS_BEFORE
from services.trainings.signups import ACTIVE, get_training, is_open
from storage.models import RegistrationStatus, Training, TrainingRegistration, TrainingStatus, User
from storage.repositories import trainings as repo

CATALOGUE_PAGE = 5
PARTICIPANTS_PAGE = 10
ATTENDANCE_PAGE = 8
MY_SINCE = timedelta(days=2)  # recent trainings stay in "my trainings" for the attendance code
MY_LIMIT = 30


class Scope(StrEnum):
    UPCOMING = "up"
    PAST = "past"  # admins


@dataclass(frozen=True)
class Page:
    number: int  # from 0
    count: int

    @staticmethod
    def of(asked: int, total: int, size: int) -> Page:
        count = max(1, math.ceil(total / size))
        return Page(min(max(0, asked), count - 1), count)


@dataclass(frozen=True)
class Catalogue:
    scope: Scope
    trainings: list[Training]
    page: Page
    is_admin: bool


@dataclass(frozen=True)
class Card:
    """A training as the person asking sees it."""

    training: Training
    is_admin: bool
    status: RegistrationStatus | None  # the viewer's sign-up
    waitlist_position: int | None  # the viewer's, when waiting
    waiting: int  # on the waitlist (shown to admins)
    open: bool  # sign-up is open
    can_leave: bool  # the viewer may cancel their sign-up
    full: bool

    @property
    def cancelled(self) -> bool:
        return self.training.status == TrainingStatus.CANCELLED


@dataclass(frozen=True)
class Mine:
    registrations: list[TrainingRegistration]
    can_enter_code: bool


@dataclass(frozen=True)
class Participants:
    training: Training
    counts: dict[RegistrationStatus, int]
    registrations: list[TrainingRegistration]
    page: Page
    first_number: int


@dataclass(frozen=True)
class AttendanceList:
    training: Training
    registrations: list[TrainingRegistration]
    attended: int
    total: int
    page: Page


async def catalogue(session: AsyncSession, *, scope: Scope, page: int, role: Role, now: datetime) -> Catalogue:
    """Upcoming trainings for everyone; past ones for admins (anyone else asking gets the upcoming)."""
    is_admin = role == Role.ADMIN
    offset = max(0, page) * CATALOGUE_PAGE
    if scope == Scope.PAST and is_admin:
        rows, total = await repo.past(session, now=now, offset=offset, limit=CATALOGUE_PAGE)
    else:
        scope = Scope.UPCOMING
        rows, total = await repo.upcoming(session, now=now, offset=offset, limit=CATALOGUE_PAGE)
    return Catalogue(scope, rows, Page.of(page, total, CATALOGUE_PAGE), is_admin)


async def card_of(session: AsyncSession, training: Training, *, user: User | None, role: Role, now: datetime) -> Card:
    registration = await repo.registration_of(session, training.id, user.id) if user else None
    status = registration.status if registration else None
    position = (
        await repo.waitlist_position(session, registration)
        if registration is not None and status == RegistrationStatus.WAITLISTED
        else None
    )
    waiting = await repo.count_participants(session, training.id, (RegistrationStatus.WAITLISTED,))
    scheduled = training.status == TrainingStatus.SCHEDULED
    return Card(
        training=training,
        is_admin=role == Role.ADMIN,
        status=status,
        waitlist_position=position,
        waiting=waiting,
        open=is_open(training, now),
        can_leave=status in ACTIVE and now < training.starts_at and scheduled,
        full=training.capacity is not None and training.seats_taken >= training.capacity,
    )


async def mine(session: AsyncSession, *, user: User | None, now: datetime) -> Mine:
    """Active sign-ups of trainings from two days ago on; the code button shows once one is about to start."""
    if user is None:
        return Mine([], can_enter_code=False)
    rows = await repo.registrations_of_user(
        session, user_id=user.id, statuses=ACTIVE, since=now - MY_SINCE, limit=MY_LIMIT
    )
    can_code = any(
        r.status == RegistrationStatus.REGISTERED and r.training.starts_at <= now + CODE_OPENS_BEFORE for r in rows
    )
    return Mine(rows, can_enter_code=can_code)


async def participants(session: AsyncSession, *, role: Role, training_id: int, page: int) -> Participants:
    require_admin(role)
    training = await get_training(session, training_id)
    counts = await repo.count_by_status(session, training.id)
    current = Page.of(page, sum(counts.values()), PARTICIPANTS_PAGE)
    offset = current.number * PARTICIPANTS_PAGE
    rows = await repo.participants(
        session, training.id, tuple(RegistrationStatus), offset=offset, limit=PARTICIPANTS_PAGE
    )
    return Participants(training, counts, rows, current, first_number=offset + 1)


async def attendance_list(session: AsyncSession, *, role: Role, training_id: int, page: int) -> AttendanceList:
    require_admin(role)
    training = await get_training(session, training_id)
    registered = (RegistrationStatus.REGISTERED,)
    total = await repo.count_participants(session, training_id, registered)
    current = Page.of(page, total, ATTENDANCE_PAGE)
    rows = await repo.participants(
        session, training_id, registered, offset=current.number * ATTENDANCE_PAGE, limit=ATTENDANCE_PAGE
    )
    attended = await repo.count_attended(session, training_id)
    return AttendanceList(training, rows, attended, total, current)
