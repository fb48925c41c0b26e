"""Roles change, menus follow: the notice of a change brings the person's new main menu; an old button is explained."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.texts import common as tc
from bot.texts import hotline as th
from bot.texts import staff as t
from storage.models import Consultation, Role
from tests.conftest import ADMIN_ID
from tests.support.client import TelegramClient
from tests.support.factories import create_user

PERSON = 620001


def reply_buttons(message: Any) -> list[str]:
    markup = getattr(message, "reply_markup", None)
    return [button.text for row in getattr(markup, "keyboard", None) or [] for button in row]


async def _told(workers: Any) -> list[Any]:
    return [m for m in await workers.drain() if getattr(m, "chat_id", None) == PERSON]


async def test_a_new_lawyer_gets_the_queue_button_with_the_notice(
    client: TelegramClient, session_pool, workers
) -> None:
    await create_user(session_pool, telegram_id=PERSON, full_name="Коваль Олена Іванівна")
    await client.send(ADMIN_ID, f"/staff add {PERSON} lawyer land")
    [notice] = await _told(workers)
    assert notice.text.startswith("Вас додано до юристів")
    assert tc.BTN_QUEUE in reply_buttons(notice) and tc.BTN_STAFF not in reply_buttons(notice)
    # The new button works at once.
    calls = await client.send(PERSON, tc.BTN_QUEUE)
    assert t.NOT_YOUR_BUTTON not in calls.text


async def test_a_removed_lawyer_gets_the_officials_menu_and_an_old_button_is_explained(
    client: TelegramClient, session_pool, workers, dp, bot
) -> None:
    await create_user(session_pool, telegram_id=PERSON, role=Role.LAWYER, full_name="Коваль Олена Іванівна")
    calls = await client.send(ADMIN_ID, "/staff")
    calls = await client.click(ADMIN_ID, calls.button("Коваль Олена"))
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_REMOVE))
    await client.click(ADMIN_ID, calls.button(t.BTN_REMOVE_CONFIRM))
    [notice] = await _told(workers)
    assert notice.text == t.TO_REMOVED
    assert tc.BTN_ASK in reply_buttons(notice) and tc.BTN_QUEUE not in reply_buttons(notice)

    # Their old keyboard is still on screen: the lawyer's button is explained, never taken as a question.
    for pressed in (tc.BTN_QUEUE, "/queue"):
        calls = await client.send(PERSON, pressed)
        assert calls.texts == [t.NOT_YOUR_BUTTON]
        assert tc.BTN_ASK in [label for label, _ in calls.buttons()]
        assert tc.BTN_QUEUE not in [label for label, _ in calls.buttons()]
        assert th.FREE_TEXT_OFFER not in calls.text
    state = dp.fsm.get_context(bot=bot, chat_id=PERSON, user_id=PERSON)
    assert await state.get_data() == {}  # no text kept as the start of a question
    async with session_pool() as session:
        assert (await session.scalars(select(Consultation))).all() == []


async def test_an_unregistered_person_gets_no_menu(client: TelegramClient, workers) -> None:
    await client.send(ADMIN_ID, f"/staff add {PERSON} lawyer")
    [notice] = await _told(workers)
    assert notice.reply_markup is None  # nothing they could use before registering
    calls = await client.send(PERSON, tc.BTN_QUEUE)
    assert tc.NOT_REGISTERED in calls.text


async def test_an_editor_keeps_their_menu_and_an_admin_by_settings_keeps_theirs(
    client: TelegramClient, session_pool, workers
) -> None:
    await create_user(session_pool, telegram_id=ADMIN_ID, full_name="Адмін АМУ")  # stored as an official
    await create_user(session_pool, telegram_id=PERSON, full_name="Коваль Олена Іванівна")
    await client.send(ADMIN_ID, f"/staff add {PERSON} editor")
    [notice] = await _told(workers)
    assert notice.text == t.TO_EDITOR_ADDED and tc.BTN_ASK in reply_buttons(notice)

    # An ADMIN_IDS admin made a lawyer too (they answer questions as well) stays an admin: so does their menu.
    await client.send(ADMIN_ID, f"/staff add {ADMIN_ID} lawyer")
    [admin_notice] = [m for m in await workers.drain() if getattr(m, "chat_id", None) == ADMIN_ID]
    assert tc.BTN_STAFF in reply_buttons(admin_notice) and tc.BTN_QUEUE in reply_buttons(admin_notice)
