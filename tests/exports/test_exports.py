"""/export: consultations and their events for a period, as XLSX and zipped CSV, for admins only."""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.exports import ExportCb
from bot.keyboards import exports as export_keyboards
from bot.texts import common as tc
from bot.texts import exports as t
from bot.texts import hotline as tcons
from bot.views.exports import WORDING
from core.errors import DomainError
from handlers.exports import ExportRange
from services import exports as service
from services.access import Actor
from storage.models import Consultation, ConsultationEvent, ConsultationStatus, EventKind, Role, User
from tests.conftest import ADMIN_ID
from tests.support.client import Calls, TelegramClient
from tests.support.double_tap import builder_kinds, builders, double_tap
from tests.support.factories import make_user

OFFICIAL = 620001


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def _consultation(
    session: AsyncSession, official: User, lawyer: User | None, created: datetime, **fields: Any
) -> Consultation:
    consultation = Consultation(
        official_id=official.id,
        lawyer_id=lawyer.id if lawyer else None,
        topic_code=fields.pop("topic_code", "land"),
        question="Питання",
        created_at=created,
        due_at=created + timedelta(days=3),
        **fields,
    )
    session.add(consultation)
    await session.flush()
    session.add(ConsultationEvent(consultation_id=consultation.id, kind=EventKind.CREATED, actor_id=official.id,
                                  created_at=created, text="Питання"))  # fmt: skip
    return consultation


@pytest.fixture
async def data(session_pool) -> dict[str, int]:
    """January and February 2026 in Kyiv (UTC+2), with rows on both sides of each edge."""
    async with session_pool() as session:
        official = await make_user(
            session, telegram_id=OFFICIAL, full_name="Петренко Олена", community="Гатненська сільська рада"
        )
        lawyer = await make_user(session, role=Role.LAWYER, full_name="Коваль Ірина")
        january = await _consultation(
            session,
            official,
            lawyer,
            utc(2026, 1, 15, 10, 0),
            status=ConsultationStatus.CLOSED,
            first_answered_at=utc(2026, 1, 16, 8, 30),
            closed_at=utc(2026, 1, 17, 9, 0),
            rating=5,
            rating_comment='=HYPERLINK("http://evil")',
            answer_undelivered=True,
        )
        session.add_all(
            [
                ConsultationEvent(consultation_id=january.id, kind=EventKind.TAKEN, actor_id=lawyer.id,
                                  created_at=utc(2026, 1, 15, 11, 0)),
                ConsultationEvent(consultation_id=january.id, kind=EventKind.ANSWERED, actor_id=lawyer.id,
                                  created_at=utc(2026, 1, 16, 8, 30), text="Відповідь: ст. 12 ЗК України",
                                  payload={"attachments": [{"type": "document", "file_name": "лист.pdf"}]}),
                ConsultationEvent(consultation_id=january.id, kind=EventKind.AUTO_CLOSED, actor_id=None,
                                  created_at=utc(2026, 1, 17, 9, 0), payload={"days": 3}),
            ]
        )  # fmt: skip
        # 2026-03-01 00:30 in Kyiv: March, outside January-February.
        march = await _consultation(session, official, None, utc(2026, 2, 28, 22, 30))
        # 2026-01-01 00:30 in Kyiv: inside, though still 2025 in UTC.
        new_year = await _consultation(session, official, None, utc(2025, 12, 31, 22, 30), topic_code="budget")
        # 2025-12-31 23:59 in Kyiv: outside.
        await _consultation(session, official, None, utc(2025, 12, 31, 21, 59))
        november = await _consultation(session, official, lawyer, utc(2026, 11, 10, 9, 0),
                                       status=ConsultationStatus.ASSIGNED)  # fmt: skip
        await session.commit()
        return {"january": january.id, "march": march.id, "new_year": new_year.id, "november": november.id}


def _documents(calls: Calls) -> dict[str, bytes]:
    return {m.document.filename: m.document.data for m in calls.of("SendDocument")}  # type: ignore[attr-defined]


