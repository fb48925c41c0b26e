"""The figures of a year: every indicator of Table 2 (recorded or counted by the bot) and the service's work.

No words here: `bot/views/indicators.py` shows them, `services.indicators.xlsx` writes them to a file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.indicators import Aggregation, Indicator, IndicatorCatalogue, PeriodKind, Priority
from services.indicators import hotline_figures as hotline
from services.indicators import sources
from services.indicators.errors import IndicatorsForAdminsOnly, UnknownIndicator, YearOutOfRange
from services.indicators.periods import local_year, month_range, year_range
from storage.models import ComputedYearValue, IndicatorValue, Role, ValueKind
from storage.models.indicators import ALL_REGIONS, TOTAL, WHOLE_YEAR
from storage.repositories import indicators as repo

Number = int | float


def require_admin(role: Role) -> None:
    if role != Role.ADMIN:
        raise IndicatorsForAdminsOnly()


def check_year(year: int, catalogue: IndicatorCatalogue, now: datetime, tz: tzinfo) -> None:
    if not catalogue.base_year <= year <= local_year(now, tz):
        raise YearOutOfRange(first=catalogue.base_year, last=local_year(now, tz))


def parse_year(text: str, catalogue: IndicatorCatalogue, now: datetime, tz: tzinfo) -> int:
    """The year typed after `/indicators` (this year when nothing is typed)."""
    text = text.strip()
    if not text:
        return local_year(now, tz)
    if not text.isdigit():
        raise YearOutOfRange(first=catalogue.base_year, last=local_year(now, tz))
    year = int(text)
    check_year(year, catalogue, now, tz)
    return year


class RecordedValues:
    """Recorded rows indexed for the aggregation rules of the catalogue.

    One period's value is the association-wide row when there is one, else the
    sum of the regional rows; a monthly indicator's year is the average of its
    recorded months.
    """

    def __init__(self, rows: Iterable[IndicatorValue]) -> None:
        self.rows: dict[tuple[str, str, int, int, str, str], int] = {}
        for r in rows:
            self.rows[(r.indicator_code, str(r.kind), r.year, r.month, r.region_code, r.part)] = r.value

    def _pick(self, code: str, kind: str, year: int, month: int, part: str, region: str | None) -> int | None:
        if region is not None:
            return self.rows.get((code, kind, year, month, region, part))
        whole = self.rows.get((code, kind, year, month, ALL_REGIONS, part))
        if whole is not None:
            return whole
        regional = [
            v
            for (c, k, y, m, reg, p), v in self.rows.items()
            if (c, k, y, m, p) == (code, kind, year, month, part) and reg
        ]
        return sum(regional) if regional else None

    def part(self, ind: Indicator, year: int, part: str, kind: str = ValueKind.ACTUAL) -> int | None:
        return self._pick(ind.code, kind, year, WHOLE_YEAR, part, None)

    def value(
        self, ind: Indicator, year: int, kind: str = ValueKind.ACTUAL, region: str | None = None
    ) -> tuple[Number | None, int]:
        """(value, months averaged: 0 unless a monthly average)."""
        if ind.period == PeriodKind.MONTH and kind == ValueKind.ACTUAL:
            months = [self._pick(ind.code, kind, year, m, TOTAL, region) for m in range(1, 13)]
            known = [v for v in months if v is not None]
            if not known:
                return None, 0
            if ind.aggregation == Aggregation.MONTHLY_AVERAGE:
                return sum(known) / len(known), len(known)
            return sum(known), len(known)
        total = self._pick(ind.code, kind, year, WHOLE_YEAR, TOTAL, region)
        if total is None and ind.total_is_sum_of_breakdown:
            parts = [self._pick(ind.code, kind, year, WHOLE_YEAR, p.code, region) for p in ind.parts]
            known = [v for v in parts if v is not None]
            total = sum(known) if known else None
        return total, 0

    def regions(self, ind: Indicator, year: int) -> set[str]:
        return {
            reg
            for (c, k, y, _m, reg, _p) in self.rows
            if c == ind.code and k == ValueKind.ACTUAL and y == year and reg != ALL_REGIONS
        }


@dataclass(frozen=True)
class PartLine:
    label: str
    value: int | None
    split: bool = False  # split by "чи враховано"
    taken: int | None = None  # "враховано"
    not_taken: int | None = None  # "не враховано"


@dataclass(frozen=True)
class IndicatorLine:
    indicator: Indicator
    current: Number | None
    previous: Number | None
    baseline: Number | None
    target: Number | None
    months: int = 0
    parts: tuple[PartLine, ...] = ()


@dataclass(frozen=True)
class ServiceFigures:
    asked: int
    answered: int
    open: int
    overdue: int
    median_hours: float | None
    average_rating: float | None
    rating_count: int
    newsletters: dict[str, int] | None
    signups: int | None
    answers: dict[str, int] | None = None  # the base of answers (services/answers/stats.py)


@dataclass(frozen=True)
class YearFigures:
    year: int
    base_year: int
    start: datetime
    end: datetime
    to_date: bool
    priorities: tuple[tuple[Priority, tuple[IndicatorLine, ...]], ...]
    service: ServiceFigures


def _parts(ind: Indicator, recorded: RecordedValues, year: int) -> tuple[PartLine, ...]:
    out = []
    for group in ind.breakdown:
        if group.taken_into_account:
            yes = recorded.part(ind, year, f"{group.code}_yes")
            no = recorded.part(ind, year, f"{group.code}_no")
            value = None if yes is None and no is None else (yes or 0) + (no or 0)
            out.append(PartLine(group.name, value, True, yes, no))
        else:
            out.append(PartLine(group.name, recorded.part(ind, year, group.code)))
    return tuple(out)


async def computed_value(
    session: AsyncSession,
    code: str,
    start: datetime,
    end: datetime,
    by_month: hotline.ByMonth,
    months: list[hotline.MonthKey],
    region: str | None = None,
) -> int | None:
    if code == "consultations":
        return hotline.total(by_month, months, region).answered
    if code == "trained":
        return await sources.trained_officials(session, start, end, region_code=region)
    if code == "deputy_councils":
        return await sources.deputy_councils(session, start, end, region_code=region)
    raise KeyError(code)


# Attendance may be marked a while after a training: a year's training figures are
# kept (not recounted) once the year has been over this long.
TRAININGS_SETTLE = timedelta(days=35)


async def past_year_value(
    session: AsyncSession,
    code: str,
    year: int,
    tz: tzinfo,
    now: datetime,
    by_month: hotline.ByMonth,
) -> int | None:
    """A computed indicator for a whole year, from `computed_year_values` once the year is settled."""
    start, end = year_range(year, tz)
    months = year_months(year, by_month)
    if code == "consultations" or end > now - TRAININGS_SETTLE:
        return await computed_value(session, code, start, min(end, now), by_month, months)
    cached = await repo.computed_year_value(session, code, year)
    if cached is not None:
        return cached
    value = await computed_value(session, code, start, end, by_month, months)
    if value is not None:
        try:
            async with session.begin_nested():
                session.add(ComputedYearValue(indicator_code=code, year=year, value=value, computed_at=now))
        except IntegrityError:
            pass  # another admin stored it at the same moment
    return value


def year_months(year: int, by_month: hotline.ByMonth) -> list[hotline.MonthKey]:
    return [key for key in by_month if key[0] == year]


async def year_figures(
    session: AsyncSession,
    *,
    role: Role,
    catalogue: IndicatorCatalogue,
    year: int,
    now: datetime,
    tz: tzinfo,
) -> YearFigures:
    require_admin(role)
    check_year(year, catalogue, now, tz)
    start, end = year_range(year, tz)
    to_date = end > now
    end = min(end, now)

    recorded = RecordedValues(await repo.values_for_years(session, {year, year - 1, catalogue.base_year}))
    by_month = await hotline.stats_by_month(session, [year - 1, year], now=now, tz=tz, through=end)
    this_year = year_months(year, by_month)

    priorities = []
    for priority in catalogue.priorities:
        lines = []
        for ind in priority.indicators:
            baseline, _ = recorded.value(ind, catalogue.base_year, ValueKind.BASELINE)
            target, _ = recorded.value(ind, year, ValueKind.TARGET)
            current: Number | None
            previous: Number | None
            if ind.is_computed:
                current = await computed_value(session, ind.code, start, end, by_month, this_year)
                previous = await past_year_value(session, ind.code, year - 1, tz, now, by_month)
                months = 0
            else:
                current, months = recorded.value(ind, year)
                previous, _ = recorded.value(ind, year - 1)
            lines.append(IndicatorLine(ind, current, previous, baseline, target, months, _parts(ind, recorded, year)))
        priorities.append((priority, tuple(lines)))

    stats = hotline.total(by_month, this_year, hours=True)
    open_count, overdue = await hotline.open_and_overdue(session, now)
    service = ServiceFigures(
        asked=stats.asked,
        answered=stats.answered,
        open=open_count,
        overdue=overdue,
        median_hours=hotline.median_hours(stats.answer_hours),
        average_rating=stats.rating_sum / stats.rating_count if stats.rating_count else None,
        rating_count=stats.rating_count,
        newsletters=await sources.newsletter_figures(session, start, end),
        signups=await sources.training_signups(session, start, end),
        answers=await sources.answer_figures(session, start, end),
    )
    return YearFigures(year, catalogue.base_year, start, end, to_date, tuple(priorities), service)


@dataclass(frozen=True)
class RegionBreakdown:
    indicator: Indicator
    values: tuple[tuple[str, Number], ...]  # (region code, value), non-empty only


async def region_breakdown(
    session: AsyncSession,
    *,
    role: Role,
    catalogue: IndicatorCatalogue,
    region_codes: list[str],
    year: int,
    now: datetime,
    tz: tzinfo,
) -> list[RegionBreakdown]:
    require_admin(role)
    check_year(year, catalogue, now, tz)
    start, end = year_range(year, tz)
    end = min(end, now)
    recorded = RecordedValues(await repo.values_for_years(session, {year}))
    by_month = await hotline.stats_by_month(session, [year], now=now, tz=tz, through=end)
    months = year_months(year, by_month)
    out = []
    for ind in catalogue.indicators:
        values: list[tuple[str, Number]] = []
        if ind.is_computed:
            for code in region_codes:
                value: Number | None = await computed_value(
                    session, ind.code, start, end, by_month, months, region=code
                )
                if value:
                    values.append((code, value))
        else:
            for code in sorted(
                recorded.regions(ind, year), key=lambda c: region_codes.index(c) if c in region_codes else 999
            ):
                value, _ = recorded.value(ind, year, region=code)
                if value is not None:
                    values.append((code, value))
        out.append(RegionBreakdown(ind, tuple(values)))
    return out


async def computed_series(
    session: AsyncSession,
    *,
    role: Role,
    catalogue: IndicatorCatalogue,
    code: str,
    by_year: bool,
    year: int,
    now: datetime,
    tz: tzinfo,
    years_back: int = 6,
) -> list[tuple[int, int | None]]:
    """A computed indicator by month of `year` (to date), or by year for the last `years_back` years:
    (month or year, value) pairs."""
    require_admin(role)
    check_year(year, catalogue, now, tz)
    ind = catalogue.indicator(code)
    if ind is None or not ind.is_computed:
        raise UnknownIndicator(code=code)
    points: list[tuple[int, int | None]] = []
    if by_year:
        years = [y for y in range(year - years_back + 1, year + 1) if y >= catalogue.base_year]
        by_month = await hotline.stats_by_month(session, years, now=now, tz=tz)
        for y in years:
            points.append((y, await past_year_value(session, code, y, tz, now, by_month)))
        return points
    by_month = await hotline.stats_by_month(session, [year], now=now, tz=tz)
    for month in range(1, 13):
        start, end = month_range(year, month, tz)
        if start >= now:
            break
        value = await computed_value(session, code, start, min(end, now), by_month, [(year, month)])
        points.append((month, value))
    return points
