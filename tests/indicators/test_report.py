from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks.indicators import ChartPeriod, IndicatorChartCb, IndicatorsAction, IndicatorsCb
from bot.texts import common as tc
from bot.texts import indicators as t
from core.errors import AccessDenied
from knowledge import Knowledge
from services.indicators import figures
from services.indicators.hotline_figures import median_hours
from services.text import ALERT_LIMIT, tg_len
from storage.models import ConsultationMonthStats, ConsultationStatsMonth, ConsultationStatus, Role
from tests.conftest import ADMIN_ID, FakeClock
from tests.indicators.data import consultation, kyiv
from tests.indicators.test_catalogue import ALL_NAMES, TABLE_2
from tests.support.client import TelegramClient
from tests.support.factories import make_user

TZ = ZoneInfo("Europe/Kyiv")
OFFICIAL = 5101
CONSULTATIONS = "Кількість наданих консультацій органам місцевого самоврядування"


async def hot_line(session: AsyncSession) -> None:
    """Edge cases of "counts once, in the period of its first answer" (the clock is 2026-11-23)."""
    official = await make_user(session, telegram_id=OFFICIAL)
    other = await make_user(session, region_code="lvi")
    # Answered twice in 2026 (a follow-up answer in another month): one consultation.
    await consultation(
        session, official, created=kyiv(2026, 3, 2), answers=(kyiv(2026, 3, 3), kyiv(2026, 4, 1)), rating=5
    )
    # Asked in 2025, first answered in 2026: provided in 2026.
    await consultation(session, official, created=kyiv(2025, 12, 20), answers=(kyiv(2026, 1, 10),), rating=3)
    # Answered in 2025, reopened and answered again in 2026: provided in 2025 only.
    await consultation(
        session,
        other,
        region="lvi",
        created=kyiv(2025, 6, 1),
        answers=(kyiv(2025, 6, 2), kyiv(2026, 2, 5)),
        reopened=(kyiv(2026, 2, 4),),
    )
    # Asked, never answered, past its deadline: not provided; open and overdue.
    await consultation(session, official, created=kyiv(2026, 11, 10), due=kyiv(2026, 11, 13))
    # Answered this month (counted live, not rolled up yet); 2 hours to the first answer.
    await consultation(
        session,
        official,
        created=kyiv(2026, 11, 20, 10),
        answers=(kyiv(2026, 11, 20, 12),),
        status=ConsultationStatus.ANSWERED,
        rating=4,
    )
    # Open, not yet due: open, not overdue.
    await consultation(session, official, created=kyiv(2026, 11, 22), due=kyiv(2026, 11, 25))
    await session.commit()


async def test_consultations_count_once_in_the_period_of_the_first_answer(
    session: AsyncSession, knowledge: Knowledge, clock: FakeClock
) -> None:
    await hot_line(session)
    for _ in range(2):  # the second run reads the roll-ups written by the first
        data = await figures.year_figures(
            session, role=Role.ADMIN, catalogue=knowledge.indicators, year=2026, now=clock.now(), tz=TZ
        )
        await session.commit()
        lines = {line.indicator.code: line for _, lines in data.priorities for line in lines}
        assert lines["consultations"].current == 3
        assert lines["consultations"].previous == 1
        s = data.service
        assert (s.asked, s.answered, s.open, s.overdue) == (4, 3, 2, 1)
        assert s.average_rating == 4.0 and s.rating_count == 3
    # Closed months were rolled up once, and so were the past days of November; today is counted live.
    m = ConsultationStatsMonth
    sealed = set((await session.execute(select(m.year, m.month, m.day))).all())
    assert {(2026, 10, 0), (2025, 6, 0), (2026, 11, 20), (2026, 11, 22)} <= sealed
    assert (2026, 11, 0) not in sealed and (2026, 11, 23) not in sealed
    november_20 = await session.get(ConsultationMonthStats, (2026, 11, 20, "kyo"))
    assert november_20 is not None and (november_20.asked, november_20.answered) == (1, 1)
    june = await session.get(ConsultationMonthStats, (2025, 6, 0, "lvi"))
    assert june is not None and june.answered == 1 and june.asked == 1

    data_2025 = await figures.year_figures(
        session, role=Role.ADMIN, catalogue=knowledge.indicators, year=2025, now=clock.now(), tz=TZ
    )
    lines = {line.indicator.code: line for _, lines in data_2025.priorities for line in lines}
    assert lines["consultations"].current == 1 and not data_2025.to_date
    assert data_2025.service.asked == 2