def _xlsx(content: bytes) -> dict[str, list[tuple[Any, ...]]]:
    workbook = load_workbook(io.BytesIO(content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}


def _csv(content: bytes) -> dict[str, list[list[str]]]:
    out = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            raw = archive.read(name)
            assert raw.startswith(b"\xef\xbb\xbf"), name  # BOM: Excel reads the Cyrillic right
            out[name] = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    return out


async def test_export_by_command_has_the_range_rows_in_xlsx_and_csv(client: TelegramClient, data) -> None:
    calls = await client.send(ADMIN_ID, "/export 2026-01-01 2026-02-28")

    assert t.PREPARING.format(start="01.01.2026", end="28.02.2026") in calls.text
    assert t.CAPTION_XLSX.format(start="01.01.2026", end="28.02.2026", consultations=2, events=5) in calls.text
    files = _documents(calls)
    assert set(files) == {
        "Персональні_дані_Звернення_АМУ_2026-01-01_2026-02-28.xlsx",
        "Персональні_дані_Звернення_АМУ_2026-01-01_2026-02-28_CSV.zip",
    }
    sheets = _xlsx(files["Персональні_дані_Звернення_АМУ_2026-01-01_2026-02-28.xlsx"])
    assert list(sheets) == [t.SHEET_CONSULTATIONS, t.SHEET_EVENTS]
    consultations = sheets[t.SHEET_CONSULTATIONS]
    assert consultations[0] == t.CONSULTATION_HEADERS
    assert [row[0] for row in consultations[1:]] == [data["january"], data["new_year"]]
    january = consultations[1]
    assert january == (
        data["january"],
        datetime(2026, 1, 15, 12, 0),  # Kyiv time
        "Петренко Олена",
        "Секретар ради",
        "Гатненська сільська рада",
        "Київська область",
        "Земельні відносини",
        tcons.STATUS[ConsultationStatus.CLOSED],
        "Коваль Ірина",
        datetime(2026, 1, 18, 12, 0),
        datetime(2026, 1, 16, 10, 30),
        datetime(2026, 1, 17, 11, 0),
        5,
        '\'=HYPERLINK("http://evil")',  # text, never a formula
        t.YES,
    )
    assert consultations[2][1] == datetime(2026, 1, 1, 0, 30)
    assert consultations[2][6] == "Бюджет і фінанси" and consultations[2][8] is None

    events = sheets[t.SHEET_EVENTS]
    assert events[0] == t.EVENT_HEADERS
    assert [(row[0], row[2], row[3]) for row in events[1:]] == [
        (data["january"], tcons.EVENT[EventKind.CREATED], "Петренко Олена"),
        (data["january"], tcons.EVENT[EventKind.TAKEN], "Коваль Ірина"),
        (data["january"], tcons.EVENT[EventKind.ANSWERED], "Коваль Ірина"),
        (data["january"], tcons.EVENT[EventKind.AUTO_CLOSED], t.SYSTEM),
        (data["new_year"], tcons.EVENT[EventKind.CREATED], "Петренко Олена"),
    ]
    answered = events[3]
    assert answered[1] == datetime(2026, 1, 16, 10, 30)
    assert answered[4] == "Відповідь: ст. 12 ЗК України"
    # Details in readable columns, no raw data: topic, lawyer, reason, rating, attachments.
    assert answered[5:] == (None, None, None, None, 1)
    assert events[4][7] == t.CLOSED_AFTER_DAYS.format(days=3)

    tables = _csv(files["Персональні_дані_Звернення_АМУ_2026-01-01_2026-02-28_CSV.zip"])
    assert set(tables) == {"звернення.csv", "події.csv"}
    rows = tables["звернення.csv"]
    assert tuple(rows[0]) == t.CONSULTATION_HEADERS
    assert [r[0] for r in rows[1:]] == [str(data["january"]), str(data["new_year"])]
    assert rows[1][1] == "2026-01-15 12:00" and rows[1][2] == "Петренко Олена" and rows[1][14] == t.YES
    event_rows = tables["події.csv"]
    assert len(event_rows) == 1 + 5
    assert event_rows[3][2:5] == [tcons.EVENT[EventKind.ANSWERED], "Коваль Ірина", "Відповідь: ст. 12 ЗК України"]


async def test_export_buttons_month_and_custom_range(client: TelegramClient, data, dp, bot) -> None:
    calls = await client.send(ADMIN_ID, tc.BTN_EXPORT)
    assert t.CHOOSE_PERIOD in calls.text

    # The fake clock is in November 2026.
    month = await client.click(ADMIN_ID, calls.button(t.BTN_THIS_MONTH))
    files = _documents(month)
    sheets = _xlsx(files["Персональні_дані_Звернення_АМУ_2026-11-01_2026-11-30.xlsx"])
    assert [row[0] for row in sheets[t.SHEET_CONSULTATIONS][1:]] == [data["november"]]

    last_month = await client.click(ADMIN_ID, calls.button(t.BTN_LAST_MONTH))
    assert t.EMPTY.format(start="01.10.2026", end="31.10.2026") in last_month.text
    assert last_month.of("SendDocument") == []

    forged = await client.click(ADMIN_ID, ExportCb(period="decade").pack())
    assert forged.alerts == [tc.STALE_BUTTON] and forged.of("SendDocument") == []

    year = await client.click(ADMIN_ID, calls.button(t.BTN_THIS_YEAR))
    sheets = _xlsx(_documents(year)["Персональні_дані_Звернення_АМУ_2026-01-01_2026-12-31.xlsx"])
    ids = [row[0] for row in sheets[t.SHEET_CONSULTATIONS][1:]]
    assert ids == [data["january"], data["march"], data["new_year"], data["november"]]

    custom = await client.click(ADMIN_ID, calls.button(t.BTN_CUSTOM))
    assert t.ASK_RANGE in custom.text
    state = dp.fsm.get_context(bot=bot, chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert await state.get_state() == ExportRange.typing.state
    assert t.BAD_RANGE in (await client.send(ADMIN_ID, "вчора")).text
    assert await state.get_state() == ExportRange.typing.state
    assert t.RANGE_REVERSED in (await client.send(ADMIN_ID, "31.12.2026-01.01.2026")).text
    typed = await client.send(ADMIN_ID, "01.03.2026-31.03.2026")
    assert await state.get_state() is None
    sheets = _xlsx(_documents(typed)["Персональні_дані_Звернення_АМУ_2026-03-01_2026-03-31.xlsx"])
    assert [row[0] for row in sheets[t.SHEET_CONSULTATIONS][1:]] == [data["march"]]


async def test_officials_cannot_export(
    client: TelegramClient, data, session_pool, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="services.access")
    assert tc.NO_RIGHTS in (await client.send(OFFICIAL, "/export 2026-01-01 2026-12-31")).text
    assert tc.NO_RIGHTS in (await client.send(OFFICIAL, tc.BTN_EXPORT)).text
    for period in ("year", "custom"):
        calls = await client.click(OFFICIAL, ExportCb(period=period).pack())
        assert calls.alerts == [tc.NO_RIGHTS]
        assert calls.of("SendDocument") == []
    assert sum("refused 'export'" in r.getMessage() and str(OFFICIAL) in r.getMessage() for r in caplog.records) == 4
    async with session_pool() as session:
        with pytest.raises(DomainError):
            await service.build_export(
                session, Actor(OFFICIAL, Role.LAWYER), service.DateRange(date(2026, 1, 1), date(2026, 12, 31)),
                tz=client.dp["settings"].tz, knowledge=client.dp["knowledge"], wording=WORDING,
                now=utc(2026, 6, 1, 9),
            )  # fmt: skip


async def test_export_reads_in_batches(session_pool, settings, knowledge) -> None:
    async with session_pool() as session:
        official = await make_user(session)
        ids = [(await _consultation(session, official, None, utc(2026, 5, day, 9))).id for day in range(1, 8)]
        await session.commit()
    async with session_pool() as session:
        files = await service.build_export(
            session,
            Actor(ADMIN_ID, Role.ADMIN),
            service.DateRange(date(2026, 5, 1), date(2026, 5, 31)),
            tz=settings.tz,
            knowledge=knowledge,
            wording=WORDING,
            now=utc(2026, 6, 1, 9),
            batch_size=2,
        )
    assert (files.consultations, files.events) == (7, 7)
    sheets = _xlsx(files.xlsx)
    assert [row[0] for row in sheets[t.SHEET_CONSULTATIONS][1:]] == ids
    assert [row[0] for row in sheets[t.SHEET_EVENTS][1:]] == ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01.01.2026-31.12.2026", (date(2026, 1, 1), date(2026, 12, 31))),
        ("2026-01-01 2026-12-31", (date(2026, 1, 1), date(2026, 12, 31))),
        ("1.2.2026 – 3.2.2026", (date(2026, 2, 1), date(2026, 2, 3))),
        ("05.05.2026", (date(2026, 5, 5), date(2026, 5, 5))),
    ],
)
def test_parse_range(text: str, expected: tuple[date, date]) -> None:
    period = service.parse_range(text)
    assert (period.start, period.end) == expected


