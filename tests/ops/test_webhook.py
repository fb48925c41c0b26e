"""Webhook mode: the real app built by bot.webhook around the production dispatcher."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Chat, Message, Update, User
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr

from bot.app import Runtime, StartupError, build_runtime, shutdown
from bot.texts import registration as tr
from bot.webhook import HANDLER_KEY, SECRET_HEADER, create_webhook_app, set_webhook
from storage.db import create_engine
from tests.conftest import make_settings
from tests.support.mocked_bot import MockedBot

SECRET = "s3cret-token_for-tests"
PATH = "/tg/webhook"
_ids = itertools.count(1)


def update_json(user_id: int, text: str) -> dict[str, object]:
    message = Message(
        message_id=next(_ids),
        date=datetime.now(UTC),
        chat=Chat(id=user_id, type="private"),
        from_user=User(id=user_id, is_bot=False, first_name="Олена"),
        text=text,
    )
    return Update(update_id=next(_ids), message=message).model_dump(mode="json", exclude_none=True)


def sent_texts(bot: MockedBot) -> list[str]:
    return [m.text for m in bot.session.requests if type(m).__name__ == "SendMessage"]  # type: ignore[attr-defined]


@pytest.fixture
async def runtime(db_url, knowledge, clock, bot) -> AsyncIterator[Runtime]:
    settings = make_settings(db_url, webhook_url="https://bot.example.org/tg/webhook", webhook_secret=SECRET)
    settings = settings.model_copy(update={"webhook_path": PATH})
    runtime = await build_runtime(settings, knowledge, clock, bot=bot)
    yield runtime
    await shutdown(runtime)


@pytest.fixture
async def http(runtime) -> AsyncIterator[TestClient]:
    client = TestClient(TestServer(create_webhook_app(runtime)))
    await client.start_server()
    yield client
    await client.close()


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET + "x"}])
async def test_wrong_or_missing_secret_is_refused(http, bot, headers) -> None:
    response = await http.post(PATH, json=update_json(5401, "/start"), headers=headers)
    assert response.status == 403
    await http.app[HANDLER_KEY].drain()
    assert bot.session.requests == []


async def test_correct_secret_is_processed(http, bot) -> None:
    response = await http.post(PATH, json=update_json(5402, "/start"), headers={SECRET_HEADER: SECRET})
    assert response.status == 200
    await http.app[HANDLER_KEY].drain()
    assert sent_texts(bot)[0] == tr.WELCOME


async def test_only_post_on_the_webhook_path(http) -> None:
    assert (await http.get(PATH, headers={SECRET_HEADER: SECRET})).status == 405
    assert (await http.post("/other", headers={SECRET_HEADER: SECRET})).status == 404


async def test_healthz_follows_the_database(http, runtime) -> None:
    response = await http.get("/healthz")
    assert response.status == 200
    assert (await response.json())["database"] == "ok"

    working = runtime.engine
    runtime.engine = create_engine("postgresql+asyncpg://nobody@127.0.0.1:9/none")  # nothing listens there
    try:
        response = await http.get("/healthz")
    finally:
        await runtime.engine.dispose()
        runtime.engine = working
    assert response.status == 503
    assert (await response.json())["database"] == "unreachable"


async def test_shutdown_finishes_updates_in_flight(runtime, bot) -> None:
    started = asyncio.Event()
    slow = Router(name="slow")

    @slow.message(Command("slow"))
    async def slow_handler(message: Message) -> None:
        started.set()
        await asyncio.sleep(0.3)
        await message.answer("done")

    runtime.dp.include_router(slow)
    runtime.dp.sub_routers.remove(slow)
    runtime.dp.sub_routers.insert(0, slow)
    client = TestClient(TestServer(create_webhook_app(runtime)))
    await client.start_server()
    response = await client.post(PATH, json=update_json(5403, "/slow"), headers={SECRET_HEADER: SECRET})
    assert response.status == 200  # answered at once; the update runs in the background
    await started.wait()
    assert sent_texts(bot) == []
    await client.close()  # the server shuts down with the update still running
    assert sent_texts(bot) == ["done"]


async def test_set_webhook_with_secret_and_used_update_types(runtime, bot) -> None:
    await set_webhook(runtime)
    [call] = [m for m in bot.session.requests if type(m).__name__ == "SetWebhook"]
    assert call.url == "https://bot.example.org/tg/webhook"  # type: ignore[attr-defined]
    assert call.secret_token == SECRET  # type: ignore[attr-defined]
    assert set(call.allowed_updates) == {"message", "callback_query"}  # type: ignore[attr-defined]


@pytest.mark.parametrize("secret", [None, "", "has spaces"])
async def test_webhook_mode_needs_a_valid_secret(runtime, secret) -> None:
    value = SecretStr(secret) if secret is not None else None
    runtime.settings = runtime.settings.model_copy(update={"webhook_secret": value})
    with pytest.raises(StartupError, match="WEBHOOK_SECRET"):
        create_webhook_app(runtime)


async def test_updates_beyond_the_concurrency_wait_their_turn(db_url, knowledge, clock, bot) -> None:
    """UPDATE_CONCURRENCY 1: Telegram is answered at once for both updates, the second runs after the first."""
    settings = make_settings(
        db_url, webhook_url="https://bot.example.org/tg/webhook", webhook_secret=SECRET, update_concurrency=1
    )
    runtime = await build_runtime(settings.model_copy(update={"webhook_path": PATH}), knowledge, clock, bot=bot)
    running: list[str] = []
    most = 0
    slow = Router(name="slow")

    @slow.message(Command("slow"))
    async def slow_handler(message: Message) -> None:
        nonlocal most
        running.append(message.text or "")
        most = max(most, len(running))
        await asyncio.sleep(0.2)
        running.remove(message.text or "")
        await message.answer(f"done {message.text}")

    runtime.dp.include_router(slow)
    runtime.dp.sub_routers.remove(slow)
    runtime.dp.sub_routers.insert(0, slow)
    client = TestClient(TestServer(create_webhook_app(runtime)))
    await client.start_server()
    try:
        for user_id in (5404, 5405):
            response = await client.post(PATH, json=update_json(user_id, "/slow"), headers={SECRET_HEADER: SECRET})
            assert response.status == 200
        await client.app[HANDLER_KEY].drain()
    finally:
        await client.close()
        await shutdown(runtime)
    assert sent_texts(bot) == ["done /slow", "done /slow"]
    assert most == 1  # with the default (32) both would have run at once
