from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from services.text import quote, split_text, tg_len, trim
from services.working_days import add_working_days

KYIV = ZoneInfo("Europe/Kyiv")


def kyiv(*args: int) -> datetime:
    return datetime(*args, tzinfo=KYIV)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (kyiv(2026, 11, 23, 10, 0), 3, kyiv(2026, 11, 26, 10, 0)),  # Monday -> Thursday
        (kyiv(2026, 11, 27, 15, 30), 3, kyiv(2026, 12, 2, 15, 30)),  # Friday -> Wednesday
        (kyiv(2026, 11, 28, 12, 0), 3, kyiv(2026, 12, 3, 9, 0)),  # Saturday counts from Monday 09:00
        (kyiv(2026, 11, 29, 23, 0), 1, kyiv(2026, 12, 1, 9, 0)),  # Sunday
        (kyiv(2026, 3, 27, 10, 0), 1, kyiv(2026, 3, 30, 10, 0)),  # across the switch to summer time
    ],
)
def test_working_days(start: datetime, days: int, due: datetime) -> None:
    result = add_working_days(start.astimezone(UTC), days, KYIV)
    assert result.tzinfo is not None
    assert result == due


def test_split_respects_the_limit_and_keeps_everything() -> None:
    text = quote("Рядок з <тегом> & амперсандом. " * 500)
    parts = split_text(text, 4096)
    assert len(parts) > 1 and all(len(p) <= 4096 for p in parts)
    assert " ".join(parts).split() == text.split()
    assert all(not p.endswith("&amp") and not p.startswith("amp;") for p in parts)


def test_split_cuts_a_word_longer_than_the_limit_outside_entities() -> None:
    text = "а" * 50 + "&amp;" + "б" * 50
    parts = split_text(text, 52)
    assert "".join(parts) == text
    assert all("&amp;" in p or "&" not in p for p in parts)


def test_short_text_is_one_part() -> None:
    assert split_text("Коротко") == ["Коротко"]


def test_trim_keeps_line_breaks_and_cuts_at_a_word() -> None:
    text = "Так.\n\n1) Рішення ради.\n2) Договір оренди."
    assert trim(text, 100) == text  # fits: as it is, paragraphs kept (shorten would make it one line)
    cut = trim(text, 20)
    assert cut == "Так.\n\n1) Рішення…" and tg_len(cut) <= 20
    assert trim("а" * 50, 10) == "а" * 9 + "…"  # no boundary: a hard cut
    assert tg_len(trim("😀" * 50, 11)) <= 11  # counted as Telegram counts (an emoji is two units)
