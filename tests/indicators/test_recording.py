from __future__ import annotations

from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.texts import common as tc
from bot.texts import indicators as t
from core.actor import Actor
from core.errors import AccessDenied
from knowledge import Knowledge
from services.indicators import errors, figures, recording
from services.indicators.recording import ValueEntry
from storage.models import IndicatorValue, IndicatorValueChange, Role, User, ValueKind
from tests.conftest import ADMIN_ID, FakeClock
from tests.support.client import Calls, TelegramClient
from tests.support.factories import make_user
from tests.support.mocked_bot import MockedBot

TZ = ZoneInfo("Europe/Kyiv")


async def values(pool: async_sessionmaker[AsyncSession]) -> list[IndicatorValue]:
    async with pool() as session:
        return list((await session.scalars(select(IndicatorValue).order_by(IndicatorValue.id))).all())


async def changes(pool: async_sessionmaker[AsyncSession]) -> list[IndicatorValueChange]:
    async with pool() as session:
        return list((await session.scalars(select(IndicatorValueChange).order_by(IndicatorValueChange.id))).all())


async def open_form(client: TelegramClient) -> Calls:
    overview = await client.send(ADMIN_ID, "/indicators")
    calls = await client.click(ADMIN_ID, overview.button(t.BTN_RECORD))
    assert t.PICK_KIND in calls.text
    return calls


async def to_value(client: TelegramClient) -> Calls:
    """The form up to the value of "1.1" for 2025, the whole association."""
    calls = await open_form(client)
    calls = await client.click(ADMIN_ID, calls.button(t.KIND_ACTUAL))
    labels = [label for label, _ in calls.buttons()]
    assert not any("Кількість наданих консультацій" in label for label in labels)  # computed: not recordable
    calls = await client.click(ADMIN_ID, calls.button("1.1 Кількість розроблених"))
    assert t.PICK_YEAR in calls.text
    calls = await client.click(ADMIN_ID, calls.button("2025"))
    assert t.PICK_REGION in calls.text
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_WHOLE))
    assert "Кількість розроблених АМУ законопроектів" in calls.text
    return calls


async def record_via_dialog(client: TelegramClient, value: str, *, reason: str | None = None) -> str:
    await to_value(client)
    calls = await client.send(ADMIN_ID, value)
    if reason is None:
        assert t.ASK_COMMENT in calls.text
        calls = await client.click(ADMIN_ID, calls.button(tc.BTN_SKIP))
    else:
        assert "причину зміни" in calls.text
        calls = await client.send(ADMIN_ID, reason)
    assert f"Значення: <b>{value}</b>" in calls.text  # the summary
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    return calls.text


async def test_admin_records_a_value_and_changes_it_with_a_reason(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    text = await record_via_dialog(client, "5")
    assert "✅ Збережено" in text and "<b>5</b>" in text
    calls = await to_value(client)
    assert t.ASK_VALUE_EXISTING.format(old="5") in calls.text
    calls = await client.send(ADMIN_ID, "сім")
    assert t.ROW_BAD_VALUE in calls.text and "Напишіть значення" in calls.text  # asked again
    calls = await client.send(ADMIN_ID, "7")
    assert t.ASK_REASON.format(old="5", new="7") in calls.text
    # Skipping the reason: the summary refuses to save it, and nothing changes.
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_SKIP))
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    assert t.ROW_NEED_REASON.format(old=5, new=7) in calls.text
    assert [v.value for v in await values(session_pool)] == [5]
    calls = await client.click(ADMIN_ID, calls.button(t.FIELD_LABELS["comment"]))
    calls = await client.send(ADMIN_ID, "Уточнені дані <Аналітичного центру>")
    assert "Уточнені дані &lt;Аналітичного центру&gt;" in calls.text  # back at the summary, escaped
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    assert "✅ Збережено" in calls.text and "<b>7</b>" in calls.text

    (value,) = await values(session_pool)
    assert (value.indicator_code, value.kind, value.year, value.month, value.region_code, value.value) == (
        "bills_drafted",
        ValueKind.ACTUAL,
        2025,
        0,
        "",
        7,
    )
    history = await changes(session_pool)
    async with session_pool() as session:  # an ADMIN_IDS admin without a profile gets a bare users row
        admin = await session.scalar(select(User).where(User.telegram_id == ADMIN_ID))
    assert admin is not None and not admin.is_registered
    assert value.updated_by_id == admin.id
    assert [(c.old_value, c.new_value, c.reason, c.changed_by_id, c.via) for c in history] == [
        (None, 5, None, admin.id, "dialog"),
        (5, 7, "Уточнені дані <Аналітичного центру>", admin.id, "dialog"),
    ]

    overview = await client.send(ADMIN_ID, "/indicators 2025")
    assert "1.1 Кількість розроблених АМУ законопроектів: <b>7</b>" in overview.text.split("\n")
    calls = await client.click(ADMIN_ID, overview.button(t.BTN_HISTORY))
    picker = calls
    calls = await client.click(ADMIN_ID, picker.button("1.1 Кількість розроблених"))
    assert "5 → <b>7</b>" in calls.text and "немає даних → <b>5</b>" in calls.text
    assert "Уточнені дані &lt;Аналітичного центру&gt;" in calls.text
    again = await client.click(ADMIN_ID, picker.button("1.1 Кількість розроблених"))  # a double tap
    assert again.alerts == [t.HISTORY_ALREADY_SENT] and not again.of("SendMessage")
    calls = await client.click(ADMIN_ID, picker.button("4.1 Кількість журналістів"))
    assert t.HISTORY_EMPTY in calls.text


