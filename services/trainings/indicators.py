"""Priority-3 indicators computed from trainings, sign-ups and attendance.

The `/indicators` feature imports these functions; their definitions are the
docstrings. Periods are half-open, `[start, end)`, on the training's start
time (UTC-aware datetimes).
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from sqlalchemy import ColumnElement, and_, distinct, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    RegistrationStatus,
    Training,
    TrainingAudience,
    TrainingEvent,
    TrainingEventKind,
    TrainingRegistration,
    TrainingStatus,
    User,
)

DEPUTY_AUDIENCES = (TrainingAudience.DEPUTIES, TrainingAudience.BOTH)


def _held_in(start: datetime, end: datetime) -> list[ColumnElement[bool]]:
    return [
        Training.status == TrainingStatus.SCHEDULED,
        Training.starts_at >= start,
        Training.starts_at < end,
    ]


async def count_trained_officials(
    session: AsyncSession, start: datetime, end: datetime, region_code: str | None = None
) -> int:
    """ "Кількість працівників ОМС, які взяли участь у навчальних заходах, організованих АМУ".

    Distinct officials (users) who took part in a non-cancelled training that
    started in `[start, end)`. Taking part means: marked as attended (by an
    admin or with the training's code); for a training where nobody is marked
    as attended, every registration that is still "registered" (not cancelled,
    not waitlisted) counts instead. An official counted for several trainings
    counts once. `region_code` keeps officials of that region (their profile).
    """
    # The trainings of the period and those of them with attendance marks: hash joins, no
    # correlated subquery, so the plan stays good even before the planner has statistics.
    held = (
        select(Training.id)
        .where(Training.status == TrainingStatus.SCHEDULED, Training.starts_at >= start, Training.starts_at < end)
        .cte("held")
    )
    marked = (
        select(TrainingRegistration.training_id)
        .join(held, held.c.id == TrainingRegistration.training_id)
        .where(TrainingRegistration.attended.is_(True))
        .distinct()
        .cte("marked")
    )
    took_part = (
        select(TrainingRegistration.user_id)
        .join(held, held.c.id == TrainingRegistration.training_id)
        .outerjoin(marked, marked.c.training_id == TrainingRegistration.training_id)
        .where(
            or_(
                TrainingRegistration.attended.is_(True),
                and_(TrainingRegistration.status == RegistrationStatus.REGISTERED, marked.c.training_id.is_(None)),
            )
        )
    )
    if region_code is None:
        stmt = took_part.with_only_columns(func.count(distinct(TrainingRegistration.user_id)))
    else:
        officials = took_part.distinct().subquery("officials")
        stmt = (
            select(func.count())
            .select_from(officials)
            .join(User, User.id == officials.c.user_id)
            .where(User.region_code == region_code)
        )
    return int(await session.scalar(stmt) or 0)


async def count_councils_with_deputy_training(
    session: AsyncSession, start: datetime, end: datetime, region_code: str | None = None
) -> int:
    """ "Кількість місцевих рад, в яких проведено навчання для депутатського корпусу".

    Distinct local councils (community name + region, compared case- and
    space-insensitively) named on a non-cancelled training for deputies
    (audience "deputies" or "both") that started in `[start, end)`. Trainings
    for deputies with no council named (e.g. an open webinar) do not count.
    `region_code` keeps councils of that region.
    """
    stmt = (
        select(func.count(distinct(Training.council_key)))
        .where(*_held_in(start, end))
        .where(Training.audience.in_(DEPUTY_AUDIENCES), Training.council_key.is_not(None))
    )
    if region_code is not None:
        stmt = stmt.where(Training.council_region_code == region_code)
    return int(await session.scalar(stmt) or 0)


async def count_signups(session: AsyncSession, start: datetime, end: datetime) -> int:
    """Sign-ups made in `[start, end)` (by the time of sign-up, seat or waitlist, later cancellations included)."""
    stmt = (
        select(func.count())
        .select_from(TrainingEvent)
        .where(
            TrainingEvent.kind == TrainingEventKind.SIGNED_UP,
            TrainingEvent.created_at >= start,
            TrainingEvent.created_at < end,
        )
    )
    return int(await session.scalar(stmt) or 0)


async def monthly_series(session: AsyncSession, year: int, tz: tzinfo = UTC) -> list[tuple[int, int, int]]:
    """(month, trained officials, councils with deputy training) for each month of `year` in `tz`.

    Each month is counted on its own: an official trained in two months counts in both.
    """
    out: list[tuple[int, int, int]] = []
    for month in range(1, 13):
        start = datetime(year, month, 1, tzinfo=tz)
        end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
        out.append(
            (
                month,
                await count_trained_officials(session, start, end),
                await count_councils_with_deputy_training(session, start, end),
            )
        )
    return out
