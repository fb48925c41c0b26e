"""Registration through the real dispatcher: consent, validation, region buttons, phone, escaping."""

from __future__ import annotations

import re
from typing import Any

from bot.callbacks.registration import RegistrationAct, RegistrationCb
from bot.commands import ADMIN
from bot.texts import common as tc
from bot.texts import registration as t
from handlers.registration import Registration
from storage.models import Role, User
from tests.registration.helpers import NEW, fsm_state, labels, stored
from tests.support.client import TelegramClient
from tests.support.factories import create_user


async def test_full_registration_with_phone(client: TelegramClient, session_pool: Any, dp: Any, bot: Any) -> None:
    calls = await client.send(NEW, "/start")
    assert t.CONSENT_QUESTION in calls.text
    calls = await client.click(NEW, calls.button(t.BTN_CONSENT_YES))
    assert t.ASK_FULL_NAME in calls.text
    await client.send(NEW, "  Коваленко   <b>Іван</b>  Петрович ")
    await client.send(NEW, "Сільський голова")
    calls = await client.send(NEW, "Гатненська сільська рада")
    assert t.ASK_REGION in calls.text
    assert len(calls.buttons()) == 27 + 2  # the regions, "Назад" and "Скасувати"
    calls = await client.click(NEW, calls.button("Львівська"))
    # The summary: every answer, escaped, with a button to change it; the phone is asked under it.
    assert "ПІБ: Коваленко &lt;b&gt;Іван&lt;/b&gt; Петрович" in calls.text
    assert "Область: Львівська область" in calls.text and f"Телефон: {t.NO_PHONE}" in calls.text
    assert {tc.BTN_CHANGE.format(label=label) for label in t.LABELS.values()} <= set(labels(calls))
    assert t.PHONE_AT_SUMMARY in calls.text and t.BTN_SHARE_AND_FINISH in labels(calls)
    assert await stored(session_pool) is None  # nothing is kept before the confirmation
    calls = await client.send_contact(NEW, "380 67 123 45 67")  # sharing the number confirms: step 7
    assert "Коваленко &lt;b&gt;Іван&lt;/b&gt; Петрович" in calls.text  # escaped
    assert tc.BTN_ASK in labels(calls)  # the main menu
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


async def test_declined_consent_stores_nothing_and_can_be_given_later(
    client: TelegramClient, session_pool: Any, dp: Any, bot: Any
) -> None:
    calls = await client.send(NEW, "/start")
    agree = calls.button(t.BTN_CONSENT_YES)
    calls = await client.click(NEW, calls.button(t.BTN_CONSENT_NO))
    assert t.CONSENT_DECLINED in calls.text
    assert await stored(session_pool) is None and await fsm_state(dp, bot) is None
    # Changed their mind: the "Погоджуюсь" of the same message still works.
    calls = await client.click(NEW, agree)
    assert t.ASK_FULL_NAME in calls.text and t.STALE not in calls.alerts
    assert await fsm_state(dp, bot) == Registration.full_name.state


