"""The hot line's figures by month, from roll-ups of closed months plus a live count.

Counting rules (the indicator "Кількість наданих консультацій органам місцевого
самоврядування"):
- a consultation is *provided* when it is answered, not merely asked;
- it counts once, in the period that contains its FIRST answer
  (`consultations.first_answered_at`, set once and never changed): answering it
  again, reopening it, or answering it again in another year adds nothing;
- "asked" counts consultations by creation time; the time to the first answer
  belongs to the period of the first answer; the average rating is over the
  ratings given in the period (a consultation is rated once).

None of these change once their period is over, so a calendar month (in
`settings.tz`) that ended more than `SEAL_AFTER` ago (a margin for transactions
still in flight) is rolled up once into `consultation_month_stats`, and so is
each past day of the current month (`day` > 0). `/indicators` then reads a few
hundred small rows per year instead of counting the whole log; only today is
counted live, from covering indexes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.indicators.periods import day_range, month_range
from storage.models import ConsultationMonthStats, ConsultationStatsMonth
from storage.repositories import indicators as repo

SEAL_AFTER = timedelta(hours=1)


@dataclass
class RegionStats:
    asked: int = 0
    answered: int = 0
    rating_sum: int = 0
    rating_count: int = 0

    def add(self, other: RegionStats) -> None:
        self.asked += other.asked
        self.answered += other.answered
        self.rating_sum += other.rating_sum
        self.rating_count += other.rating_count


@dataclass
class MonthStats:
    """Figures of a month (or of a day, when rolled up day by day)."""

    regions: dict[str, RegionStats] = field(default_factory=dict)  # region code ("" when unknown) -> figures
    # Whole hours from question to first answer -> consultations (all regions).
    answer_hours: Counter[int] = field(default_factory=Counter)

    def region(self, code: str) -> RegionStats:
        return self.regions.setdefault(code, RegionStats())

    def add(self, other: MonthStats) -> None:
        for code, stats in other.regions.items():
            self.region(code).add(stats)
        self.answer_hours.update(other.answer_hours)


@dataclass
class Totals(RegionStats):
    answer_hours: Counter[int] = field(default_factory=Counter)


MonthKey = tuple[int, int]
ByMonth = dict[MonthKey, MonthStats]
PeriodKey = tuple[int, int, int]  # (year, month, day); day 0: the whole month
WHOLE_MONTH = 0


async def _count_range(session: AsyncSession, start: datetime, end: datetime) -> MonthStats:
    out = MonthStats()
    for region, count in (await repo.asked_by_region(session, start, end)).items():
        out.region(region).asked = count
    for region, count in (await repo.first_answers_by_region(session, start, end)).items():
        out.region(region).answered = count
    for region, rating_sum, rating_count in await repo.ratings_by_region(session, start, end):
        stats = out.region(region)
        stats.rating_sum, stats.rating_count = rating_sum, rating_count
    out.answer_hours = Counter(await repo.hours_to_first_answer(session, start, end))
    return out


async def _roll_up(session: AsyncSession, key: PeriodKey, start: datetime, end: datetime, now: datetime) -> MonthStats:
    year, month, day = key
    stats = await _count_range(session, start, end)
    try:
        # Two admins may roll the same period up at once: the second one just reads.
        async with session.begin_nested():
            hours = {str(h): n for h, n in stats.answer_hours.items()}
            session.add(ConsultationStatsMonth(year=year, month=month, day=day, rolled_up_at=now, answer_hours=hours))
            for region, s in stats.regions.items():
                session.add(
                    ConsultationMonthStats(
                        year=year,
                        month=month,
                        day=day,
                        region_code=region,
                        asked=s.asked,
                        answered=s.answered,
                        rating_sum=s.rating_sum,
                        rating_count=s.rating_count,
                    )
                )
            if day == WHOLE_MONTH:
                # The month's own row replaces the days rolled up while it was running.
                await repo.delete_day_roll_ups(session, year, month)
    except IntegrityError:
        pass
    return stats


async def stats_by_month(
    session: AsyncSession, years: list[int], *, now: datetime, tz: tzinfo, through: datetime | None = None
) -> ByMonth:
    """Figures of every month of `years` that started before `through` (default: now).

    The month containing `through` is counted up to `through`.
    """
    through = through or now
    settled = now - SEAL_AFTER  # periods that ended before this are final
    stored: dict[PeriodKey, MonthStats] = {}
    for year, month, day, hours in await repo.rolled_up_periods(session, years):
        stored[(year, month, day)] = MonthStats(
            answer_hours=Counter({int(h): int(n) for h, n in (hours or {}).items()})
        )
    for year, month, day, region, asked, answered, rating_sum, rating_count in await repo.period_stats(session, years):
        if (year, month, day) in stored:
            stored[(year, month, day)].regions[region] = RegionStats(asked, answered, rating_sum, rating_count)

    async def period(key: PeriodKey, start: datetime, end: datetime) -> MonthStats:
        if key in stored:
            return stored[key]
        if end <= through and end <= settled:
            return await _roll_up(session, key, start, end, now)
        return await _count_range(session, start, min(end, through))

    out: ByMonth = {}
    for year in years:
        for month in range(1, 13):
            start, end = month_range(year, month, tz)
            if start >= through:
                break
            if (year, month, WHOLE_MONTH) in stored or (end <= through and end <= settled):
                out[(year, month)] = await period((year, month, WHOLE_MONTH), start, end)
                continue
            # The month is not over: its past days are rolled up one by one, today is counted live.
            acc = MonthStats()
            for day in range(1, 32):
                day_start, day_end = day_range(year, month, day, tz)
                if day_start >= min(end, through):
                    break
                acc.add(await period((year, month, day), day_start, day_end))
            out[(year, month)] = acc
    return out


def total(
    by_month: ByMonth, months: list[MonthKey] | None = None, region: str | None = None, *, hours: bool = False
) -> Totals:
    """Sums months (default: all) and regions (default: all); `hours` also merges the histograms."""
    acc = Totals()
    wanted = None if months is None else set(months)
    for key, month in by_month.items():
        if wanted is not None and key not in wanted:
            continue
        for code, stats in month.regions.items():
            if region is None or code == region:
                acc.add(stats)
        if hours:
            acc.answer_hours.update(month.answer_hours)
    return acc


def median_hours(hours: Counter[int]) -> float | None:
    """Median of whole-hour buckets, interpolated inside the bucket."""
    n = sum(hours.values())
    if n == 0:
        return None
    half = n / 2
    seen = 0
    for h in sorted(hours):
        count = hours[h]
        if seen + count >= half:
            return h + (half - seen) / count
        seen += count
    return float(max(hours))


async def open_and_overdue(session: AsyncSession, now: datetime) -> tuple[int, int]:
    return await repo.count_not_answered(session), await repo.count_not_answered(session, overdue_at=now)
