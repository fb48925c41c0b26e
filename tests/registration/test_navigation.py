"""Registration's "⬅️ Назад", "✖️ Скасувати", the summary's changes, and what happens when people wander off mid-way."""

from __future__ import annotations

from typing import Any

import pytest

from bot.texts import common as tc
from bot.texts import registration as t
from handlers.registration import Registration
from tests.registration.helpers import COMMUNITY, NAME, NEW, POSITION, fsm_state, labels, reach, stored
from tests.support.client import TelegramClient

QUESTIONS = {
    "full_name": t.ASK_FULL_NAME,
    "position": t.ASK_POSITION,
    "community": t.ASK_COMMUNITY,
    "region": t.ASK_REGION,
}


async def test_back_walks_to_the_consent_keeping_every_answer(client: TelegramClient, dp: Any, bot: Any) -> None:
    calls = await reach(client, "summary")
    calls = await client.send(NEW, tc.BTN_BACK)  # typed: the summary's reply keyboard is the phone's
    assert t.ASK_REGION in calls.text and "Зараз: Київська область" in calls.text
    calls = await client.click(NEW, calls.button(tc.BTN_BACK))
    assert t.ASK_COMMUNITY in calls.text and f"Зараз: {COMMUNITY}" in calls.text
    calls = await client.click(NEW, calls.button(tc.BTN_BACK))
    assert t.ASK_POSITION in calls.text and f"Зараз: {POSITION}" in calls.text
    calls = await client.click(NEW, calls.button(tc.BTN_BACK))
    assert t.ASK_FULL_NAME in calls.text and f"Зараз: {NAME}" in calls.text
    calls = await client.click(NEW, calls.button(tc.BTN_BACK))
    assert t.CONSENT_QUESTION in calls.text and await fsm_state(dp, bot) == Registration.consent.state
    # Forward again: the answers are still there, a new one replaces the old.
    calls = await client.click(NEW, calls.button(t.BTN_CONSENT_YES))
    assert f"Зараз: {NAME}" in calls.text
    calls = await client.send(NEW, "Мельник Оксана Іванівна")
    assert t.ASK_POSITION in calls.text and f"Зараз: {POSITION}" in calls.text


async def test_used_buttons_are_taken_away(client: TelegramClient, bot: Any) -> None:
    await reach(client, "position")
    before = len(bot.session.requests)
    await client.send(NEW, POSITION)
    retired = [m for m in bot.session.requests[before:] if type(m).__name__ == "EditMessageReplyMarkup"]
    assert retired and retired[0].reply_markup is None


@pytest.mark.parametrize("step", ["full_name", "position", "community", "region", "summary"])
async def test_cancel_button_on_every_screen(
    client: TelegramClient, session_pool: Any, dp: Any, bot: Any, step: str
) -> None:
    calls = await reach(client, step)
    calls = await client.click(NEW, calls.button(tc.BTN_CANCEL))
    assert t.CANCELLED in calls.text
    assert tc.BTN_ASK not in labels(calls)  # not the main menu of a registered user
    assert await fsm_state(dp, bot) is None and await stored(session_pool) is None


@pytest.mark.parametrize("words", ["/cancel", tc.BTN_CANCEL])
async def test_cancel_typed_at_the_summary(
    client: TelegramClient, session_pool: Any, dp: Any, bot: Any, words: str
) -> None:
    await reach(client, "summary")
    calls = await client.send(NEW, words)
    assert calls.texts == [t.CANCELLED]
    assert tc.BTN_ASK not in labels(calls) and tc.CANCELLED not in calls.text
    assert [m.reply_markup.remove_keyboard for m in calls.of("SendMessage")] == [True]  # the phone keyboard goes
    assert await fsm_state(dp, bot) is None and await stored(session_pool) is None
    # Starting again begins at the consent, with nothing left over.
    calls = await client.send(NEW, "/start")
    calls = await client.click(NEW, calls.button(t.BTN_CONSENT_YES))
    assert "Зараз:" not in calls.text


