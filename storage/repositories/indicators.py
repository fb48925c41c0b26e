"""Queries for `/indicators`: hot line counts by range, roll-ups, recorded values."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, and_, cast, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from storage.models import (
    ComputedYearValue,
    Consultation,
    ConsultationEvent,
    ConsultationMonthStats,
    ConsultationStatsMonth,
    ConsultationStatus,
    EventKind,
    IndicatorValue,
    IndicatorValueChange,
)

NOT_ANSWERED_YET = (ConsultationStatus.OPEN, ConsultationStatus.ASSIGNED, ConsultationStatus.CLARIFICATION)


def _hours_to_first_answer(dialect: str) -> ColumnElement[Any]:
    """Whole hours from the question to the first answer, computed by the database."""
    if dialect == "sqlite":
        days = func.julianday(Consultation.first_answered_at) - func.julianday(Consultation.created_at)
        return cast(days * 24, Integer)
    seconds = func.extract("epoch", Consultation.first_answered_at - Consultation.created_at)
    return cast(func.floor(seconds / 3600), Integer)


async def asked_by_region(session: AsyncSession, start: datetime, end: datetime) -> dict[str, int]:
    rows = await session.execute(
        select(Consultation.region_code, func.count())
        .where(Consultation.created_at >= start, Consultation.created_at < end)
        .group_by(Consultation.region_code)
    )
    return {region or "": count for region, count in rows}


async def first_answers_by_region(session: AsyncSession, start: datetime, end: datetime) -> dict[str, int]:
    """Consultations whose FIRST answer falls in [start, end), by region: each counts once,
    in that period. Read from a covering index."""
    rows = await session.execute(
        select(Consultation.region_code, func.count())
        .where(Consultation.first_answered_at >= start, Consultation.first_answered_at < end)
        .group_by(Consultation.region_code)
    )
    return {region or "": count for region, count in rows}


async def hours_to_first_answer(session: AsyncSession, start: datetime, end: datetime) -> dict[int, int]:
    """Whole hours from question to first answer -> consultations first answered in [start, end)."""
    hours = _hours_to_first_answer(session.get_bind().dialect.name).label("hours")
    rows = await session.execute(
        select(hours, func.count())
        .where(Consultation.first_answered_at >= start, Consultation.first_answered_at < end)
        .group_by(hours)
    )
    return {max(int(h or 0), 0): int(n) for h, n in rows}


async def ratings_by_region(session: AsyncSession, start: datetime, end: datetime) -> list[tuple[str, int, int]]:
    """(region, sum of stars, ratings) of the ratings GIVEN in [start, end).

    A consultation is rated once (its `rated` event with the stars; a later comment on
    the rating is another `rated` event with text), so a closed period never changes.
    """
    rows = await session.execute(
        select(
            Consultation.region_code, func.coalesce(func.sum(Consultation.rating), 0), func.count(Consultation.rating)
        )
        .select_from(ConsultationEvent)
        .join(Consultation, Consultation.id == ConsultationEvent.consultation_id)
        .where(
            ConsultationEvent.kind == EventKind.RATED,
            ConsultationEvent.created_at >= start,
            ConsultationEvent.created_at < end,
            ConsultationEvent.text.is_(None),
        )
        .group_by(Consultation.region_code)
    )
    return [(region or "", int(s or 0), int(n)) for region, s, n in rows]


async def computed_year_value(session: AsyncSession, code: str, year: int) -> int | None:
    row = await session.get(ComputedYearValue, (code, year))
    return None if row is None else row.value


async def count_not_answered(session: AsyncSession, *, overdue_at: datetime | None = None) -> int:
    query = select(func.count()).select_from(Consultation).where(Consultation.status.in_(NOT_ANSWERED_YET))
    if overdue_at is not None:
        query = query.where(Consultation.due_at < overdue_at)
    return int(await session.scalar(query) or 0)


async def rolled_up_periods(session: AsyncSession, years: Iterable[int]) -> Sequence[Any]:
    """(year, month, day, answer-hours histogram) of the months (day 0) and days already rolled up."""
    m = ConsultationStatsMonth
    rows = await session.execute(select(m.year, m.month, m.day, m.answer_hours).where(m.year.in_(list(years))))
    return rows.all()


async def period_stats(session: AsyncSession, years: Iterable[int]) -> Sequence[Any]:
    """Rows (year, month, day, region_code, asked, answered, rating_sum, rating_count); plain
    tuples, not ORM objects: a year has hundreds of them and they are only read."""
    s = ConsultationMonthStats
    result = await session.execute(
        select(s.year, s.month, s.day, s.region_code, s.asked, s.answered, s.rating_sum, s.rating_count).where(
            s.year.in_(list(years))
        )
    )
    return result.all()


async def delete_day_roll_ups(session: AsyncSession, year: int, month: int) -> None:
    for model in (ConsultationMonthStats, ConsultationStatsMonth):
        await session.execute(delete(model).where(model.year == year, model.month == month, model.day > 0))


async def values_for_years(session: AsyncSession, years: Iterable[int]) -> Sequence[IndicatorValue]:
    result = await session.scalars(select(IndicatorValue).where(IndicatorValue.year.in_(sorted(set(years)))))
    return result.all()


async def find_value(
    session: AsyncSession, *, indicator_code: str, kind: str, year: int, month: int, region_code: str, part: str
) -> IndicatorValue | None:
    return await session.scalar(
        select(IndicatorValue).where(
            and_(
                IndicatorValue.indicator_code == indicator_code,
                IndicatorValue.kind == kind,
                IndicatorValue.year == year,
                IndicatorValue.month == month,
                IndicatorValue.region_code == region_code,
                IndicatorValue.part == part,
            )
        )
    )


async def history(
    session: AsyncSession, indicator_code: str, limit: int = 30
) -> Sequence[tuple[IndicatorValueChange, IndicatorValue]]:
    rows = await session.execute(
        select(IndicatorValueChange, IndicatorValue)
        .join(IndicatorValue, IndicatorValue.id == IndicatorValueChange.value_id)
        .where(IndicatorValueChange.indicator_code == indicator_code)
        .order_by(IndicatorValueChange.id.desc())
        .limit(limit)
    )
    return [(change, value) for change, value in rows]
