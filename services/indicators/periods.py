"""Periods in the association's time zone, as UTC bounds [start, end)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo


def month_start(year: int, month: int, tz: tzinfo) -> datetime:
    if month == 13:
        year, month = year + 1, 1
    return datetime(year, month, 1, tzinfo=tz).astimezone(UTC)


def month_range(year: int, month: int, tz: tzinfo) -> tuple[datetime, datetime]:
    return month_start(year, month, tz), month_start(year, month + 1, tz)


def year_range(year: int, tz: tzinfo) -> tuple[datetime, datetime]:
    return month_start(year, 1, tz), month_start(year + 1, 1, tz)


def local_year(now: datetime, tz: tzinfo) -> int:
    return now.astimezone(tz).year


def day_range(year: int, month: int, day: int, tz: tzinfo) -> tuple[datetime, datetime]:
    start = datetime(year, month, day, tzinfo=tz)
    following = (start.date() + timedelta(days=1)).timetuple()[:3]
    return start.astimezone(UTC), datetime(*following, tzinfo=tz).astimezone(UTC)