async def test_change_any_field_from_the_summary(client: TelegramClient, session_pool: Any) -> None:
    calls = await reach(client, "summary")
    assert f"ПІБ: {NAME}" in calls.text and f"Телефон: {t.NO_PHONE}" in calls.text

    calls = await client.click(NEW, calls.button(tc.BTN_CHANGE.format(label=t.LABELS["full_name"])))
    assert t.ASK_FULL_NAME in calls.text and f"Зараз: {NAME}" in calls.text
    calls = await client.send(NEW, "Коваль Олена Іванівна")
    assert "ПІБ: Коваль Олена Іванівна" in calls.text and tc.BTN_CONFIRM in labels(calls)  # straight back

    calls = await client.click(NEW, calls.button(tc.BTN_CHANGE.format(label=t.LABELS["region"])))
    calls = await client.click(NEW, calls.button("Львівська"))
    assert "Область: Львівська область" in calls.text and tc.BTN_CONFIRM in labels(calls)

    calls = await client.click(NEW, calls.button(tc.BTN_CHANGE.format(label=t.LABELS["position"])))
    calls = await client.click(NEW, calls.button(tc.BTN_BACK))  # changed their mind: back to the summary
    assert f"Посада: {POSITION}" in calls.text and tc.BTN_CONFIRM in labels(calls)

    calls = await client.click(NEW, calls.button(tc.BTN_CHANGE.format(label=t.LABELS["phone"])))
    assert t.ASK_PHONE in calls.text and t.BTN_SHARE_PHONE in labels(calls)
    calls = await client.send(NEW, "067 123 45 67")
    assert "Телефон: +380671234567" in calls.text

    await client.click(NEW, calls.button(tc.BTN_CONFIRM))
    user = await stored(session_pool)
    assert user is not None
    assert (user.full_name, user.position, user.region_code, user.phone) == (
        "Коваль Олена Іванівна",
        POSITION,
        "lvi",
        "+380671234567",
    )


@pytest.mark.parametrize("step", ["full_name", "position", "region", "summary"])
async def test_help_mid_registration_is_about_registration(
    client: TelegramClient, dp: Any, bot: Any, step: str
) -> None:
    await reach(client, step)
    state = await fsm_state(dp, bot)
    calls = await client.send(NEW, "/help")
    assert t.HELP_REGISTERING in calls.text
    assert tc.HELP.split("\n")[0] not in calls.text and tc.BTN_ASK not in labels(calls)
    assert (QUESTIONS.get(step) or tc.FORM_SUMMARY_HINT) in calls.text  # the same question, right below
    assert await fsm_state(dp, bot) == state


async def test_start_mid_registration_resumes(client: TelegramClient, dp: Any, bot: Any) -> None:
    await reach(client, "community")
    calls = await client.send(NEW, "/start")
    assert t.RESUMED in calls.text and t.ASK_COMMUNITY in calls.text and t.WELCOME not in calls.text
    calls = await client.send(NEW, COMMUNITY)
    assert t.ASK_REGION in calls.text
    calls = await client.click(NEW, calls.button("Київська"))
    assert f"ПІБ: {NAME}" in calls.text  # nothing typed before was lost


@pytest.mark.parametrize("pressed", [tc.BTN_ASK, tc.BTN_QUEUE, tc.BTN_MY, "/ask", "/trainings"])
async def test_menu_buttons_and_commands_are_never_an_answer(
    client: TelegramClient, session_pool: Any, dp: Any, bot: Any, pressed: str
) -> None:
    await reach(client, "position")
    calls = await client.send(NEW, pressed)
    assert t.INTERRUPTED in calls.text
    assert await fsm_state(dp, bot) == Registration.position.state
    calls = await client.click(NEW, calls.button(tc.BTN_CONTINUE))
    assert t.ASK_POSITION in calls.text
    calls = await client.send(NEW, POSITION)
    assert t.ASK_COMMUNITY in calls.text
    # Or cancel from the same question.
    calls = await client.send(NEW, pressed)
    calls = await client.click(NEW, calls.button(tc.BTN_CANCEL))
    assert t.CANCELLED in calls.text and await stored(session_pool) is None


async def test_skip_is_no_name(client: TelegramClient, dp: Any, bot: Any) -> None:
    await reach(client, "full_name")
    calls = await client.send(NEW, t.BTN_SKIP)  # from a phone keyboard left on screen
    assert t.ANSWER_REQUIRED in calls.text and t.ASK_FULL_NAME in calls.text
    assert await fsm_state(dp, bot) == Registration.full_name.state


async def test_a_dialog_saved_before_the_summary_goes_on(client: TelegramClient, dp: Any, bot: Any) -> None:
    """A person half-way through when the bot is updated: their answers (stored flat) are kept."""
    from aiogram.fsm.storage.base import StorageKey

    key = StorageKey(bot_id=bot.id, chat_id=NEW, user_id=NEW)
    await dp.storage.set_state(key, Registration.community.state)
    await dp.storage.set_data(
        key,
        {
            "consent_at": "2026-01-01T10:00:00+00:00",
            "full_name": NAME,
            "position": POSITION,
            "community": "",
            "region_code": "",
        },
    )
    calls = await client.send(NEW, COMMUNITY)
    calls = await client.click(NEW, calls.button("Київська"))
    assert f"ПІБ: {NAME}" in calls.text and f"Посада: {POSITION}" in calls.text
