from __future__ import annotations

from sqlalchemy import select

from bot.texts import common as tc
from storage.models import User
from tests.client import TelegramClient
from tests.factories import register_via_bot

OFFICIAL = 5001


async def test_registration_creates_user(client: TelegramClient, session_pool) -> None:
    await register_via_bot(client, OFFICIAL)
    async with session_pool() as session:
        user = await session.scalar(select(User).where(User.telegram_id == OFFICIAL))
    assert user is not None and user.full_name == "Петренко Олена Іванівна"
    assert user.region_code == "kyo"
    calls = await client.send(OFFICIAL, "/start")
    assert tc.MAIN_MENU in calls.text
