"""Parsing what admins type in the training dialog (Ukrainian-friendly formats)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo

from bot.texts import trainings as t

TITLE_MAX = 200
LINK_MAX = 500
ADDRESS_MAX = 300
CAPACITY_MAX = 100_000
DURATION_MAX_MINUTES = 30 * 24 * 60

_DATETIME_RE = re.compile(
    r"^(?P<d>\d{1,2})[./-](?P<m>\d{1,2})(?:[./-](?P<y>\d{2,4}))?\s*(?:р\.?|року)?[\s,]+(?:о\s+)?"
    r"(?P<H>\d{1,2})[:.](?P<M>\d{2})$"
)
_ISO_RE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})[ T](?P<H>\d{1,2}):(?P<M>\d{2})$")
_HOURS_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:год(?:ин[аи]?)?|г|h)\b\.?")
_MINUTES_RE = re.compile(r"(\d+)\s*(?:хв(?:илин[аи]?)?|m|min)\b\.?")


class InvalidInput(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def clean_text(value: str | None, *, max_len: int, error: str, min_len: int = 3) -> str:
    cleaned = " ".join((value or "").split())
    if not min_len <= len(cleaned) <= max_len:
        raise InvalidInput(error)
    return cleaned


def parse_local_datetime(value: str | None, tz: tzinfo, *, now: datetime) -> datetime:
    """`25.12.2026 10:00` (also `25.12.26 10.00`, `25.12 10:00`, `2026-12-25 10:00`) in `tz`, returned in UTC."""
    text = " ".join((value or "").strip().lower().split())
    match = _DATETIME_RE.match(text) or _ISO_RE.match(text)
    if match is None:
        raise InvalidInput(t.BAD_DATETIME)
    parts = match.groupdict()
    local_now = now.astimezone(tz)
    year = int(parts["y"]) if parts.get("y") else local_now.year
    if year < 100:
        year += 2000
    try:
        moment = datetime(year, int(parts["m"]), int(parts["d"]), int(parts["H"]), int(parts["M"]), tzinfo=tz)
    except ValueError as exc:
        raise InvalidInput(t.BAD_DATETIME) from exc
    if not parts.get("y") and moment < local_now:
        moment = moment.replace(year=year + 1)  # "25.01 10:00" typed in December means next January
    return moment.astimezone(UTC)


def parse_duration(value: str | None) -> int:
    """Minutes from `90`, `1:30`, `2 год`, `1,5 год`, `2 год 30 хв`, `45 хв`."""
    text = " ".join((value or "").strip().lower().split())
    minutes: float | None = None
    if re.fullmatch(r"\d+", text):
        minutes = int(text)
    elif match := re.fullmatch(r"(\d+):(\d{2})", text):
        minutes = int(match[1]) * 60 + int(match[2])
    else:
        hours = _HOURS_RE.search(text)
        mins = _MINUTES_RE.search(text)
        if hours or mins:
            leftover = _MINUTES_RE.sub("", _HOURS_RE.sub("", text)).strip(" ,і")
            if not leftover:
                minutes = (float(hours[1].replace(",", ".")) * 60 if hours else 0) + (int(mins[1]) if mins else 0)
    if minutes is None or not 1 <= minutes <= DURATION_MAX_MINUTES:
        raise InvalidInput(t.BAD_DURATION)
    return round(minutes)


def parse_capacity(value: str | None) -> int:
    text = (value or "").strip().replace(" ", "")
    if not text.isdigit() or not 1 <= int(text) <= CAPACITY_MAX:
        raise InvalidInput(t.BAD_CAPACITY)
    return int(text)


def clean_link(value: str | None) -> str:
    text = (value or "").strip()
    if not re.fullmatch(r"https?://[^\s<>\"]{3,}", text) or len(text) > LINK_MAX:
        raise InvalidInput(t.BAD_LINK)
    return text
