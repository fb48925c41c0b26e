"""Filters run on the event loop: aiogram would run a plain-function filter (`F.text`, a `State`) in a thread."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import pytest
from aiogram import Dispatcher, F, Router
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.filters import handler_objects, inline_sync_filters
from bot.texts import hotline as t
from tests.support.client import TelegramClient
from tests.support.factories import create_user
from tests.support.mocked_bot import MockedBot

OFFICIAL = 660001


def test_the_production_dispatcher_leaves_no_filter_to_a_thread(dp: Dispatcher) -> None:
    filters = [f for handler in handler_objects(dp) for f in handler.filters or ()]
    assert len(filters) > 300  # the whole tree was walked, sub-routers and router-level filters included
    assert [f.callback for f in filters if not f.awaitable] == []
    # A handler that is a plain function would run in a thread too, away from the update's session.
    handlers = [h for router in dp.chain_tail for o in router.observers.values() for h in o.handlers]
    assert len(handlers) > 200
    assert [h.callback for h in handlers if not h.awaitable] == []


def _router(record: Callable[[str], bool]) -> Router:
    router = Router()

    async def handler(message: Message) -> None:
        return None

    router.message.register(handler, F.text == "питання", lambda message: record("lambda"))
    return router


@pytest.mark.parametrize("inlined", [True, False])
async def test_a_plain_filter_runs_on_the_loop_once_inlined(inlined: bool) -> None:
    """The same router fed one message: with `inline_sync_filters` the lambda runs on the loop's thread; without
    it (aiogram as it is) in a worker thread, which is what this guards against."""
    loop_thread = threading.current_thread()
    seen: list[threading.Thread] = []

    def record(name: str) -> bool:
        seen.append(threading.current_thread())
        return True

    dp = Dispatcher()
    dp.include_router(_router(record))
    changed = inline_sync_filters(dp) if inlined else 0
    bot = MockedBot()
    await TelegramClient(dp, bot).send(OFFICIAL, "питання")
    assert len(seen) == 1
    assert (seen[0] is loop_thread) == inlined
    assert changed == (2 if inlined else 0)  # the magic filter and the lambda


async def test_free_text_reaches_its_handler_with_no_thread_hop(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A registered official's free text passes ~80 message handlers' filters on its way to the offer."""
    await create_user(session_pool, telegram_id=OFFICIAL, full_name="Олена Петренко")
    hops: list[str] = []
    real = asyncio.to_thread

    async def counted(func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        hops.append(getattr(func, "__qualname__", repr(func)))
        return await real(func, *args, **kwargs)

    monkeypatch.setattr(asyncio, "to_thread", counted)
    calls = await client.send(OFFICIAL, "Як оформити земельну ділянку під кладовище?")
    assert t.FREE_TEXT_OFFER in calls.text
    assert hops == []
