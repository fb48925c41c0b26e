"""Trainings through the real dispatcher: admins' form and tools, officials' sign-up, notices, double taps."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import openpyxl
from aiogram import Dispatcher
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks.trainings import TrainingAction, TrainingAdminAction, TrainingAdminCb
from bot.texts import common as tc
from bot.texts import trainings as t
from handlers.trainings.official import AttendanceCode
from services.trainings import indicators
from storage.models import (
    JobState,
    OutboxMessage,
    RegistrationStatus,
    ScheduledJob,
    Training,
    TrainingAudience,
    TrainingEvent,
    TrainingEventKind,
    TrainingKind,
    TrainingRegistration,
    TrainingStatus,
    User,
)
from tests.conftest import ADMIN_ID, FakeClock, Workers
from tests.support.client import Calls, TelegramClient
from tests.support.factories import create_user
from tests.support.mocked_bot import MockedBot
from tests.trainings.helpers import LINK, TITLE, create_training_row, forged, registration_status, sign_up_via_bot

FORM_STATE = "form_training:filling"


async def fsm_state(dp: Dispatcher, bot: MockedBot, user_id: int) -> str | None:
    return await dp.fsm.get_context(bot=bot, chat_id=user_id, user_id=user_id).get_state()


async def fsm_data(dp: Dispatcher, bot: MockedBot, user_id: int) -> dict[str, Any]:
    return await dp.fsm.get_context(bot=bot, chat_id=user_id, user_id=user_id).get_data()


def sent_to(calls: list[Any], chat_id: int) -> list[str]:
    return [m.text for m in calls if type(m).__name__ == "SendMessage" and m.chat_id == chat_id]


def labels(calls: Calls) -> list[str]:
    return [text for text, _ in calls.buttons()]


async def open_card(client: TelegramClient, user_id: int, title: str = TITLE) -> Calls:
    """/trainings, then the training's button in the catalogue."""
    calls = await client.send(user_id, "/trainings")
    return await client.click(user_id, calls.button(title))


# --- admins -------------------------------------------------------------------------