@pytest.mark.parametrize("text", ["", "31.02.2026-01.03.2026", "2026", "01.01.2026-02.01.2026-03.01.2026"])
def test_parse_range_rejects(text: str) -> None:
    with pytest.raises(DomainError):
        service.parse_range(text)


def test_presets() -> None:
    today = date(2026, 1, 20)
    assert service.preset_range("last_month", today) == service.DateRange(date(2025, 12, 1), date(2025, 12, 31))
    assert service.preset_range("month", date(2028, 2, 3)) == service.DateRange(date(2028, 2, 1), date(2028, 2, 29))


def test_event_details_are_readable_columns(knowledge) -> None:
    names = {7: "Коваль Ірина", 8: "Бондар Петро"}
    details = service.event_details
    assert details({"topic": "land", "lawyers": [7, 8]}, knowledge, names, WORDING) == [
        "Земельні відносини", "Коваль Ірина, Бондар Петро", "", None, None,
    ]  # fmt: skip
    handed = details({"from_lawyer": 7, "to_lawyer": 8}, knowledge, names, WORDING)
    assert handed[1] == "Коваль Ірина → Бондар Петро"
    moved = details({"from_topic": "land", "to_topic": "budget", "from_lawyer": None}, knowledge, names, WORDING)
    assert moved[0] == "Земельні відносини → Бюджет і фінанси"
    assert details({"reason": "blocked", "chat_id": 5}, knowledge, names, WORDING)[2] == t.REASONS["blocked"]
    assert details({"lawyer": 9}, knowledge, names, WORDING)[1] == t.NOBODY.format(user_id=9)
    assert details({"rating": 4}, knowledge, names, WORDING)[3] == 4
    assert details({"comment": True}, knowledge, names, WORDING) == ["", "", "", None, None]


