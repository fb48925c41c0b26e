"""Deadlines in working days (Monday to Friday) in the association's time zone."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

WORKDAY_START = time(9, 0)


def add_working_days(start: datetime, days: int, tz: ZoneInfo) -> datetime:
    """`days` working days after `start`, at the same local time.

    A question asked on a weekend counts from Monday 09:00. Public holidays are
    not skipped (Ukraine has had no days off for them under martial law).
    """
    local = start.astimezone(tz)
    if local.weekday() >= 5:
        local = datetime.combine(local.date() + timedelta(days=7 - local.weekday()), WORKDAY_START, tz)
    remaining = days
    while remaining > 0:
        local = local + timedelta(days=1)
        if local.weekday() < 5:
            remaining -= 1
    # Rebuild from the wall-clock time so that a DST change keeps the local hour.
    local = datetime.combine(local.date(), local.timetz().replace(tzinfo=None), tz)
    return local.astimezone(UTC)
