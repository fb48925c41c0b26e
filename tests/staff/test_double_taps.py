"""A double tap on every button of /staff (bot/keyboards/staff.py): no error, nothing changed or sent twice.

One-shot buttons (remove, make editor, save topics, add) answer the second
press with a short alert; buttons that only show a screen show the same screen.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import func, select

from bot.callbacks.staff import StaffCb, StaffTopicsCb
from bot.keyboards import staff as kb
from bot.texts import staff as t
from knowledge import Knowledge
from services.staff import StaffList
from storage.models import OutboxMessage, Role, StaffEvent, User
from tests.conftest import ADMIN_ID
from tests.support.client import Calls, TelegramClient
from tests.support.double_tap import tap_twice
from tests.support.factories import create_user

LAWYER, OFFICIAL = 630001, 630002


def kind(data: str) -> str:
    if data.startswith("stp:"):
        picker = StaffTopicsCb.unpack(data)
        return f"topics {picker.mode} " + ("save" if picker.save else "toggle" if picker.flip >= 0 else "open")
    return StaffCb.unpack(data).action


@pytest.fixture(autouse=True)
async def people(session_pool: Any) -> None:
    await create_user(session_pool, telegram_id=LAWYER, role=Role.LAWYER, full_name="Коваль Ірина", topics=["land"])
    await create_user(session_pool, telegram_id=OFFICIAL, full_name="Шевчук Андрій")


async def _list(client: TelegramClient) -> Calls:
    return await client.send(ADMIN_ID, "/staff")


async def _card(client: TelegramClient) -> Calls:
    return await client.click(ADMIN_ID, (await _list(client)).button("Коваль Ірина"))


async def _confirm_remove(client: TelegramClient) -> Calls:
    return await client.click(ADMIN_ID, (await _card(client)).button(t.BTN_REMOVE))


async def _pick_role(client: TelegramClient) -> Calls:
    await client.click(ADMIN_ID, (await _list(client)).button(t.BTN_ADD))
    return await client.send(ADMIN_ID, str(OFFICIAL))


async def _new_lawyer_topics(client: TelegramClient) -> Calls:
    return await client.click(ADMIN_ID, (await _pick_role(client)).button(t.BTN_LAWYER))


async def _edit_topics(client: TelegramClient) -> Calls:
    return await client.click(ADMIN_ID, (await _card(client)).button(t.BTN_TOPICS))


# kind -> (how to reach the screen, the text of the button pressed twice)
SCENARIOS: dict[str, tuple[Callable[[TelegramClient], Awaitable[Calls]], str]] = {
    "show": (_list, "Коваль Ірина"),
    "add": (_list, t.BTN_ADD),
    "topics": (_card, t.BTN_TOPICS),
    "rm": (_card, t.BTN_REMOVE),
    "list": (_card, t.BTN_BACK),
    "rmok": (_confirm_remove, t.BTN_REMOVE_CONFIRM),
    "ed": (_pick_role, t.BTN_EDITOR),
    "topics a open": (_pick_role, t.BTN_LAWYER),
    "topics a toggle": (_new_lawyer_topics, "Освіта"),
    "topics a save": (_new_lawyer_topics, t.BTN_SAVE),
    "topics e toggle": (_edit_topics, "Освіта"),
    "topics e save": (_edit_topics, t.BTN_SAVE),
}


def test_every_button_of_staff_is_double_tapped(knowledge: Knowledge) -> None:
    member = User(telegram_id=LAWYER, full_name="Коваль Ірина", role=Role.LAWYER)
    markups: list[InlineKeyboardMarkup] = [
        kb.staff_list(StaffList(lawyers=[member], editors=[])),
        kb.member(member, is_lawyer=True),
        kb.confirm_remove(LAWYER),
        kb.pick_role(OFFICIAL),
        kb.topics(knowledge, mode="a", telegram_id=OFFICIAL, mask=0),
        kb.topics(knowledge, mode="e", telegram_id=LAWYER, mask=0),
    ]
    kinds = {kind(b.callback_data) for m in markups for row in m.inline_keyboard for b in row if b.callback_data}
    assert kinds == set(SCENARIOS)


async def _snapshot(session_pool: Any, dp: Any, bot: Any) -> tuple[Any, ...]:
    async with session_pool() as session:
        events = await session.scalar(select(func.count()).select_from(StaffEvent))
        outbox = await session.scalar(select(func.count()).select_from(OutboxMessage))
        people = [
            (u.telegram_id, u.role, u.is_editor, u.topic_codes)
            for u in await session.scalars(select(User).where(User.telegram_id.in_([LAWYER, OFFICIAL])))
        ]
    state = await dp.fsm.get_context(bot=bot, chat_id=ADMIN_ID, user_id=ADMIN_ID).get_state()
    return events, outbox, sorted(people), state


def _markups(calls: Calls) -> list[Any]:
    return [m.reply_markup for m in calls.items if getattr(m, "reply_markup", None) is not None]


@pytest.mark.parametrize("button", list(SCENARIOS))
async def test_double_tap(client: TelegramClient, session_pool: Any, dp: Any, bot: Any, button: str) -> None:
    open_screen, label = SCENARIOS[button]
    screen = await open_screen(client)
    first, second = await tap_twice(client, ADMIN_ID, screen.button(label), lambda: _snapshot(session_pool, dp, bot))
    # A screen shown again is the same screen (the selection of the topic picker travels in the button).
    assert _markups(second) in ([], _markups(first))


async def test_save_pressed_twice_adds_one_lawyer_and_tells_them_once(
    client: TelegramClient, session_pool: Any, workers: Any
) -> None:
    calls = await _new_lawyer_topics(client)
    save = calls.button(t.BTN_SAVE)
    await client.click(ADMIN_ID, save)
    again = await client.click(ADMIN_ID, save)
    assert again.alerts == [t.UNCHANGED]
    told = [m for m in await workers.drain() if getattr(m, "chat_id", None) == OFFICIAL]
    assert len(told) == 1
    async with session_pool() as session:
        assert [e.action for e in await session.scalars(select(StaffEvent))] == ["add_lawyer"]
        assert (await session.scalar(select(User).where(User.telegram_id == OFFICIAL))).role == Role.LAWYER
