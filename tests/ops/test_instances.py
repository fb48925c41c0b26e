"""Several instances: with REDIS_URL one user's dialog continues on whichever instance gets the update."""

from __future__ import annotations

import random

from aiogram.fsm.storage.redis import RedisEventIsolation
from sqlalchemy import select

from bot.factory import create_dispatcher
from bot.texts import common as tc
from storage.models import User
from tests.conftest import make_settings
from tests.support.client import TelegramClient
from tests.support.factories import register_via_bot


class Alternating(TelegramClient):
    """Feeds each update to the next dispatcher in turn, as a load balancer would."""

    def __init__(self, dispatchers, bot) -> None:
        super().__init__(dispatchers[0], bot)
        self.dispatchers = dispatchers
        self.turn = 0

    async def feed(self, update):  # type: ignore[no-untyped-def]
        self.dp = self.dispatchers[self.turn % len(self.dispatchers)]
        self.turn += 1
        return await super().feed(update)


async def test_dialog_state_is_shared_through_redis(db_url, redis_url, session_pool, knowledge, clock, bot) -> None:
    settings = make_settings(db_url, redis_url=redis_url)
    instances = [create_dispatcher(settings, session_pool, knowledge, clock=clock) for _ in range(2)]
    assert all(isinstance(dp.fsm.events_isolation, RedisEventIsolation) for dp in instances)
    client = Alternating(instances, bot)
    user_id = random.randint(10**9, 2 * 10**9)  # Redis outlives the test: a fresh user each run
    try:
        await register_via_bot(client, user_id)
        assert client.turn >= 7  # every step after the first went to the other instance than the one before
        async with session_pool() as session:
            user = await session.scalar(select(User).where(User.telegram_id == user_id))
        assert user is not None and user.is_registered
        calls = await client.send(user_id, "/start")
        assert tc.MAIN_MENU in calls.text
    finally:
        for dp in instances:
            await dp.storage.close()