async def test_the_form_goes_back_and_a_baseline_has_its_year(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    calls = await open_form(client)
    calls = await client.click(ADMIN_ID, calls.button(t.KIND_ACTUAL))
    calls = await client.click(ADMIN_ID, calls.button("1.3 Кількість проектів законів"))
    assert t.PICK_PART.split("«")[0] in calls.text  # a breakdown: which part
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_BACK))
    assert t.PICK_INDICATOR in calls.text
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_BACK))
    calls = await client.click(ADMIN_ID, calls.button(t.KIND_BASELINE.format(year=2012)))
    calls = await client.click(ADMIN_ID, calls.button("3.3 Кількість наданих консультацій"))  # a baseline: yes
    assert t.PICK_REGION in calls.text  # no year to ask: the baseline's is 2012
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_WHOLE))
    calls = await client.send(ADMIN_ID, "120")
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_SKIP))
    assert "база 2012" in calls.text
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    assert "✅ Збережено" in calls.text
    (value,) = await values(session_pool)
    assert (value.indicator_code, value.kind, value.year, value.value) == (
        "consultations",
        ValueKind.BASELINE,
        2012,
        120,
    )


async def test_same_value_again_changes_nothing(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    await record_via_dialog(client, "5")
    text = await record_via_dialog(client, "5")
    assert t.UNCHANGED in text
    assert len(await changes(session_pool)) == 1


def entry(code: str, value: int, **kw: object) -> ValueEntry:
    kw.setdefault("kind", ValueKind.ACTUAL)
    kw.setdefault("year", 2026)
    return ValueEntry(indicator_code=code, value=value, **kw)  # type: ignore[arg-type]


async def test_recorded_values_aggregate_by_the_catalogue_rules(
    session: AsyncSession, knowledge: Knowledge, clock: FakeClock
) -> None:
    regions = [r.code for r in knowledge.regions]
    admin = Actor(user_id=(await make_user(session, role=Role.ADMIN)).id, role=Role.ADMIN)
    kw = {"actor": admin, "catalogue": knowledge.indicators, "region_codes": regions}
    now = clock.now()
    for e in (
        entry("site_visitors", 100, month=1),
        entry("site_visitors", 300, month=2),
        entry("site_visitors", 50_000, kind=ValueKind.BASELINE, year=2012),
        entry("positions", 3, part="full_yes"),
        entry("positions", 2, part="full_no"),
        entry("positions", 1, part="rejected_no"),
        entry("projects", 10),
        entry("projects", 4, part="financed"),
        entry("edc_centres", 2, region_code="kyo"),
        entry("edc_centres", 3, region_code="lvi"),
        entry("women_board", 6),
        entry("women_board", 4, region_code="kyo"),  # the association-wide row wins over regional ones
        entry("consultations", 500, kind=ValueKind.TARGET),
        entry("consultations", 120, kind=ValueKind.BASELINE, year=2012),
        entry("extra_funding", 1_500_000, year=2025),
    ):
        assert await recording.record_value(session, entry=e, now=now, tz=TZ, **kw)
    await session.commit()

    data = await figures.year_figures(
        session, role=Role.ADMIN, catalogue=knowledge.indicators, year=2026, now=now, tz=TZ
    )
    lines = {line.indicator.code: line for _, lines in data.priorities for line in lines}
    assert (lines["site_visitors"].current, lines["site_visitors"].months, lines["site_visitors"].baseline) == (
        200,
        2,
        50_000,
    )
    assert lines["positions"].current == 6
    full, remarks, rejected = lines["positions"].parts
    assert (full.value, full.taken, full.not_taken) == (5, 3, 2)
    assert remarks.value is None and rejected.value == 1
    assert lines["projects"].current == 10 and lines["projects"].parts[0].value == 4
    assert lines["edc_centres"].current == 5
    assert lines["women_board"].current == 6
    assert (lines["consultations"].target, lines["consultations"].baseline) == (500, 120)
    assert lines["extra_funding"].previous == 1_500_000 and lines["extra_funding"].current is None

    from bot.views.indicators import details, overview

    text = "\n".join(overview(data, current_year=2026, tz=TZ).texts)
    assert "(середньомісячний показник): <b>200</b> (за 2 міс.)" in text
    assert "наданих консультацій органам місцевого самоврядування 🤖: <b>0</b> · база 2012: 120 · ціль: 500" in text
    text = "\n".join(details(data, TZ))
    assert "2026: <b>200 (середнє за 2 міс.)</b>" in text
    assert "погоджених повністю: 5 (враховано: 3, не враховано: 2)" in text
    assert "2025: 1\u202f500\u202f000 грн" in text
    assert "база 2012: 120 · ціль 2026: 500" in text

    rows = await figures.region_breakdown(
        session, role=Role.ADMIN, catalogue=knowledge.indicators, region_codes=regions, year=2026, now=now, tz=TZ
    )
    assert {r.indicator.code: r.values for r in rows}["edc_centres"] == (("kyo", 2), ("lvi", 3))


async def test_recording_rules_in_the_service(session: AsyncSession, knowledge: Knowledge, clock: FakeClock) -> None:
    regions = [r.code for r in knowledge.regions]
    user_id = (await make_user(session, role=Role.ADMIN)).id
    admin, lawyer = Actor(user_id, Role.ADMIN), Actor(user_id, Role.LAWYER)
    kw = {"catalogue": knowledge.indicators, "region_codes": regions, "now": clock.now()}
    with pytest.raises(AccessDenied):
        await recording.record_value(session, actor=lawyer, entry=entry("initiatives", 1), tz=TZ, **kw)
    bad = [
        (entry("consultations", 1), errors.ComputedNotRecordable()),
        (entry("initiatives", 1, kind=ValueKind.BASELINE, year=2013), errors.BaselineYearOnly(year=2012)),
        (entry("initiatives", 1, year=2027), errors.YearNotAllowed(first=2012, last=2026)),
        (entry("site_visitors", 1), errors.MonthNeeded()),
        (entry("initiatives", 1, month=3), errors.MonthNotApplicable()),
        (entry("initiatives", 1, region_code="xx"), errors.UnknownRegion(code="xx")),
        (entry("initiatives", 1, part="financed"), errors.UnknownPart(code="financed")),
        (entry("nope", 1), errors.UnknownIndicatorCode(code="nope")),
    ]
    for e, refusal in bad:
        with pytest.raises(errors.EntryRefused) as err:
            await recording.record_value(session, actor=admin, entry=e, tz=TZ, **kw)
        assert (type(err.value), err.value.params) == (type(refusal), refusal.params)
    assert await recording.record_value(session, actor=admin, entry=entry("initiatives", 1), tz=TZ, **kw)
    with pytest.raises(errors.ReasonNeeded) as needed:
        await recording.record_value(session, actor=admin, entry=entry("initiatives", 2), tz=TZ, **kw)
    assert needed.value.params == {"old": 1, "new": 2}
    assert await recording.record_value(
        session, actor=admin, entry=entry("initiatives", 2, comment="помилка в звіті"), tz=TZ, **kw
    )
    assert await recording.record_value(
        session, actor=admin, entry=entry("initiatives", 9, kind=ValueKind.TARGET, year=2030), tz=TZ, **kw
    )
    with pytest.raises(errors.UnknownIndicator):
        await recording.value_history(session, role=Role.ADMIN, catalogue=knowledge.indicators, indicator_code="nope")


def fill(template: bytes, rows: dict[tuple[str, str | None, int | None], tuple[object, ...]]) -> bytes:
    """Fills template rows found by (code, part, month) with (value, comment, region?)."""
    wb = load_workbook(BytesIO(template))
    ws = wb.worksheets[0]
    for row in ws.iter_rows(min_row=2):
        key = (row[0].value, row[6].value, row[4].value)
        if key in rows:
            values = rows[key]
            row[7].value = values[0]
            if len(values) > 1:
                row[8].value = values[1]
            if len(values) > 2:
                row[5].value = values[2]
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


async def upload(client: TelegramClient, bot: MockedBot, data: bytes, file_id: str) -> str:
    bot.session.files[file_id] = data
    overview = await client.send(ADMIN_ID, "/indicators")
    calls = await client.click(ADMIN_ID, overview.button(t.BTN_UPLOAD))
    assert t.UPLOAD_PROMPT in calls.text
    calls = await client.send_document(ADMIN_ID, file_id=file_id, file_name="pokaznyky.xlsx")
    return calls.text


async def test_upload_with_a_bad_row_applies_nothing(
    client: TelegramClient, bot: MockedBot, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    overview = await client.send(ADMIN_ID, "/indicators")
    calls = await client.click(ADMIN_ID, overview.button(t.BTN_TEMPLATE))
    (doc,) = calls.of("SendDocument")
    template = doc.document.data  # type: ignore[attr-defined]
    ws = load_workbook(BytesIO(template)).worksheets[0]
    codes = {row[0] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert "bills_drafted" in codes and "consultations" not in codes  # computed ones are not recorded

    good = {
        ("bills_drafted", None, None): (4,),
        ("site_visitors", None, 1): (1200,),
        ("positions", "full_yes", None): (3,),
        ("edc_centres", None, None): (2, "два центри", "Львівська область"),
    }
    bad = {
        **good,
        ("laws_adopted", None, None): ("багато",),
        ("journalists", None, None): (5, None, "<b>Атлантида</b>"),
    }
    text = await upload(client, bot, fill(template, bad), "upl-bad")
    assert "❌ Файл не застосовано" in text
    assert t.ROW_BAD_VALUE in text and t.ROW_BAD_REGION.format(code="&lt;b&gt;Атлантида&lt;/b&gt;") in text
    assert "<b>Атлантида" not in text  # the file's cells are escaped
    assert "Рядок 3:" in text  # laws_adopted is the second indicator row of the template
    assert await values(session_pool) == [] and await changes(session_pool) == []

    text = await upload(client, bot, fill(template, good), "upl-good")
    assert t.UPLOAD_APPLIED.format(changed=4, unchanged=0) in text
    stored = {(v.indicator_code, v.month, v.region_code, v.part): v.value for v in await values(session_pool)}
    assert stored == {
        ("bills_drafted", 0, "", ""): 4,
        ("site_visitors", 1, "", ""): 1200,
        ("positions", 0, "", "full_yes"): 3,
        ("edc_centres", 0, "lvi", ""): 2,
    }
    assert {c.via for c in await changes(session_pool)} == {"upload"}

    # Changing an uploaded value needs a reason; without one the whole file is refused again.
    changed = {**good, ("bills_drafted", None, None): (6,), ("initiatives", None, None): (1,)}
    text = await upload(client, bot, fill(template, changed), "upl-change")
    assert t.ROW_NEED_REASON.format(old=4, new=6) in text
    assert len(await changes(session_pool)) == 4
    changed[("bills_drafted", None, None)] = (6, "виправлено")
    text = await upload(client, bot, fill(template, changed), "upl-change-2")
    assert t.UPLOAD_APPLIED.format(changed=2, unchanged=3) in text
    last = (await changes(session_pool))[-2:]
    assert {(c.old_value, c.new_value, c.reason) for c in last} == {(4, 6, "виправлено"), (None, 1, None)}


async def test_upload_rejects_files_that_are_not_the_template(client: TelegramClient, bot: MockedBot) -> None:
    text = await upload(client, bot, b"not a zip", "junk")
    assert text == t.UPLOAD_UNREADABLE
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["що", "завгодно"])
    buf = BytesIO()
    wb.save(buf)
    text = await upload(client, bot, buf.getvalue(), "other")
    assert text == t.UPLOAD_BAD_HEADER
    calls = await client.send_document(ADMIN_ID, file_id="x", file_name="звіт.pdf")
    assert calls.texts == [t.UPLOAD_NOT_XLSX]


async def test_a_command_in_the_middle_keeps_the_draft_and_cancel_saves_nothing(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    await to_value(client)
    for command in ("/help", "/start"):
        calls = await client.send(ADMIN_ID, command)
        assert tc.BTN_CONTINUE in [label for label, _ in calls.buttons()]
        calls = await client.click(ADMIN_ID, calls.button(tc.BTN_CONTINUE))
        assert "Кількість розроблених АМУ законопроектів" in calls.text  # the same question again
    calls = await client.send(ADMIN_ID, "9")
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_SKIP))
    assert "Значення: <b>9</b>" in calls.text
    # Change the value from the summary: straight back to the summary, the rest kept.
    calls = await client.click(ADMIN_ID, calls.button(t.FIELD_LABELS["value"]))
    calls = await client.send(ADMIN_ID, "11")
    assert "Значення: <b>11</b>" in calls.text and "2025" in calls.text
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_CANCEL))
    assert tc.FORM_CANCELLED in calls.text
    assert await values(session_pool) == [] and await changes(session_pool) == []