async def test_admin_creates_training_through_the_form(
    client: TelegramClient, dp: Dispatcher, bot: MockedBot, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    steps = 0  # what the admin sends or presses, from /trainings to the created training

    async def send(text: str) -> Calls:
        nonlocal steps
        steps += 1
        return await client.send(ADMIN_ID, text)

    async def press(calls: Calls, label: str) -> Calls:
        nonlocal steps
        steps += 1
        return await client.click(ADMIN_ID, calls.button(label))

    calls = await send("/trainings")
    assert t.LIST_EMPTY in calls.text
    calls = await press(calls, t.BTN_NEW)
    assert await fsm_state(dp, bot, ADMIN_ID) == FORM_STATE
    assert t.PROMPTS["title"] in calls.text
    calls = await send("Бюджет <2027>")
    calls = await press(calls, t.KIND_TITLES["webinar"])
    calls = await press(calls, t.AUDIENCE_TITLES["officials"])
    calls = await press(calls, "Бюджет і фінанси")
    # The example is tomorrow 10:00 by the bot's clock (Monday 23.11.2026), in words people use.
    assert "за київським часом" in calls.text and "<code>24.11.2026 10:00</code>" in calls.text
    assert "Europe" not in calls.text

    # A bad date: the refusal and the same question; nothing typed before is lost.
    calls = await client.send(ADMIN_ID, "32.13.2026 10:00")
    assert t.BAD_DATETIME in calls.text and "за київським часом" in calls.text
    assert (await fsm_data(dp, bot, ADMIN_ID))["draft"]["title"] == "Бюджет <2027>"
    calls = await client.send(ADMIN_ID, "01.01.2020 10:00")
    assert t.START_IN_PAST in calls.text
    calls = await client.send(ADMIN_ID, "Привіт")
    assert t.BAD_DATETIME in calls.text
    calls = await send("25.12.2026 10:00")
    assert t.PROMPTS["duration"] in calls.text
    calls = await client.send(ADMIN_ID, "півдня")
    assert t.BAD_DURATION in calls.text
    calls = await send("1:30")
    assert "посилання" in calls.text  # one question for the place: a link (online) or an address
    calls = await client.send(ADMIN_ID, "meet.example.org")
    assert t.BAD_LINK in calls.text
    calls = await send(LINK)
    calls = await client.send(ADMIN_ID, "0")
    assert t.BAD_CAPACITY.format(max_capacity=100_000) in calls.text
    calls = await send("30")
    assert "До коли триває запис" in calls.text
    calls = await client.send(ADMIN_ID, "26.12.2026 10:00")
    assert t.DEADLINE_AFTER_START in calls.text
    calls = await press(calls, t.BTN_DAY_BEFORE)
    # Officials only: no council question; the summary comes.
    assert tc.BTN_CONFIRM in labels(calls)
    assert "Бюджет &lt;2027&gt;" in calls.text and "25.12.2026 10:00" in calls.text and "1 год 30 хв" in calls.text
    calls = await press(calls, tc.BTN_CONFIRM)
    assert t.CREATED in calls.text
    assert await fsm_state(dp, bot, ADMIN_ID) is None
    assert steps == 12  # today's count was 13: the place is one question now

    async with session_pool() as session:
        training = await session.scalar(select(Training))
        assert training is not None
        assert training.title == "Бюджет <2027>" and training.kind == TrainingKind.WEBINAR
        assert training.topic_code == "budget" and training.duration_minutes == 90
        assert training.starts_at == datetime(2026, 12, 25, 8, 0, tzinfo=UTC)  # 10:00 in Kyiv (winter)
        assert training.registration_deadline == datetime(2026, 12, 24, 8, 0, tzinfo=UTC)
        assert training.capacity == 30 and training.link == LINK and training.address is None
        jobs = (await session.scalars(select(ScheduledJob).order_by(ScheduledJob.due_at))).all()
        assert [(j.kind, j.due_at) for j in jobs] == [
            ("training_reminder_24h", datetime(2026, 12, 24, 8, 0, tzinfo=UTC)),
            ("training_reminder_1h", datetime(2026, 12, 25, 7, 0, tzinfo=UTC)),
        ]
        event = await session.scalar(select(TrainingEvent))
        admin = await session.scalar(select(User).where(User.telegram_id == ADMIN_ID))
        assert event is not None and admin is not None
        assert event.kind == TrainingEventKind.CREATED and event.actor_id == admin.id
        assert training.created_by_id == admin.id


async def test_deputy_practicum_for_a_council(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    calls = await client.send(ADMIN_ID, "/trainings")
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_NEW))
    calls = await client.send(ADMIN_ID, "Регламент ради")
    calls = await client.click(ADMIN_ID, calls.button(t.KIND_TITLES["deputy_practicum"]))
    assert t.PROMPTS["topic"] in calls.text  # the audience is clear: deputies
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_SKIP))
    calls = await client.send(ADMIN_ID, "10.12.2026 11:00")
    calls = await client.click(ADMIN_ID, calls.button("2 год"))
    calls = await client.send(ADMIN_ID, "с. Гатне, вул. Шкільна, 1")
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_NO_LIMIT))
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_UNTIL_START))
    assert "Для якої ради" in calls.text
    calls = await client.send(ADMIN_ID, "Гатненська сільська рада")
    calls = await client.click(ADMIN_ID, calls.button("Київська"))
    assert "Для ради: Гатненська сільська рада (Київська область)" in calls.text
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    assert t.CREATED in calls.text
    async with session_pool() as session:
        training = await session.scalar(select(Training))
        assert training is not None
        assert training.audience == TrainingAudience.DEPUTIES and training.capacity is None
        assert training.council_region_code == "kyo" and training.address == "с. Гатне, вул. Шкільна, 1"
        assert training.link is None and training.topic_code is None
        year = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
        assert await indicators.count_councils_with_deputy_training(session, *year) == 1