async def test_monthly_series_and_regions(session: AsyncSession, knowledge: Knowledge, clock: FakeClock) -> None:
    await hot_line(session)
    kw = {"role": Role.ADMIN, "catalogue": knowledge.indicators, "now": clock.now(), "tz": TZ}
    months = await figures.computed_series(session, code="consultations", by_year=False, year=2026, **kw)
    assert [v for _, v in months] == [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]
    years = await figures.computed_series(session, code="consultations", by_year=True, year=2026, **kw)
    assert years[-2:] == [(2025, 1), (2026, 3)]
    regions = await figures.region_breakdown(session, region_codes=[r.code for r in knowledge.regions], year=2025, **kw)
    by_code = {row.indicator.code: row.values for row in regions}
    assert by_code["consultations"] == (("lvi", 1),)


def test_median_of_hour_buckets() -> None:
    from collections import Counter

    assert median_hours(Counter()) is None
    assert median_hours(Counter({2: 1})) == 2.5
    assert median_hours(Counter({1: 1, 5: 1, 9: 1})) == 5.5


async def test_the_service_refuses_non_admins(session: AsyncSession, knowledge: Knowledge, clock: FakeClock) -> None:
    for role in (Role.OFFICIAL, Role.LAWYER):
        with pytest.raises(AccessDenied):
            await figures.year_figures(
                session, role=role, catalogue=knowledge.indicators, year=2026, now=clock.now(), tz=TZ
            )


