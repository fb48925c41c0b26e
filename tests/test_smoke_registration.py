from __future__ import annotations

from sqlalchemy import select

from bot.texts import common as tc
from bot.texts import registration as t
from storage.models import User
from tests.client import TelegramClient

OFFICIAL = 5001


async def register(client: TelegramClient, user_id: int = OFFICIAL, name: str = "Петренко Олена Іванівна") -> None:
    calls = await client.send(user_id, "/start")
    await client.click(user_id, calls.button(t.BTN_CONSENT_YES.split()[-1]))
    await client.send(user_id, name)
    await client.send(user_id, "Секретар сільської ради")
    calls = await client.send(user_id, "Гатненська сільська рада")
    await client.click(user_id, calls.button("Київська"))
    await client.send(user_id, t.BTN_SKIP)


async def test_registration_creates_user(client: TelegramClient, session_pool) -> None:
    await register(client)
    async with session_pool() as session:
        user = await session.scalar(select(User).where(User.telegram_id == OFFICIAL))
    assert user is not None and user.full_name == "Петренко Олена Іванівна"
    assert user.region_code == "kyo"
    calls = await client.send(OFFICIAL, "/start")
    assert tc.MAIN_MENU in calls.text