async def test_admin_edits_time_and_capacity(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession], clock: FakeClock, workers: Workers
) -> None:
    training = await create_training_row(session_pool, clock.now(), capacity=1, in_days=5)
    a = await create_user(session_pool)
    b = await create_user(session_pool)
    await sign_up_via_bot(client, a.telegram_id, training.id)
    await sign_up_via_bot(client, b.telegram_id, training.id)
    await workers.drain()

    calls = await open_card(client, ADMIN_ID)
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_EDIT))
    # The form opens at its summary with the training's values: nothing is asked again.
    assert "Зміни в навчанні" in calls.text and TITLE in calls.text
    assert "Нове навчання" not in calls.text and t.PROMPTS["title"] not in calls.text
    calls = await client.click(ADMIN_ID, calls.button(t.FIELD_LABELS["starts_at"]))
    assert "за київським часом" in calls.text
    calls = await client.send(ADMIN_ID, "30.11.2026 15:30")
    assert "30.11.2026 15:30" in calls.text and tc.BTN_CONFIRM in labels(calls)  # back at the summary
    assert sent_to(await workers.drain(), a.telegram_id) == []  # nothing is saved before "confirm"
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    assert t.UPDATED in calls.text and "30.11.2026 15:30" in calls.text
    sent = await workers.drain()
    notices = sent_to(sent, a.telegram_id)
    assert len(notices) == 1 and "Зміни у навчанні" in notices[0] and "30.11.2026 15:30" in notices[0]
    assert LINK in notices[0]
    assert sent_to(sent, b.telegram_id) == []  # waitlisted: not told of the time
    async with session_pool() as session:
        pending = (
            await session.scalars(
                select(ScheduledJob.due_at).where(ScheduledJob.state == JobState.PENDING).order_by(ScheduledJob.due_at)
            )
        ).all()
    assert pending == [datetime(2026, 11, 29, 13, 30, tzinfo=UTC), datetime(2026, 11, 30, 12, 30, tzinfo=UTC)]

    # Growing the capacity promotes the waitlist.
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_EDIT))
    calls = await client.click(ADMIN_ID, calls.button(t.FIELD_LABELS["capacity"]))
    calls = await client.send(ADMIN_ID, "2")
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    assert t.UPDATED in calls.text
    assert await registration_status(session_pool, training.id, b.id) == RegistrationStatus.REGISTERED
    sent = await workers.drain()
    assert any("Звільнилося місце" in x for x in sent_to(sent, b.telegram_id))
    async with session_pool() as session:
        admin = await session.scalar(select(User).where(User.telegram_id == ADMIN_ID))
        updates = (
            await session.execute(
                select(TrainingEvent.actor_id, TrainingEvent.payload).where(
                    TrainingEvent.kind == TrainingEventKind.UPDATED
                )
            )
        ).all()
    assert admin is not None
    assert updates == [(admin.id, {"fields": ["starts_at"]}), (admin.id, {"fields": ["capacity"]})]


async def test_admin_cancels_training_and_everyone_is_told(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession], clock: FakeClock, workers: Workers
) -> None:
    training = await create_training_row(session_pool, clock.now(), capacity=1)
    a = await create_user(session_pool)
    b = await create_user(session_pool)
    await sign_up_via_bot(client, a.telegram_id, training.id)
    await sign_up_via_bot(client, b.telegram_id, training.id)
    calls = await open_card(client, ADMIN_ID)
    assert t.CARD_ADMIN.format(code=training.attendance_code) in calls.text
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_CANCEL_TRAINING))
    confirm = calls.button(t.BTN_CONFIRM_CANCEL_TRAINING)
    calls = await client.click(ADMIN_ID, confirm)
    assert t.TRAINING_CANCELLED_DONE.format(notified=2) in calls.text
    assert calls.buttons() == []  # the confirmation is replaced by its result
    again = await client.click(ADMIN_ID, confirm)  # a double tap
    assert again.alerts == [t.TRAINING_IS_CANCELLED] and again.of("EditMessageText") == []
    sent = await workers.drain()
    for user in (a, b):
        texts = sent_to(sent, user.telegram_id)
        assert len(texts) == 1 and "скасовано" in texts[0]
    async with session_pool() as session:
        training = await session.get(Training, training.id)  # type: ignore[assignment]
        assert training.status == TrainingStatus.CANCELLED
        states = (await session.scalars(select(ScheduledJob.state))).all()
        assert set(states) == {JobState.CANCELLED}
        cancelled = await session.scalar(
            select(func.count())
            .select_from(TrainingEvent)
            .where(TrainingEvent.kind == TrainingEventKind.TRAINING_CANCELLED)
        )
        assert cancelled == 1
    # The catalogue no longer offers it; a late sign-up (a stale button) is refused.
    calls = await client.send(a.telegram_id, "/trainings")
    assert t.LIST_EMPTY in calls.text
    calls = await client.click(a.telegram_id, forged(TrainingAction.JOIN_OK, training.id))
    assert calls.alerts == [t.TRAINING_IS_CANCELLED]