async def test_non_admins_are_refused_in_the_bot(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    await make_user_in(session_pool, OFFICIAL)
    for text in ("/indicators", tc.BTN_INDICATORS, "/indicators 2025"):
        calls = await client.send(OFFICIAL, text)
        assert calls.texts == [t.ADMINS_ONLY]
    actions = (IndicatorsAction.SHOW, IndicatorsAction.XLSX, IndicatorsAction.RECORD, IndicatorsAction.UPLOAD)
    for data in (IndicatorsCb(action=action, year=2026) for action in actions):
        calls = await client.click(OFFICIAL, data.pack())
        assert calls.alerts == [t.ADMINS_ONLY]
        assert not calls.of("SendMessage") and not calls.of("SendDocument")
    calls = await client.click(
        OFFICIAL, IndicatorChartCb(code="consultations", by=ChartPeriod.MONTHS, year=2026).pack()
    )
    assert calls.alerts == [t.ADMINS_ONLY] and not calls.of("SendPhoto")


async def make_user_in(pool: async_sessionmaker[AsyncSession], telegram_id: int) -> None:
    async with pool() as session:
        await make_user(session, telegram_id=telegram_id)
        await session.commit()


async def test_indicators_lists_every_priority_and_indicator(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    async with session_pool() as session:
        await hot_line(session)
    calls = await client.send(ADMIN_ID, "/indicators")
    texts = calls.texts
    assert all(len(text) <= 4096 for text in texts)
    text = calls.text
    assert "Показники моніторингу Стратегії АМУ, 2026" in text
    assert len(texts) == 1  # one screen on a phone
    for number, (name, _) in TABLE_2.items():
        assert f"<b>{number}. {name}</b>" in text
    for name in ALL_NAMES:
        assert text.count(name) == 1, name
    assert "Кількість відвідувачів сайту АМУ (середньомісячний показник)" in text
    # One short line per indicator: nothing recorded is a brief "немає даних" (no empty baseline or
    # target); the computed consultations have this year's figure; the previous year is a button away.
    lines = text.split("\n")
    assert "1.1 Кількість розроблених АМУ законопроектів: немає даних" in lines
    assert f"3.3 {CONSULTATIONS} 🤖: <b>3</b>" in lines
    assert "база" not in text and "ціль" not in text
    assert "надійшло звернень: 4" in text and "прострочено зараз: 1" in text
    assert "середня оцінка: 4.00 з 5 (оцінок: 3)" in text
    buttons = [label for label, _ in calls.buttons()]
    assert t.BTN_PREV_YEAR.format(year=2025) in buttons and t.BTN_NEXT_YEAR.format(year=2027) not in buttons
    for label in (t.BTN_DETAILS, t.BTN_REGIONS, t.BTN_XLSX, t.BTN_CHARTS, t.BTN_RECORD, t.BTN_UPLOAD, t.BTN_TEMPLATE):
        assert label in buttons

    # The menu button and the year argument work too.
    calls = await client.send(ADMIN_ID, tc.BTN_INDICATORS)
    assert "Показники моніторингу Стратегії АМУ, 2026" in calls.text
    calls = await client.send(ADMIN_ID, "/indicators 2025")
    assert "Показники моніторингу Стратегії АМУ, 2025" in calls.text and t.WHOLE_YEAR in calls.text
    calls = await client.send(ADMIN_ID, "/indicators 2031")
    assert calls.texts == [t.YEAR_OUT_OF_RANGE.format(first=2012, last=2026)]


async def test_previous_year_regions_xlsx_and_charts_buttons(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    async with session_pool() as session:
        await hot_line(session)
    calls = await client.send(ADMIN_ID, "/indicators")
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_PREV_YEAR.format(year=2025)))
    assert "Показники моніторингу Стратегії АМУ, 2025" in calls.text
    assert t.BTN_NEXT_YEAR.format(year=2026) in [label for label, _ in calls.buttons()]

    overview_2025 = calls
    calls = await client.click(ADMIN_ID, overview_2025.button(t.BTN_REGIONS))
    assert "Львівська область: 1" in calls.text

    # The details: the previous year, baseline and target of every indicator.
    calls = await client.click(ADMIN_ID, overview_2025.button(t.BTN_DETAILS))
    consultations = calls.text.split(CONSULTATIONS, 1)[1].split("\n\n", 1)[0]
    assert "2025: <b>1</b> · 2024: 0" in consultations
    assert "база 2012: немає даних · ціль 2025: немає даних" in consultations

    calls = await client.send(ADMIN_ID, "/indicators")
    overview = calls
    calls = await client.click(ADMIN_ID, overview.button(t.BTN_XLSX))
    (doc,) = calls.of("SendDocument")
    wb = load_workbook(BytesIO(doc.document.data))  # type: ignore[attr-defined]
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    names = [row[2] for row in rows]
    for name in ALL_NAMES:
        assert any(str(n).startswith(name) for n in names), name
    consultations_row = next(row for row in rows if row[1] == "consultations")
    assert consultations_row[6:8] == (3, 1)

    calls = await client.click(ADMIN_ID, overview.button(t.BTN_CHARTS))
    picker = calls
    calls = await client.click(ADMIN_ID, picker.button("по місяцях"))
    (photo,) = calls.of("SendPhoto")
    assert photo.photo.data.startswith(b"\x89PNG")  # type: ignore[attr-defined]
    assert CONSULTATIONS in photo.caption  # type: ignore[attr-defined]
    calls = await client.click(ADMIN_ID, picker.button("по роках"))
    assert calls.of("SendPhoto")


async def test_a_double_tap_on_an_indicators_button_does_its_work_once(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    async with session_pool() as session:
        await hot_line(session)
    overview = await client.send(ADMIN_ID, "/indicators")
    for label, sent in (
        (t.BTN_XLSX, "SendDocument"),
        (t.BTN_TEMPLATE, "SendDocument"),
        (t.BTN_PREV_YEAR.format(year=2025), "SendMessage"),
        (t.BTN_DETAILS, "SendMessage"),
        (t.BTN_REGIONS, "SendMessage"),
        (t.BTN_HISTORY, "SendMessage"),
        (t.BTN_RECORD, "SendMessage"),
    ):
        button = overview.button(label)
        first = await client.click(ADMIN_ID, button)
        assert first.of(sent) and not first.alerts, label
        again = await client.click(ADMIN_ID, button)  # a double tap
        assert again.alerts == [t.ALREADY_PRESSED], label
        assert not again.of("SendMessage") and not again.of("SendDocument") and not again.of("EditMessageText")
    picker = await client.click(ADMIN_ID, overview.button(t.BTN_CHARTS))
    chart = picker.button("по місяцях")
    assert (await client.click(ADMIN_ID, chart)).of("SendPhoto")
    again = await client.click(ADMIN_ID, chart)
    assert again.alerts == [t.CHART_ALREADY_SENT] and not again.of("SendPhoto")
    # Every alert is short enough to be shown whole.
    for text in (t.ALREADY_PRESSED, t.CHART_ALREADY_SENT, t.HISTORY_ALREADY_SENT):
        assert tg_len(text) <= ALERT_LIMIT


async def test_a_long_report_is_split_by_priority() -> None:
    from bot.views.indicators import pack

    blocks = ["a" * 3000, "b" * 3000, "c" * 100]
    assert [len(m) for m in pack(blocks)] == [3000, 3102]
    assert all(len(m) <= 4096 for m in pack(["x\n" * 5000]))


async def test_year_edges_use_kyiv_time(session: AsyncSession, knowledge: Knowledge, clock: FakeClock) -> None:
    from datetime import UTC, datetime

    official = await make_user(session)
    # 31 December 23:30 in Kyiv (21:30 UTC) is 2025; 1 January 00:30 in Kyiv (22:30 UTC on 31 December) is 2026.
    for answered in (datetime(2025, 12, 31, 21, 30, tzinfo=UTC), datetime(2025, 12, 31, 22, 30, tzinfo=UTC)):
        await consultation(session, official, created=answered - timedelta(hours=1), answers=(answered,))
    await session.commit()
    for year in (2025, 2026):
        data = await figures.year_figures(
            session, role=Role.ADMIN, catalogue=knowledge.indicators, year=year, now=clock.now(), tz=TZ
        )
        lines = {line.indicator.code: line for _, lines in data.priorities for line in lines}
        assert lines["consultations"].current == 1


async def test_a_rating_counts_when_it_is_given(session: AsyncSession, knowledge: Knowledge, clock: FakeClock) -> None:
    official = await make_user(session)
    # Answered in December 2025, rated in January 2026: the rating belongs to 2026.
    await consultation(
        session, official, created=kyiv(2025, 12, 29), answers=(kyiv(2025, 12, 30),), rating=2, rated=kyiv(2026, 1, 3)
    )
    await session.commit()
    kw = {"role": Role.ADMIN, "catalogue": knowledge.indicators, "now": clock.now(), "tz": TZ}
    data_2025 = await figures.year_figures(session, year=2025, **kw)
    data_2026 = await figures.year_figures(session, year=2026, **kw)
    assert (data_2025.service.answered, data_2025.service.rating_count) == (1, 0)
    assert (data_2026.service.answered, data_2026.service.average_rating) == (0, 2.0)


async def test_today_is_counted_live_up_to_the_minute(
    session: AsyncSession, knowledge: Knowledge, clock: FakeClock
) -> None:
    await hot_line(session)
    kw = {"role": Role.ADMIN, "catalogue": knowledge.indicators, "year": 2026, "tz": TZ}
    data = await figures.year_figures(session, now=clock.now(), **kw)
    await session.commit()
    assert data.service.answered == 3
    official = await make_user(session)
    clock.advance(minutes=30)
    await consultation(session, official, created=clock.now() - timedelta(minutes=20), answers=(clock.now(),))
    await session.commit()
    clock.advance(minutes=1)
    data = await figures.year_figures(session, now=clock.now(), **kw)
    assert (data.service.asked, data.service.answered) == (5, 4)
    # Tomorrow, today is rolled up with the same figures.
    clock.advance(days=1)
    data = await figures.year_figures(session, now=clock.now(), **kw)
    await session.commit()
    assert (data.service.asked, data.service.answered) == (5, 4)
    assert await session.get(ConsultationStatsMonth, (2026, 11, 23)) is not None
    # In December, November is one row again: its day rows are gone, the figures unchanged.
    clock.advance(days=10)
    data = await figures.year_figures(session, now=clock.now(), **kw)
    await session.commit()
    assert (data.service.asked, data.service.answered) == (5, 4)
    november = await session.scalars(
        select(ConsultationStatsMonth.day).where(
            ConsultationStatsMonth.year == 2026, ConsultationStatsMonth.month == 11
        )
    )
    assert list(november) == [0]
    assert await session.get(ConsultationMonthStats, (2026, 11, 20, "kyo")) is None
