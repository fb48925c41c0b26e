"""Unexpected errors: the user gets INTERNAL_ERROR, the admins a rate-limited report; one log line per update."""

from __future__ import annotations

import json
import logging

import pytest
from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy import select

from bot.factory import create_dispatcher
from bot.logs import JsonFormatter
from bot.texts import common as tc
from bot.texts import ops as t
from core.errors import Conflict
from core.settings import Settings
from storage.models import OutboxMessage
from tests.conftest import ADMIN_ID, make_settings
from tests.support.client import TelegramClient

USER = 5301


def boom_router() -> Router:
    router = Router(name="boom")

    @router.message(Command("boom"))
    async def boom(message: Message) -> None:
        raise RuntimeError("database on fire")

    @router.message(Command("oops"))
    async def oops(message: Message) -> None:
        raise ValueError("bad value")

    @router.message(Command("deny"))
    async def deny(message: Message) -> None:
        raise Conflict("Вже зроблено.")

    @router.callback_query(F.data == "boom")
    async def boom_button(query: CallbackQuery) -> None:
        raise RuntimeError("button on fire")

    return router


def with_boom(dp):
    """The production dispatcher with a failing router tried first."""
    router = boom_router()
    dp.include_router(router)
    dp.sub_routers.remove(router)
    dp.sub_routers.insert(0, router)
    return dp


@pytest.fixture
def client(dp, bot) -> TelegramClient:
    return TelegramClient(with_boom(dp), bot)


async def _reports(session_pool) -> list[OutboxMessage]:
    async with session_pool() as session:
        rows = await session.scalars(
            select(OutboxMessage).where(OutboxMessage.purpose == "error_report").order_by(OutboxMessage.id)
        )
        return list(rows.all())


async def test_user_told_and_admins_get_a_short_note(client, session_pool, caplog) -> None:
    with caplog.at_level(logging.INFO):
        calls = await client.send(USER, "/boom")
    assert calls.texts == [tc.INTERNAL_ERROR]
    [report] = await _reports(session_pool)
    assert report.chat_id == ADMIN_ID  # ERROR_CHAT_ID not set: an admin's own chat
    text = report.params["text"]
    # A short Ukrainian note with a code; the English details stay in the log, found by the code.
    [failed] = [r for r in caplog.records if r.name == "handlers.errors"]
    assert text == t.ERROR_NOTE.format(code=failed.error_code)
    assert "RuntimeError" not in text and "database on fire" not in text and "test_errors.py" not in text
    assert "database on fire" in failed.getMessage() and failed.error_code in failed.getMessage()
    [line] = [r for r in caplog.records if r.name == "bot.updates"]
    assert (line.outcome, line.error, line.user_id) == ("error", "RuntimeError", USER)


@pytest.fixture
def technical_chat(db_url, session_pool, knowledge, clock, signals, bot) -> TelegramClient:
    settings: Settings = make_settings(db_url, error_chat_id=-100777)
    return TelegramClient(
        with_boom(create_dispatcher(settings, session_pool, knowledge, clock=clock, signals=signals)), bot
    )


async def test_a_technical_chat_gets_the_details(technical_chat, session_pool) -> None:
    await technical_chat.send(USER, "/boom")
    [report] = await _reports(session_pool)
    assert report.chat_id == -100777
    text = report.params["text"]
    assert text.startswith("⚠️ <b>Помилка в боті</b>: <code>builtins.RuntimeError: database on fire</code>")
    assert "test_errors.py" in text and f"користувач {USER}" in text and ", код " in text


async def test_reports_rate_limited_per_error_type(technical_chat, session_pool, clock) -> None:
    client = technical_chat
    for _ in range(5):
        await client.send(USER, "/boom")
    await client.send(USER, "/oops")  # another type: reported on its own
    assert len(await _reports(session_pool)) == 2

    clock.advance(minutes=9)
    calls = await client.send(USER, "/boom")
    assert calls.texts == [tc.INTERNAL_ERROR]  # the user is always told
    assert len(await _reports(session_pool)) == 2

    clock.advance(minutes=2)
    await client.send(USER, "/boom")
    reports = await _reports(session_pool)
    assert len(reports) == 3
    assert reports[2].params["text"].endswith(t.ERROR_SUPPRESSED.format(minutes=10, count=5))
    assert "RuntimeError" in reports[2].params["text"]
    assert "ValueError" in reports[1].params["text"]


async def test_the_admins_note_is_rate_limited_too(client, session_pool, clock) -> None:
    for _ in range(3):
        await client.send(USER, "/boom")
    clock.advance(minutes=11)
    await client.send(USER, "/boom")
    reports = await _reports(session_pool)
    assert len(reports) == 2
    assert reports[1].params["text"].endswith(t.ERROR_SUPPRESSED.format(minutes=10, count=2))


async def test_button_error_answers_with_an_alert(client, session_pool) -> None:
    calls = await client.click(USER, "boom")
    assert calls.alerts == [tc.INTERNAL_ERROR]
    assert len(await _reports(session_pool)) == 1


async def test_one_json_log_line_per_update(client, caplog) -> None:
    with caplog.at_level(logging.INFO):
        await client.send(USER, "/help")
    [record] = [r for r in caplog.records if r.name == "bot.updates"]
    line = json.loads(JsonFormatter().format(record))
    assert line["msg"] == "update"
    assert line["user_id"] == USER
    assert line["event_type"] == "message"
    assert line["outcome"] == "handled"
    assert isinstance(line["update_id"], int) and line["duration_ms"] >= 0
    assert "\n" not in JsonFormatter().format(record)


async def test_refusal_is_not_an_error(client, session_pool, caplog) -> None:
    with caplog.at_level(logging.INFO):
        calls = await client.send(USER, "/deny")
    assert calls.texts == ["Вже зроблено."]
    assert await _reports(session_pool) == []
    [line] = [r for r in caplog.records if r.name == "bot.updates"]
    assert (line.outcome, line.levelname) == ("refused", "INFO")