async def test_officials_cannot_use_admin_buttons(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    training = await create_training_row(session_pool, clock.now())
    official = await create_user(session_pool)
    for action in (TrainingAdminAction.CANCEL_OK, TrainingAdminAction.EDIT, TrainingAdminAction.NEW):
        calls = await client.click(official.telegram_id, TrainingAdminCb(action=action, id=training.id).pack())
        assert calls.alerts == [tc.STALE_BUTTON]
    calls = await client.click(
        official.telegram_id, TrainingAdminCb(action=TrainingAdminAction.XLSX, id=training.id).pack()
    )
    assert calls.of("SendDocument") == []
    async with session_pool() as session:
        assert (await session.get(Training, training.id)).status == TrainingStatus.SCHEDULED  # type: ignore[union-attr]


# --- officials -------------------------------------------------------------------------


async def test_official_signs_up_and_cancels(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    """Signing up: the menu button, the training, "sign up", "yes" (four presses)."""
    training = await create_training_row(session_pool, clock.now(), capacity=5)
    official = await create_user(session_pool)
    uid = official.telegram_id

    calls = await client.send(uid, tc.BTN_TRAININGS)
    assert t.LIST_UPCOMING.split(" (")[0] in calls.text
    calls = await client.click(uid, calls.button("Бюджетний процес"))
    assert TITLE in calls.text and LINK not in calls.text  # the link is for participants
    calls = await client.click(uid, calls.button(t.BTN_SIGN_UP))
    assert f"Записатися на «{TITLE}»" in calls.text
    confirm = calls.button(t.BTN_CONFIRM_SIGN_UP)
    calls = await client.click(uid, confirm)
    assert t.SIGNED_UP.format(title=TITLE) in calls.text
    assert LINK in calls.text and "1 з 5" in calls.text
    assert t.BTN_CONFIRM_SIGN_UP not in labels(calls)  # the confirmation became the card
    assert await registration_status(session_pool, training.id, official.id) == RegistrationStatus.REGISTERED

    again = await client.click(uid, confirm)  # a double tap
    assert again.alerts == [t.ALREADY_REGISTERED] and again.of("EditMessageText") == []

    calls = await client.click(uid, calls.button(t.BTN_BACK))
    calls = await client.click(uid, calls.button(t.BTN_MY_TRAININGS))
    assert t.MY_LIST in calls.text and any("Бюджетний" in text for text in labels(calls))

    calls = await client.click(uid, calls.button("Бюджетний"))
    calls = await client.click(uid, calls.button(t.BTN_LEAVE))
    confirm = calls.button(t.BTN_CONFIRM_LEAVE)
    calls = await client.click(uid, confirm)
    assert t.LEFT.format(title=TITLE) in calls.text
    assert await registration_status(session_pool, training.id, official.id) == RegistrationStatus.CANCELLED
    again = await client.click(uid, confirm)  # a double tap
    assert again.alerts == [t.ALREADY_LEFT] and again.of("EditMessageText") == []
    calls = await client.click(uid, calls.button(t.BTN_BACK))
    calls = await client.click(uid, calls.button(t.BTN_MY_TRAININGS))
    assert t.MY_EMPTY in calls.text
    async with session_pool() as session:
        kinds = (
            await session.scalars(
                select(TrainingEvent.kind).where(TrainingEvent.actor_id == official.id).order_by(TrainingEvent.id)
            )
        ).all()
    assert kinds == [TrainingEventKind.SIGNED_UP, TrainingEventKind.CANCELLED]


async def test_catalogue_is_paged(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    for day in range(1, 8):
        await create_training_row(session_pool, clock.now(), in_days=day, title=f"Захід {day}")
    official = await create_user(session_pool)
    calls = await client.send(official.telegram_id, "/trainings")
    assert "(стор. 1/2)" in calls.text
    titles = [text for text in labels(calls) if "Захід" in text]
    assert len(titles) == 5 and "Захід 1" in titles[0]
    calls = await client.click(official.telegram_id, calls.button(t.BTN_NEXT))
    assert "(стор. 2/2)" in calls.text
    assert [text.split(" · ")[1] for text in labels(calls) if "Захід" in text] == ["Захід 6", "Захід 7"]


async def test_waitlist_and_promotion_through_the_bot(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession], clock: FakeClock, workers: Workers
) -> None:
    training = await create_training_row(session_pool, clock.now(), capacity=1)
    a = await create_user(session_pool)
    b = await create_user(session_pool)
    await sign_up_via_bot(client, a.telegram_id, training.id)
    calls = await open_card(client, b.telegram_id)
    assert calls.button(t.BTN_JOIN_WAITLIST)
    calls = await sign_up_via_bot(client, b.telegram_id, training.id)
    assert t.WAITLISTED.format(position=1) in calls.text and LINK not in calls.text
    assert await registration_status(session_pool, training.id, b.id) == RegistrationStatus.WAITLISTED

    calls = await open_card(client, a.telegram_id)
    calls = await client.click(a.telegram_id, calls.button(t.BTN_LEAVE))
    await client.click(a.telegram_id, calls.button(t.BTN_CONFIRM_LEAVE))
    sent = await workers.drain()
    texts = sent_to(sent, b.telegram_id)
    assert len(texts) == 1 and "Звільнилося місце" in texts[0] and LINK in texts[0]
    assert await registration_status(session_pool, training.id, b.id) == RegistrationStatus.REGISTERED
    async with session_pool() as session:
        promoted = await session.scalar(select(TrainingEvent).where(TrainingEvent.kind == TrainingEventKind.PROMOTED))
        row = await session.scalar(select(OutboxMessage).where(OutboxMessage.purpose == "training_promoted"))
    assert promoted is not None and promoted.user_id == b.id
    assert row is not None and row.method == "notice"  # data, worded when sent


async def test_signup_closes_at_the_deadline(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    now = clock.now()
    training = await create_training_row(session_pool, now, in_days=3, registration_deadline=now + timedelta(days=1))
    official = await create_user(session_pool)
    clock.advance(days=1)
    calls = await open_card(client, official.telegram_id)
    assert t.CARD_CLOSED in calls.text
    assert not any(text in (t.BTN_SIGN_UP, t.BTN_JOIN_WAITLIST) for text in labels(calls))
    calls = await client.click(official.telegram_id, forged(TrainingAction.JOIN_OK, training.id))
    assert calls.alerts == [t.SIGNUP_CLOSED]
    assert await registration_status(session_pool, training.id, official.id) is None


async def test_unregistered_user_cannot_sign_up(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    training = await create_training_row(session_pool, clock.now())
    calls = await client.click(777, forged(TrainingAction.JOIN_OK, training.id))
    assert calls.alerts == [t.NEED_REGISTRATION]


# --- attendance and exports -------------------------------------------------------------


async def test_admin_marks_attendance_with_buttons(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    training = await create_training_row(session_pool, clock.now(), in_days=1)
    people = [await create_user(session_pool, full_name=f"Учасник {i:02d}") for i in range(10)]
    for person in people:
        await sign_up_via_bot(client, person.telegram_id, training.id)

    card = await open_card(client, ADMIN_ID)
    calls = await client.click(ADMIN_ID, card.button(t.BTN_ATTENDANCE))
    calls = await client.click(ADMIN_ID, calls.button("Учасник 00"))
    assert calls.alerts == [t.ATTENDANCE_NOT_YET]

    clock.advance(days=1, hours=3)  # after the training
    calls = await client.click(ADMIN_ID, card.button(t.BTN_ATTENDANCE))
    assert "Присутні: 0 з 10" in calls.text
    names = [text for text in labels(calls) if "Учасник" in text]
    assert len(names) == 8 and names[0] == "⬜ Учасник 00"
    mark = calls.button("Учасник 00")
    calls = await client.click(ADMIN_ID, mark)
    assert calls.alerts == [t.ATTENDANCE_MARKED.format(name="Учасник 00")]
    assert "Присутні: 1 з 10" in calls.text and "✅ Учасник 00" in labels(calls)
    again = await client.click(ADMIN_ID, mark)  # a double tap: the mark stays
    assert again.alerts == [t.ATTENDANCE_ALREADY_MARKED.format(name="Учасник 00")]
    assert again.of("EditMessageText") == []
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_NEXT))
    assert [text for text in labels(calls) if "Учасник" in text] == ["⬜ Учасник 08", "⬜ Учасник 09"]
    calls = await client.click(ADMIN_ID, calls.button("Учасник 09"))
    assert "Присутні: 2 з 10" in calls.text
    calls = await client.click(ADMIN_ID, calls.button("Учасник 09"))  # a mistake undone
    assert "Присутні: 1 з 10" in calls.text
    calls = await client.click(ADMIN_ID, card.button(t.BTN_PARTICIPANTS))
    assert "Учасник 00 — Секретар ради, Броварська міська рада (Зареєстровано, ✅ присутність є)" in calls.text

    async with session_pool() as session:
        attended = (
            await session.scalars(select(TrainingRegistration.user_id).where(TrainingRegistration.attended.is_(True)))
        ).all()
        assert attended == [people[0].id]
        events = (
            await session.execute(
                select(TrainingEvent.kind, TrainingEvent.user_id, TrainingEvent.actor_id)
                .where(TrainingEvent.kind.in_([TrainingEventKind.ATTENDED, TrainingEventKind.ATTENDANCE_REMOVED]))
                .order_by(TrainingEvent.id)
            )
        ).all()
        admin = await session.scalar(select(User).where(User.telegram_id == ADMIN_ID))
        assert admin is not None
        assert events == [
            (TrainingEventKind.ATTENDED, people[0].id, admin.id),
            (TrainingEventKind.ATTENDED, people[9].id, admin.id),
            (TrainingEventKind.ATTENDANCE_REMOVED, people[9].id, admin.id),
        ]
        # Attendance marks now define the indicator for this training.
        year = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
        assert await indicators.count_trained_officials(session, *year) == 1


async def test_participant_confirms_attendance_with_code(
    client: TelegramClient,
    dp: Dispatcher,
    bot: MockedBot,
    session_pool: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    training = await create_training_row(session_pool, clock.now(), in_days=1)
    official = await create_user(session_pool)
    uid = official.telegram_id
    await sign_up_via_bot(client, uid, training.id)

    calls = await client.send(uid, f"/attend {training.attendance_code}")
    assert calls.text == t.CODE_NO_TRAINING  # not started yet

    clock.advance(days=1, minutes=20)  # during the training
    calls = await client.send(uid, "/attend ZZZZZZ")
    assert calls.text == t.CODE_WRONG
    calls = await client.send(uid, f"/attend {training.attendance_code.lower()}")
    assert calls.text == t.CODE_OK.format(title=TITLE)
    calls = await client.send(uid, f"/attend {training.attendance_code}")
    assert calls.text == t.CODE_ALREADY.format(title=TITLE)

    # The button way, for a second participant.
    other = await create_user(session_pool)
    async with session_pool() as session:
        session.add(
            TrainingRegistration(
                training_id=training.id, user_id=other.id, status=RegistrationStatus.REGISTERED, created_at=clock.now()
            )
        )
        await session.commit()
    calls = await client.send(other.telegram_id, "/trainings")
    calls = await client.click(other.telegram_id, calls.button(t.BTN_MY_TRAININGS))
    calls = await client.click(other.telegram_id, calls.button(t.BTN_ENTER_CODE))
    assert calls.text == t.ASK_CODE and calls.buttons() == []  # the list became the question
    calls = await client.send(other.telegram_id, "AB12")
    assert calls.text == t.CODE_WRONG
    assert await fsm_state(dp, bot, other.telegram_id) == AttendanceCode.code.state
    calls = await client.send(other.telegram_id, training.attendance_code)
    assert calls.text == t.CODE_OK.format(title=TITLE)
    assert await fsm_state(dp, bot, other.telegram_id) is None

    async with session_pool() as session:
        rows = (await session.execute(select(TrainingRegistration.user_id, TrainingRegistration.attended))).all()
        assert set(rows) == {(official.id, True), (other.id, True)}
        sources = (
            await session.scalars(select(TrainingEvent.payload).where(TrainingEvent.kind == TrainingEventKind.ATTENDED))
        ).all()
        assert [p["source"] for p in sources] == ["code", "code"]


async def test_exports_xlsx_and_csv(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    training = await create_training_row(session_pool, clock.now(), capacity=1)
    a = await create_user(session_pool, full_name="Коваль Ірина", community="Бучанська міська рада", region_code="kyo")
    b = await create_user(
        session_pool, full_name='=HYPERLINK("x")', community="Львівська міська рада", region_code="lvi"
    )
    await sign_up_via_bot(client, a.telegram_id, training.id)
    await sign_up_via_bot(client, b.telegram_id, training.id)

    card = await open_card(client, ADMIN_ID)
    calls = await client.click(ADMIN_ID, card.button(t.BTN_EXPORT_XLSX))
    (doc,) = calls.of("SendDocument")
    filename = doc.document.filename  # type: ignore[attr-defined]
    assert filename == f"Персональні дані Учасники 26.11.2026 {TITLE}.xlsx"  # words people use, no ids
    sheet = openpyxl.load_workbook(io.BytesIO(doc.document.data)).active  # type: ignore[attr-defined]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == list(t.EXPORT_HEADERS)
    assert [r[:6] for r in rows[1:]] == [
        ["Коваль Ірина", "Секретар ради", "Бучанська міська рада", "Київська область", "Зареєстровано", "—"],
        [
            '\'=HYPERLINK("x")',
            "Секретар ради",
            "Львівська міська рада",
            "Львівська область",
            "У списку очікування",
            "—",
        ],
    ]
    again = await client.click(ADMIN_ID, card.button(t.BTN_EXPORT_XLSX))  # a double tap
    assert again.alerts == [t.EXPORT_ALREADY_SENT] and again.of("SendDocument") == []

    calls = await client.click(ADMIN_ID, card.button(t.BTN_EXPORT_CSV))
    (doc,) = calls.of("SendDocument")
    text = doc.document.data.decode("utf-8-sig")  # type: ignore[attr-defined]
    csv_rows = list(csv.reader(io.StringIO(text)))
    assert csv_rows[0] == list(t.EXPORT_HEADERS)
    assert [r[0] for r in csv_rows[1:]] == ["Коваль Ірина", '\'=HYPERLINK("x")']

    calls = await client.click(ADMIN_ID, card.button(t.BTN_PARTICIPANTS))
    assert "Зареєстровано: 1, в очікуванні: 1" in calls.text and "Коваль Ірина" in calls.text
    # Exporting again from a freshly opened card works.
    card = await open_card(client, ADMIN_ID)
    calls = await client.click(ADMIN_ID, card.button(t.BTN_EXPORT_XLSX))
    assert len(calls.of("SendDocument")) == 1
