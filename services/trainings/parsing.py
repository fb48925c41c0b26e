"""Parsing what admins type in the training form (Ukrainian-friendly formats); refusals are typed."""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo

from services.trainings.errors import (
    BadAddress,
    BadCapacity,
    BadCouncil,
    BadDateTime,
    BadDuration,
    BadLink,
    BadTitle,
    TextLength,
)

TITLE_MAX = 200
LINK_MAX = 500
ADDRESS_MAX = 300
COUNCIL_MAX = 200
TEXT_MIN = 3
CAPACITY_MAX = 100_000
DURATION_MAX_MINUTES = 30 * 24 * 60

_DATETIME_RE = re.compile(
    r"^(?P<d>\d{1,2})[./-](?P<m>\d{1,2})(?:[./-](?P<y>\d{2,4}))?\s*(?:р\.?|року)?[\s,]+(?:о\s+)?"
    r"(?P<H>\d{1,2})[:.](?P<M>\d{2})$"
)
_ISO_RE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})[ T](?P<H>\d{1,2}):(?P<M>\d{2})$")
_HOURS_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:год(?:ин[аи]?)?|г|h)\b\.?")
_MINUTES_RE = re.compile(r"(\d+)\s*(?:хв(?:илин[аи]?)?|m|min)\b\.?")
_LINK_RE = re.compile(r"https?://[^\s<>\"]{3,}")
# "meet.example.org/abc": a link typed without its scheme, not an address.
_BARE_LINK_RE = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?", re.IGNORECASE)


def _squeeze(value: str | None) -> str:
    return " ".join((value or "").split())


def _text(value: str | None, max_len: int, refusal: type[TextLength]) -> str:
    text = _squeeze(value)
    if not TEXT_MIN <= len(text) <= max_len:
        raise refusal(min_len=TEXT_MIN, max_len=max_len)
    return text


def clean_title(value: str | None) -> str:
    return _text(value, TITLE_MAX, BadTitle)


def clean_address(value: str | None) -> str:
    return _text(value, ADDRESS_MAX, BadAddress)


def clean_council(value: str | None) -> str:
    return _text(value, COUNCIL_MAX, BadCouncil)


def looks_like_link(value: str | None) -> bool:
    text = (value or "").strip()
    return text.lower().startswith(("http:", "https:")) or _BARE_LINK_RE.fullmatch(text) is not None


def clean_link(value: str | None) -> str:
    text = (value or "").strip()
    if not _LINK_RE.fullmatch(text) or len(text) > LINK_MAX:
        raise BadLink()
    return text


def parse_local_datetime(value: str | None, tz: tzinfo, *, now: datetime) -> datetime:
    """`25.12.2026 10:00` (also `25.12.26 10.00`, `25.12 10:00`, `2026-12-25 10:00`) in `tz`, returned in UTC."""
    text = _squeeze(value).lower()
    match = _DATETIME_RE.match(text) or _ISO_RE.match(text)
    if match is None:
        raise BadDateTime()
    parts = match.groupdict()
    local_now = now.astimezone(tz)
    year = int(parts["y"]) if parts.get("y") else local_now.year
    if year < 100:
        year += 2000
    try:
        moment = datetime(year, int(parts["m"]), int(parts["d"]), int(parts["H"]), int(parts["M"]), tzinfo=tz)
    except ValueError as exc:
        raise BadDateTime() from exc
    if not parts.get("y") and moment < local_now:
        moment = moment.replace(year=year + 1)  # "25.01 10:00" typed in December means next January
    return moment.astimezone(UTC)


def parse_duration(value: str | None) -> int:
    """Minutes from `90`, `1:30`, `2 год`, `1,5 год`, `2 год 30 хв`, `45 хв`."""
    text = _squeeze(value).lower()
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
        raise BadDuration()
    return round(minutes)


def parse_capacity(value: str | None) -> int:
    text = (value or "").strip().replace(" ", "")
    if not text.isdigit() or not 1 <= int(text) <= CAPACITY_MAX:
        raise BadCapacity(max_capacity=CAPACITY_MAX)
    return int(text)
