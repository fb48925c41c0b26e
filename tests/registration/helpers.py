"""Shared steps of the registration tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.texts import registration as t
from storage.models import User
from tests.support.client import Calls, TelegramClient

NEW = 5101
NAME, POSITION, COMMUNITY = "Мельник Оксана Петрівна", "Секретар ради", "Шевченківська громада"


async def stored(session_pool: Any, telegram_id: int = NEW) -> User | None:
    async with session_pool() as session:
        return await session.scalar(select(User).where(User.telegram_id == telegram_id))


async def fsm_state(dp: Any, bot: Any, user_id: int = NEW) -> str | None:
    from aiogram.fsm.storage.base import StorageKey

    return await dp.storage.get_state(StorageKey(bot_id=bot.id, chat_id=user_id, user_id=user_id))


def labels(calls: Calls) -> list[str]:
    return [label for label, _ in calls.buttons()]


async def reach(client: TelegramClient, step: str, user_id: int = NEW) -> Calls:
    """Answers the questions before `step` ("full_name" … "region", or "summary"); returns the screen of `step`."""
    calls = await client.send(user_id, "/start")
    calls = await client.click(user_id, calls.button(t.BTN_CONSENT_YES))
    for name, answer in (("full_name", NAME), ("position", POSITION), ("community", COMMUNITY)):
        if step == name:
            return calls
        calls = await client.send(user_id, answer)
    if step == "region":
        return calls
    # The summary, where the (optional) phone is asked too: giving it there finishes.
    return await client.click(user_id, calls.button("Київська"))
