"""/staff: admins manage lawyers and editors, through commands and buttons."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiogram.types import MessageOriginHiddenUser, MessageOriginUser, SharedUser, UsersShared
from aiogram.types import User as TgUser
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks.staff import StaffCb, StaffTopicsCb
from bot.texts import common as tc
from bot.texts import registration as tr
from bot.texts import staff as t
from handlers.staff import StaffAdd
from storage.models import (
    Consultation,
    ConsultationEvent,
    ConsultationStatus,
    EventKind,
    OutboxMessage,
    Role,
    StaffEvent,
    User,
)
from storage.repositories import users as users_repo
from tests.conftest import ADMIN_ID, FakeClock
from tests.support.client import TelegramClient
from tests.support.factories import create_user, make_user, register_via_bot

NEW_LAWYER = 610001
OFFICIAL = 610002


async def _user(pool: async_sessionmaker[AsyncSession], telegram_id: int) -> User | None:
    async with pool() as session:
        return await session.scalar(select(User).where(User.telegram_id == telegram_id))


async def _rows(pool: async_sessionmaker[AsyncSession], model: Any, *where: Any) -> list[Any]:
    async with pool() as session:
        return list((await session.scalars(select(model).where(*where).order_by(model.id))).all())


def _command_scopes(calls: Any, name: str) -> list[int]:
    return [m.scope.chat_id for m in calls.of(name)]


async def test_list_shows_lawyers_with_topics_and_editors(client: TelegramClient, session_pool) -> None:
    async with session_pool() as session:
        await make_user(session, role=Role.LAWYER, full_name="Коваль <Ірина>", topics=["land", "budget"])
        await make_user(session, role=Role.LAWYER, full_name="Шевчук Андрій")
        await make_user(session, full_name="Редактор Марія", is_editor=True)
        await make_user(session, full_name="Просто Посадовець")
        await session.commit()

    calls = await client.send(ADMIN_ID, "/staff")

    text = calls.text
    assert t.LAWYERS.format(count=2) in text and t.EDITORS.format(count=1) in text
    assert "Коваль &lt;Ірина&gt;" in text  # escaped
    assert "теми: Бюджет і фінанси, Земельні відносини" in text
    assert f"теми: {t.ALL_TOPICS}" in text
    assert "Редактор Марія" in text
    assert "Просто Посадовець" not in text
    labels = [label for label, _ in calls.buttons()]
    assert "👤 Шевчук Андрій" in labels and t.BTN_ADD in labels
    # A short hint to the buttons, no command manual, no codes, no ids.
    assert t.HINT in text and "/staff add" not in text and "budget" not in text and " id " not in text
    # The main menu button opens the same list.
    assert t.LAWYERS.format(count=2) in (await client.send(ADMIN_ID, tc.BTN_STAFF)).text


async def test_add_lawyer_before_first_contact_then_registration_keeps_role(
    client: TelegramClient, session_pool, workers
) -> None:
    calls = await client.send(ADMIN_ID, f"/staff add {NEW_LAWYER} lawyer land budget")

    nameless = t.NAMELESS.format(telegram_id=NEW_LAWYER)  # never wrote to the bot: all the bot knows
    assert t.ADDED_LAWYER.format(name=nameless, topics="Бюджет і фінанси, Земельні відносини") in calls.text
    assert NEW_LAWYER in _command_scopes(calls, "SetMyCommands")
    user = await _user(session_pool, NEW_LAWYER)
    assert user is not None and user.role == Role.LAWYER and not user.is_registered
    assert user.topic_codes == ["budget", "land"]
    [event] = await _rows(session_pool, StaffEvent)
    admin = await _user(session_pool, ADMIN_ID)  # an ADMIN_IDS admin without a profile gets a bare users row
    assert admin is not None and not admin.is_registered
    assert (event.actor_id, event.target_id, event.action) == (admin.id, user.id, "add_lawyer")
    assert event.topics == ["budget", "land"]
    sent = await workers.drain()
    told = [m.text for m in sent if getattr(m, "chat_id", None) == NEW_LAWYER]
    assert told and "Земельні відносини" in told[0] and "/start" in told[0]

    # The new lawyer writes for the first time: registration as usual, the role stays.
    assert tc.NOT_REGISTERED in (await client.send(NEW_LAWYER, "Добрий день")).text
    calls = await client.send(NEW_LAWYER, "/start")
    assert tr.CONSENT_QUESTION in calls.text
    await register_via_bot(client, NEW_LAWYER, name="Юрченко Олег")
    user = await _user(session_pool, NEW_LAWYER)
    assert user is not None and user.is_registered and user.full_name == "Юрченко Олег"
    assert user.role == Role.LAWYER and user.topic_codes == ["budget", "land"]
    calls = await client.send(NEW_LAWYER, "/start")
    assert tc.BTN_QUEUE in [label for label, _ in calls.buttons()]


async def test_add_without_topics_takes_all_and_add_editor(client: TelegramClient, session_pool) -> None:
    calls = await client.send(ADMIN_ID, f"/staff add {NEW_LAWYER} lawyer")
    assert t.ADDED_LAWYER.format(name=t.NAMELESS.format(telegram_id=NEW_LAWYER), topics=t.ALL_TOPICS) in calls.text

    await create_user(session_pool, telegram_id=OFFICIAL, full_name="Коваль Олена")
    calls = await client.send(ADMIN_ID, f"/staff add {OFFICIAL} редактор")
    assert t.ADDED_EDITOR.format(name="Коваль Олена") in calls.text
    editor = await _user(session_pool, OFFICIAL)
    assert editor is not None and editor.is_editor and editor.role == Role.OFFICIAL
    assert [e.action for e in await _rows(session_pool, StaffEvent)] == ["add_lawyer", "add_editor"]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (f"/staff add {NEW_LAWYER} lawyer land moon", "Невідомі теми: moon."),
        ("/staff add abc lawyer", t.BAD_ID),
        (f"/staff add {NEW_LAWYER} judge", t.BAD_ROLE),
        (f"/staff remove {NEW_LAWYER}", t.NOT_STAFF),
    ],
)
async def test_bad_commands_get_clear_errors(client: TelegramClient, session_pool, command: str, expected: str) -> None:
    calls = await client.send(ADMIN_ID, command)
    assert expected in calls.text
    assert await _user(session_pool, NEW_LAWYER) is None
    assert await _rows(session_pool, StaffEvent) == []


async def _consultation(session: AsyncSession, official: User, lawyer: User | None, status: ConsultationStatus) -> int:
    now = FakeClock().now()
    consultation = Consultation(
        official_id=official.id,
        lawyer_id=lawyer.id if lawyer else None,
        topic_code="land",
        status=status,
        question="Питання",
        created_at=now,
        due_at=now + timedelta(days=3),
    )
    session.add(consultation)
    await session.flush()
    return consultation.id


async def test_remove_lawyer_returns_unfinished_work_to_the_queue(
    client: TelegramClient, session_pool, workers
) -> None:
    async with session_pool() as session:
        official = await make_user(session, telegram_id=OFFICIAL)
        lawyer = await make_user(session, telegram_id=NEW_LAWYER, role=Role.LAWYER, topics=["land"])
        other = await make_user(session, role=Role.LAWYER)
        assigned = await _consultation(session, official, lawyer, ConsultationStatus.ASSIGNED)
        waiting = await _consultation(session, official, lawyer, ConsultationStatus.CLARIFICATION)
        answered = await _consultation(session, official, lawyer, ConsultationStatus.ANSWERED)
        closed = await _consultation(session, official, lawyer, ConsultationStatus.CLOSED)
        others = await _consultation(session, official, other, ConsultationStatus.ASSIGNED)
        await session.commit()

    calls = await client.send(ADMIN_ID, f"/staff remove {NEW_LAWYER}")

    assert t.REMOVED.format(name=lawyer.full_name) in calls.text
    assert t.RELEASED.format(count=2) in calls.text
    assert NEW_LAWYER in _command_scopes(calls, "DeleteMyCommands")
    user = await _user(session_pool, NEW_LAWYER)
    assert user is not None and user.role == Role.OFFICIAL and user.topic_codes == []
    by_id = {c.id: c for c in await _rows(session_pool, Consultation)}
    for cid in (assigned, waiting):
        assert by_id[cid].status == ConsultationStatus.OPEN and by_id[cid].lawyer_id is None
        assert by_id[cid].version == 1
    assert by_id[answered].status == ConsultationStatus.ANSWERED and by_id[answered].lawyer_id == lawyer.id
    assert by_id[closed].status == ConsultationStatus.CLOSED
    assert by_id[others].lawyer_id == other.id
    events = await _rows(session_pool, ConsultationEvent)
    assert sorted(e.consultation_id for e in events) == [assigned, waiting]
    assert {e.kind for e in events} == {EventKind.RELEASED}
    assert all(e.payload["reason"] == "lawyer removed" for e in events)
    assert [e.action for e in await _rows(session_pool, StaffEvent)] == ["remove"]
    told = [m.text for m in await workers.drain() if getattr(m, "chat_id", None) == NEW_LAWYER]
    assert told == [t.TO_REMOVED]


async def test_officials_are_refused_and_forged_buttons_logged(
    client: TelegramClient, session_pool, caplog: pytest.LogCaptureFixture
) -> None:
    await create_user(session_pool, telegram_id=NEW_LAWYER, role=Role.LAWYER, topics=["land"])
    await create_user(session_pool, telegram_id=OFFICIAL)

    assert tc.NO_RIGHTS in (await client.send(OFFICIAL, "/staff")).text
    assert tc.NO_RIGHTS in (await client.send(OFFICIAL, f"/staff add {OFFICIAL} lawyer")).text
    assert tc.NO_RIGHTS in (await client.send(NEW_LAWYER, f"/staff remove {NEW_LAWYER}")).text

    caplog.set_level(logging.WARNING, logger="services.access")
    forged = [
        StaffCb(action="rmok", tg=NEW_LAWYER).pack(),
        StaffCb(action="ed", tg=OFFICIAL).pack(),
        StaffCb(action="add").pack(),
        StaffTopicsCb(mode="e", tg=NEW_LAWYER, mask=0, save=True).pack(),
        StaffTopicsCb(mode="a", tg=OFFICIAL, mask=1, save=True).pack(),
    ]
    for data in forged:
        calls = await client.click(OFFICIAL, data)
        assert calls.alerts == [tc.NO_RIGHTS], data
    assert sum("refused" in r.getMessage() and str(OFFICIAL) in r.getMessage() for r in caplog.records) >= 5

    lawyer = await _user(session_pool, NEW_LAWYER)
    official = await _user(session_pool, OFFICIAL)
    assert lawyer is not None and lawyer.role == Role.LAWYER and lawyer.topic_codes == ["land"]
    assert official is not None and official.role == Role.OFFICIAL and not official.is_editor
    assert await _rows(session_pool, StaffEvent) == []
    assert await _rows(session_pool, OutboxMessage) == []


async def test_add_lawyer_by_buttons(client: TelegramClient, session_pool, dp, bot) -> None:
    calls = await client.send(ADMIN_ID, "/staff")
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_ADD))
    assert t.ASK_ID in calls.text
    state = dp.fsm.get_context(bot=bot, chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert await state.get_state() == StaffAdd.telegram_id.state

    assert t.BAD_ID in (await client.send(ADMIN_ID, "не число")).text
    shared = SharedUser(user_id=NEW_LAWYER, first_name="Олег", last_name="Юрченко")
    calls = await client.send(ADMIN_ID, users_shared=UsersShared(request_id=1, users=[shared]))
    assert t.ASK_ROLE.format(name="Олег Юрченко") in calls.text  # the name Telegram gave: not registered yet
    assert await state.get_state() is None

    calls = await client.click(ADMIN_ID, calls.button(t.BTN_LAWYER))
    assert t.ASK_TOPICS.format(name="Олег Юрченко") in calls.text
    calls = await client.click(ADMIN_ID, calls.button("Земельні відносини"))
    assert ("✅ Земельні відносини", calls.button("Земельні відносини")) in calls.buttons()
    calls = await client.click(ADMIN_ID, calls.button("Освіта"))
    calls = await client.click(ADMIN_ID, calls.button("Освіта"))  # and off again
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_SAVE))

    assert t.ADDED_LAWYER.format(name="Олег Юрченко", topics="Земельні відносини") in calls.text
    user = await _user(session_pool, NEW_LAWYER)
    assert user is not None and user.role == Role.LAWYER and user.topic_codes == ["land"]


async def test_add_editor_by_typed_id(client: TelegramClient, session_pool) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL, full_name="Коваль Олена Іванівна")
    calls = await client.send(ADMIN_ID, "/staff")
    await client.click(ADMIN_ID, calls.button(t.BTN_ADD))
    calls = await client.send(ADMIN_ID, str(OFFICIAL))
    assert t.ASK_ROLE.format(name="Коваль Олена Іванівна") in calls.text  # registered: their own name
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_EDITOR))
    assert t.ADDED_EDITOR.format(name="Коваль Олена Іванівна") in calls.text
    user = await _user(session_pool, OFFICIAL)
    assert user is not None and user.is_editor


async def test_edit_topics_and_remove_by_buttons(client: TelegramClient, session_pool, workers) -> None:
    await create_user(session_pool, telegram_id=NEW_LAWYER, role=Role.LAWYER, full_name="Коваль Ірина")

    calls = await client.send(ADMIN_ID, "/staff")
    calls = await client.click(ADMIN_ID, calls.button("Коваль Ірина"))
    assert "Коваль Ірина" in calls.text and t.ALL_TOPICS in calls.text
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_TOPICS))
    calls = await client.click(ADMIN_ID, calls.button("Освіта"))
    calls = await client.click(ADMIN_ID, calls.button("Бюджет"))
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_SAVE))
    assert t.TOPICS_SAVED.format(name="Коваль Ірина", topics="Бюджет і фінанси, Освіта") in calls.text
    user = await _user(session_pool, NEW_LAWYER)
    assert user is not None and user.topic_codes == ["budget", "education"]
    # Topic changes are not role changes: the command menu is left alone.
    assert calls.of("SetMyCommands") == []

    calls = await client.send(ADMIN_ID, "/staff")
    calls = await client.click(ADMIN_ID, calls.button("Коваль Ірина"))
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_REMOVE))
    assert t.REMOVE_LAWYER.format(name="Коваль Ірина") in calls.text
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_REMOVE_CONFIRM))
    assert t.REMOVED.format(name="Коваль Ірина") in calls.text
    user = await _user(session_pool, NEW_LAWYER)
    assert user is not None and user.role == Role.OFFICIAL
    actions = [(e.action, e.topics) for e in await _rows(session_pool, StaffEvent)]
    assert actions == [("set_topics", ["budget", "education"]), ("remove", [])]
    told = [m.text for m in await workers.drain() if getattr(m, "chat_id", None) == NEW_LAWYER]
    assert told == [t.TO_TOPICS_CHANGED.format(topics="Бюджет і фінанси, Освіта"), t.TO_REMOVED]


async def test_stale_buttons_get_a_plain_alert(client: TelegramClient, session_pool) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL)
    for data in (StaffCb(action="rmok", tg=OFFICIAL).pack(), StaffCb(action="topics", tg=OFFICIAL).pack()):
        calls = await client.click(ADMIN_ID, data)
        assert calls.alerts == [t.NOT_STAFF]
    saved = await client.click(ADMIN_ID, StaffTopicsCb(mode="e", tg=OFFICIAL, mask=1, save=True).pack())
    assert saved.alerts == [t.NOT_LAWYER]
    assert (await client.click(ADMIN_ID, StaffCb(action="zap").pack())).alerts == [tc.STALE_BUTTON]
    assert (await client.click(ADMIN_ID, StaffTopicsCb(mode="a", tg=OFFICIAL, mask=0, flip=99).pack())).alerts == [
        tc.STALE_BUTTON
    ]
    official = await _user(session_pool, OFFICIAL)
    assert official is not None and official.role == Role.OFFICIAL
    assert await _rows(session_pool, StaffEvent) == []


async def test_a_lawyer_gets_questions_only_once_registered(client: TelegramClient, session_pool) -> None:
    await client.send(ADMIN_ID, f"/staff add {NEW_LAWYER} lawyer land")
    async with session_pool() as session:
        assert await users_repo.lawyers_for_topic(session, "land") == []
    await register_via_bot(client, NEW_LAWYER)
    async with session_pool() as session:
        assert [u.telegram_id for u in await users_repo.lawyers_for_topic(session, "land")] == [NEW_LAWYER]
        assert await users_repo.lawyers_for_topic(session, "budget") == []


async def test_add_dialog_takes_a_forwarded_message(client: TelegramClient) -> None:
    when = datetime(2026, 11, 20, tzinfo=UTC)
    calls = await client.send(ADMIN_ID, "/staff")
    await client.click(ADMIN_ID, calls.button(t.BTN_ADD))
    hidden = MessageOriginHiddenUser(date=when, sender_user_name="Хтось")
    assert t.ID_HIDDEN in (await client.send(ADMIN_ID, "привіт", forward_origin=hidden)).text
    origin = MessageOriginUser(date=when, sender_user=TgUser(id=NEW_LAWYER, is_bot=False, first_name="Олег"))
    calls = await client.send(ADMIN_ID, "привіт", forward_origin=origin)
    assert t.ASK_ROLE.format(name="Олег") in calls.text
    assert calls.button(t.BTN_LAWYER) == StaffTopicsCb(mode="a", tg=NEW_LAWYER, mask=0).pack()


async def test_a_menu_button_in_the_add_dialog_is_not_taken_for_a_person(
    client: TelegramClient, session_pool, dp, bot
) -> None:
    await create_user(session_pool, telegram_id=ADMIN_ID, full_name="Адмін АМУ")
    listing = await client.send(ADMIN_ID, "/staff")
    state = dp.fsm.get_context(bot=bot, chat_id=ADMIN_ID, user_id=ADMIN_ID)
    for pressed in (tc.BTN_QUEUE, "/my"):
        await client.click(ADMIN_ID, listing.button(t.BTN_ADD))
        assert await state.get_state() == StaffAdd.telegram_id.state
        calls = await client.send(ADMIN_ID, pressed)
        assert t.BAD_ID not in calls.text and calls.texts  # the button did its own work
        assert await state.get_state() is None
