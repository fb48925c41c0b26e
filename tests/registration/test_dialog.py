"""Registration through the real dispatcher: consent, validation, region buttons, phone, escaping."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.callbacks.registration import RegionCb
from bot.texts import common as tc
from bot.texts import registration as t
from handlers.registration import Registration
from storage.models import Role, User
from tests.client import TelegramClient
from tests.factories import create_user

NEW = 5101


async def stored(session_pool: Any, telegram_id: int = NEW) -> User | None:
    async with session_pool() as session:
        return await session.scalar(select(User).where(User.telegram_id == telegram_id))


async def fsm_state(dp: Any, bot: Any, user_id: int = NEW) -> str | None:
    from aiogram.fsm.storage.base import StorageKey

    return await dp.storage.get_state(StorageKey(bot_id=bot.id, chat_id=user_id, user_id=user_id))


async def test_full_registration_with_phone(client: TelegramClient, session_pool: Any, dp: Any, bot: Any) -> None:
    calls = await client.send(NEW, "/start")
    assert t.CONSENT in calls.text
    calls = await client.click(NEW, calls.button(t.BTN_CONSENT_YES))
    assert t.ASK_FULL_NAME in calls.text
    await client.send(NEW, "  Коваленко   <b>Іван</b>  Петрович ")
    await client.send(NEW, "Сільський голова")
    calls = await client.send(NEW, "Гатненська сільська рада")
    assert t.ASK_REGION in calls.text and len(calls.buttons()) == 27
    calls = await client.click(NEW, calls.button("Львівська"))
    assert t.ASK_PHONE in calls.text
    calls = await client.send_contact(NEW, "380 67 123 45 67")
    assert "Коваленко &lt;b&gt;Іван&lt;/b&gt; Петрович" in calls.text  # escaped
    user = await stored(session_pool)
    assert user is not None and user.is_registered and user.consent_at is not None
    assert (user.full_name, user.position, user.region_code, user.phone) == (
        "Коваленко <b>Іван</b> Петрович",
        "Сільський голова",
        "lvi",
        "+380671234567",
    )
    assert await fsm_state(dp, bot) is None
    calls = await client.send(NEW, "/start")
    assert tc.MAIN_MENU in calls.text


async def test_declined_consent_stores_nothing(client: TelegramClient, session_pool: Any) -> None:
    calls = await client.send(NEW, "/start")
    calls = await client.click(NEW, calls.button(t.BTN_CONSENT_NO))
    assert t.CONSENT_DECLINED in calls.text
    assert await stored(session_pool) is None


async def test_bad_input_keeps_the_step_and_what_was_typed(
    client: TelegramClient, session_pool: Any, dp: Any, bot: Any
) -> None:
    calls = await client.send(NEW, "/start")
    await client.click(NEW, calls.button(t.BTN_CONSENT_YES))
    calls = await client.send_sticker(NEW)
    assert t.NEED_TEXT in calls.text or tc.UNSUPPORTED_CONTENT in calls.text
    assert await fsm_state(dp, bot) == Registration.full_name.state
    calls = await client.send(NEW, "Я" * 201)
    assert t.TEXT_TOO_LONG.format(limit=200) in calls.text
    await client.send(NEW, "Мельник Оксана")
    await client.send(NEW, "Секретар")
    regions = await client.send(NEW, "Шевченківська громада")
    calls = await client.send(NEW, "Львівська")  # typed instead of pressing a button
    assert t.PICK_REGION_BUTTON in calls.text
    calls = await client.click(NEW, RegionCb(code="atlantis").pack())  # forged code
    assert t.PICK_REGION_BUTTON in calls.alerts
    await client.click(NEW, regions.button("м. Київ"))
    calls = await client.send_contact(NEW, "+380501112233", owner_id=999)  # someone else's contact
    assert t.FOREIGN_CONTACT in calls.text
    calls = await client.send(NEW, t.BTN_SKIP)
    assert "Мельник Оксана" in calls.text
    user = await stored(session_pool)
    assert user is not None and user.phone is None and user.community == "Шевченківська громада"


async def test_lawyer_added_by_admin_keeps_the_role_after_registering(
    client: TelegramClient, session_pool: Any
) -> None:
    async with session_pool() as session:
        session.add(User(telegram_id=NEW, role=Role.LAWYER))
        await session.commit()
    calls = await client.send(NEW, "/start")
    assert t.CONSENT in calls.text
    await client.click(NEW, calls.button(t.BTN_CONSENT_YES))
    for answer in ("Бондар Юлія", "Юрист АМУ", "Київ"):
        calls = await client.send(NEW, answer)
    await client.click(NEW, calls.button("м. Київ"))
    calls = await client.send(NEW, t.BTN_SKIP)
    assert tc.BTN_QUEUE in str(calls.buttons())  # the lawyer's menu
    user = await stored(session_pool)
    assert user is not None and user.role == Role.LAWYER and user.is_registered


async def test_unregistered_user_is_sent_to_start(client: TelegramClient) -> None:
    calls = await client.send(NEW, "/ask")
    assert tc.NOT_REGISTERED in calls.text


async def test_help_shows_each_role_its_part(client: TelegramClient, session_pool: Any) -> None:
    await create_user(session_pool, telegram_id=NEW)
    official_help = (await client.send(NEW, "/help")).text
    assert "/ask" in official_help and "/queue" not in official_help and "/staff" not in official_help
    from tests.conftest import ADMIN_ID

    await create_user(session_pool, telegram_id=ADMIN_ID)
    admin_help = (await client.send(ADMIN_ID, "/help")).text
    assert "/queue" in admin_help and "/staff" in admin_help