# --- a double tap on every button of /export (bot/keyboards/exports.py) ---------------------------

PERIOD_BUTTONS = {
    "month": t.BTN_THIS_MONTH,
    "last_month": t.BTN_LAST_MONTH,
    "year": t.BTN_THIS_YEAR,
    "custom": t.BTN_CUSTOM,
}


def test_every_export_button_has_a_double_tap_scenario() -> None:
    kinds = builder_kinds(builders(export_keyboards), {}, lambda data: ExportCb.unpack(data).period)
    assert kinds == set(PERIOD_BUTTONS) and set(service.PRESETS) < kinds


@pytest.mark.parametrize("period", sorted(PERIOD_BUTTONS))
async def test_a_second_press_of_an_export_button_sends_nothing(
    client: TelegramClient, data, dp, bot, period: str
) -> None:
    """Each press of a period sends the files (or asks for the dates) once: the second gets a short alert."""
    shown = await client.send(ADMIN_ID, "/export")
    state = dp.fsm.get_context(bot=bot, chat_id=ADMIN_ID, user_id=ADMIN_ID)

    async def snapshot() -> tuple[Any, ...]:
        return await state.get_state(), await state.get_data()

    first, second = await double_tap(client, ADMIN_ID, shown.button(PERIOD_BUTTONS[period]), snapshot)
    assert (t.ASK_RANGE in first.text) if period == "custom" else bool(first.of("SendMessage"))
    assert second.alerts == [t.RANGE_ALREADY_ASKED if period == "custom" else t.ALREADY_SENT]
