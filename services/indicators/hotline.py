"""The hot line's figures by month, from roll-ups of closed months plus a live count.

Counting rules (the indicator "Кількість наданих консультацій органам місцевого
самоврядування"):
- a consultation is *provided* when it is answered, not merely asked;
- it counts once, in the period that contains its FIRST answer
  (`consultations.first_answered_at`, set once and never changed): answering it
  again, reopening it, or answering it again in another year adds nothing;
- "asked" counts consultations by creation time; ratings and the time to the
  first answer belong to the period of the first answer.

Months are calendar months in `settings.tz`. A month that ended more than
`SEAL_AFTER` ago is rolled up once into `consultation_month_stats` (ratings
arrive after answers, so we wait); `/indicators` then reads a dozen rows per
year instead of counting the whole log, and only the last month or two are
counted live through the indexes on `created_at` and `first_answered_at`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.indicators.periods import month_range
from storage.models import ConsultationMonthStats, ConsultationStatsMonth
from storage.repositories import indicators as repo

SEAL_AFTER = timedelta(days=35)


@dataclass
class RegionStats:
    asked: int = 0
    answered: int = 0
    rating_sum: int = 0
    rating_count: int = 0
    answer_hours: Counter[int] = field(default_factory=Counter)

    def add(self, other: RegionStats, *, hours: bool = True) -> None:
        self.asked += other.asked
        self.answered += other.answered
        self.rating_sum += other.rating_sum
        self.rating_count += other.rating_count
        if hours:
            self.answer_hours.update(other.answer_hours)


MonthKey = tuple[int, int]
# (year, month) -> region code ("" when unknown) -> figures
ByMonth = dict[MonthKey, dict[str, RegionStats]]


def is_sealed(year: int, month: int, now: datetime, tz: ZoneInfo) -> bool:
    return month_range(year, month, tz)[1] <= now - SEAL_AFTER


async def _count_range(session: AsyncSession, start: datetime, end: datetime) -> dict[str, RegionStats]:
    out: dict[str, RegionStats] = {}
    for region, count in (await repo.asked_by_region(session, start, end)).items():
        out.setdefault(region, RegionStats()).asked = count
    for region, hours, count, rating_sum, rating_count in await repo.first_answers_by_region_and_hours(
        session, start, end
    ):
        stats = out.setdefault(region, RegionStats())
        stats.answered += count
        stats.rating_sum += rating_sum
        stats.rating_count += rating_count
        stats.answer_hours[max(hours, 0)] += count
    return out


async def _roll_up(session: AsyncSession, year: int, month: int, tz: ZoneInfo, now: datetime) -> dict[str, RegionStats]:
    start, end = month_range(year, month, tz)
    stats = await _count_range(session, start, end)
    try:
        # Two admins may roll the same month up at once: the second one just reads.
        async with session.begin_nested():
            session.add(ConsultationStatsMonth(year=year, month=month, rolled_up_at=now))
            for region, s in stats.items():
                session.add(
                    ConsultationMonthStats(
                        year=year,
                        month=month,
                        region_code=region,
                        asked=s.asked,
                        answered=s.answered,
                        rating_sum=s.rating_sum,
                        rating_count=s.rating_count,
                        answer_hours={str(h): n for h, n in s.answer_hours.items()},
                    )
                )
    except IntegrityError:
        pass
    return stats


async def stats_by_month(
    session: AsyncSession, years: list[int], *, now: datetime, tz: ZoneInfo, through: datetime | None = None
) -> ByMonth:
    """Figures of every month of `years` that started before `through` (default: now).

    The month containing `through` is counted up to `through`.
    """
    through = through or now
    sealed = await repo.rolled_up_months(session, years)
    out: ByMonth = {}
    for year, month, region, asked, answered, rating_sum, rating_count, hours in await repo.month_stats(session, years):
        out.setdefault((year, month), {})[region] = RegionStats(
            asked=asked,
            answered=answered,
            rating_sum=rating_sum,
            rating_count=rating_count,
            answer_hours=Counter({int(h): int(n) for h, n in hours.items()}),
        )
    for year in years:
        for month in range(1, 13):
            start, end = month_range(year, month, tz)
            if start >= through:
                break
            key = (year, month)
            if key in sealed:
                out.setdefault(key, {})
            elif end <= through and is_sealed(year, month, now, tz):
                out[key] = await _roll_up(session, year, month, tz, now)
            else:
                out[key] = await _count_range(session, start, min(end, through))
    return out


def total(
    by_month: ByMonth, months: list[MonthKey] | None = None, region: str | None = None, *, hours: bool = False
) -> RegionStats:
    """Sums months (default: all) and regions (default: all); `hours` also merges the histograms."""
    acc = RegionStats()
    wanted = None if months is None else set(months)
    for key, regions in by_month.items():
        if wanted is not None and key not in wanted:
            continue
        for code, stats in regions.items():
            if region is None or code == region:
                acc.add(stats, hours=hours)
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
