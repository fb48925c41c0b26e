"""A double tap on every button of registration (bot/keyboards/registration.py): no error, nothing done twice.

The second press of a one-shot button only gets a short alert: no message,
no change to the dialog or the stored profile.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import InlineKeyboardMarkup

from bot.callbacks.registration import ConsentCb, RegistrationCb
from bot.keyboards import registration as kb
from bot.texts import common as tc
from bot.texts import registration as t
from knowledge import Knowledge
from tests.registration.helpers import NEW, POSITION, reach, stored
from tests.support.client import TelegramClient
from tests.support.double_tap import tap_twice


def kind(data: str) -> str:
    if data.startswith("rc:"):
        return "consent yes" if ConsentCb.unpack(data).agree else "consent no"
    return RegistrationCb.unpack(data).action.value


async def _consent_screen(client: TelegramClient) -> Any:
    return await client.send(NEW, "/start")


async def _interrupted(client: TelegramClient) -> Any:
    await reach(client, "position")
    return await client.send(NEW, tc.BTN_ASK)


# kind -> (how to reach the screen, the text of the button pressed twice)
SCENARIOS: dict[str, tuple[Callable[[TelegramClient], Awaitable[Any]], str]] = {
    "consent yes": (_consent_screen, t.BTN_CONSENT_YES),
    "consent no": (_consent_screen, t.BTN_CONSENT_NO),
    "p": (lambda client: reach(client, "region"), "Київська"),
    "b": (lambda client: reach(client, "position"), tc.BTN_BACK),
    "x": (lambda client: reach(client, "community"), tc.BTN_CANCEL),
    "c": (lambda client: reach(client, "summary"), tc.BTN_CHANGE.format(label=t.LABELS["position"])),
    "ok": (lambda client: reach(client, "summary"), tc.BTN_CONFIRM),
    "go": (_interrupted, tc.BTN_CONTINUE),
}


def test_every_button_of_registration_is_double_tapped(knowledge: Knowledge) -> None:
    markups: list[InlineKeyboardMarkup] = [
        kb.consent(),
        kb.question("position"),
        kb.regions(knowledge, "region"),
        kb.summary(t.LABELS),
        kb.interrupted("position"),
    ]
    kinds = {kind(b.callback_data) for m in markups for row in m.inline_keyboard for b in row if b.callback_data}
    assert kinds == set(SCENARIOS)


async def _snapshot(dp: Any, bot: Any, session_pool: Any) -> tuple[Any, ...]:
    key = StorageKey(bot_id=bot.id, chat_id=NEW, user_id=NEW)
    user = await stored(session_pool)
    profile = None if user is None else (user.full_name, user.position, user.registered_at, user.consent_at)
    return await dp.storage.get_state(key), await dp.storage.get_data(key), profile


@pytest.mark.parametrize("button", list(SCENARIOS))
async def test_double_tap(client: TelegramClient, dp: Any, bot: Any, session_pool: Any, button: str) -> None:
    open_screen, label = SCENARIOS[button]
    screen = await open_screen(client)
    _, second = await tap_twice(client, NEW, screen.button(label), lambda: _snapshot(dp, bot, session_pool))
    assert second.of("EditMessageText") == [] and len(second.alerts) == 1  # a short alert, nothing else


async def test_the_dialog_goes_on_after_a_double_tap(client: TelegramClient, session_pool: Any) -> None:
    calls = await reach(client, "position")
    back = calls.button(tc.BTN_BACK)
    await client.click(NEW, back)
    calls = await client.click(NEW, back)
    assert calls.alerts == [t.STALE]
    calls = await client.send(NEW, "Мельник Оксана Петрівна")
    calls = await client.send(NEW, POSITION)
    assert t.ASK_COMMUNITY in calls.text