async def test_bad_input_keeps_the_step_and_what_was_typed(
    client: TelegramClient, session_pool: Any, dp: Any, bot: Any
) -> None:
    calls = await client.send(NEW, "/start")
    await client.click(NEW, calls.button(t.BTN_CONSENT_YES))
    calls = await client.send_sticker(NEW)
    assert t.NEED_TEXT in calls.text and t.ASK_FULL_NAME in calls.text  # the question again
    assert await fsm_state(dp, bot) == Registration.full_name.state
    calls = await client.send(NEW, "Я" * 201)
    assert t.TEXT_TOO_LONG.format(limit=200) in calls.text
    await client.send(NEW, "Мельник Оксана")
    await client.send(NEW, "Секретар")
    calls = await client.send(NEW, "Шевченківська громада")
    calls = await client.send(NEW, "Львівська")  # typed instead of pressing a button
    assert t.PICK_REGION_BUTTON in calls.text and t.ASK_REGION in calls.text
    kyiv = calls.button("м. Київ")
    prompt_id = client.shown[kyiv][0]
    forged = RegistrationCb(action=RegistrationAct.PICK, step="region", value="atlantis").pack()
    calls = await client.click(NEW, forged, message_id=prompt_id)
    assert t.PICK_REGION_BUTTON in calls.text
    calls = await client.click(NEW, calls.button("м. Київ"))
    calls = await client.send_contact(NEW, "+380501112233", owner_id=999)  # someone else's contact
    assert t.FOREIGN_CONTACT in calls.text and t.SUMMARY_TITLE in calls.text
    calls = await client.send(NEW, "067 12")  # a number, but not a whole one
    assert t.INVALID_PHONE in calls.text and t.SUMMARY_TITLE in calls.text
    calls = await client.send(NEW, "дзвоніть на роботу")
    assert t.PRESS_A_BUTTON in calls.text and t.SUMMARY_TITLE in calls.text
    assert await stored(session_pool) is None
    assert "Мельник Оксана" in calls.text and f"Телефон: {t.NO_PHONE}" in calls.text
    await client.click(NEW, calls.button(tc.BTN_CONFIRM))
    user = await stored(session_pool)
    assert user is not None and user.phone is None and user.community == "Шевченківська громада"


async def test_typed_phone_is_normalised(client: TelegramClient, session_pool: Any) -> None:
    from tests.registration.helpers import reach

    await reach(client, "summary")
    calls = await client.send(NEW, "8 (067) 123-45-67")  # typed under the summary: finishes
    assert t.REGISTERED.split(",")[0] in calls.text
    user = await stored(session_pool)
    assert user is not None and user.phone == "+380671234567"


async def test_lawyer_added_by_admin_keeps_the_role_after_registering(
    client: TelegramClient, session_pool: Any
) -> None:
    async with session_pool() as session:
        session.add(User(telegram_id=NEW, role=Role.LAWYER))
        await session.commit()
    calls = await client.send(NEW, "/start")
    assert t.CONSENT_QUESTION in calls.text
    await client.click(NEW, calls.button(t.BTN_CONSENT_YES))
    for answer in ("Бондар Юлія", "Юрист АМУ", "Київ"):
        calls = await client.send(NEW, answer)
    calls = await client.click(NEW, calls.button("м. Київ"))
    calls = await client.click(NEW, calls.button(tc.BTN_CONFIRM))
    assert tc.BTN_QUEUE in labels(calls)  # the lawyer's menu
    user = await stored(session_pool)
    assert user is not None and user.role == Role.LAWYER and user.is_registered


async def test_unregistered_user_is_sent_to_start(client: TelegramClient) -> None:
    calls = await client.send(NEW, "/ask")
    assert tc.NOT_REGISTERED in calls.text


async def test_help_and_cancel_of_someone_not_registered(client: TelegramClient) -> None:
    calls = await client.send(NEW, "/help")
    assert calls.texts == [t.HELP_NOT_REGISTERED]
    assert tc.BTN_ASK not in labels(calls)  # no main menu before registering
    calls = await client.send(NEW, "/cancel")
    assert calls.texts == [t.NOTHING_TO_CANCEL] and tc.BTN_ASK not in labels(calls)


async def test_help_shows_each_role_its_part(client: TelegramClient, session_pool: Any) -> None:
    await create_user(session_pool, telegram_id=NEW)
    official_help = (await client.send(NEW, "/help")).text
    assert "/ask" in official_help and "/queue" not in official_help and "/staff" not in official_help
    from tests.conftest import ADMIN_ID

    admin_help = (await client.send(ADMIN_ID, "/help")).text  # an ADMIN_IDS admin, even without a profile
    assert "/queue" in admin_help and "/staff" in admin_help
    # Every command help names is one the bot answers (the lawyers' templates are /templates now).
    named = set(re.findall(r"(?<![<a-z])/([a-z]+)", official_help + admin_help))
    assert "templates" in named and named <= {command.command for command in ADMIN}
