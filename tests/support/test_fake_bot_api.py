"""The fake Bot API itself, driven by aiogram's real HTTP session (no bot process, no database)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods import GetUpdates
from aiogram.methods.base import TelegramMethod
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from tests.support.fake_bot_api import FakeBotAPI
from tests.support.mocked_bot import MockedBot

CHAT = 7001


class UnknownMethod(TelegramMethod[bool]):
    __returning__ = bool
    __api_method__ = "sendTelepathy"


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        yield server


@pytest.fixture
async def bot(fake: FakeBotAPI) -> AsyncIterator[Bot]:
    session = AiohttpSession()
    session.api = TelegramAPIServer.from_base(fake.base_url)
    bot = Bot(fake.token, session=session)
    yield bot
    await session.close()


async def test_messages_buttons_and_edits(fake: FakeBotAPI, bot: Bot) -> None:
    markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="✋ Взяти", callback_data="take:1")]])
    sent = await bot.send_message(CHAT, "<b>Нове</b> звернення", reply_markup=markup)
    assert fake.messages_to(CHAT)[0].body == "<b>Нове</b> звернення"
    query_id = fake.click(CHAT, fake.messages_to(CHAT)[0], "Взяти")
    updates = await bot.get_updates(timeout=1)
    assert updates[0].callback_query is not None and updates[0].callback_query.data == "take:1"
    assert updates[0].callback_query.id == query_id
    await bot.answer_callback_query(query_id, text="Ваше")
    assert fake.callback_answers[query_id]["text"] == "Ваше"
    await bot.edit_message_text("Взято", chat_id=CHAT, message_id=sent.message_id)
    assert fake.messages_to(CHAT)[0].body == "Взято" and fake.messages_to(CHAT)[0].buttons() == []
    await bot.delete_message(CHAT, sent.message_id)
    assert fake.messages_to(CHAT) == []
    # Offsets confirm updates.
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == []


async def test_uploads_copies_and_downloads(fake: FakeBotAPI, bot: Bot) -> None:
    user_doc = fake.send_document(CHAT, b"%PDF question", "питання.pdf")
    assert user_doc.document is not None
    file = await bot.get_file(user_doc.document["file_id"])
    assert file.file_path is not None
    downloaded = await bot.download_file(file.file_path)
    assert downloaded is not None and downloaded.read() == b"%PDF question"
    await bot.send_document(CHAT, BufferedInputFile(b"%PDF answer", filename="відповідь.pdf"), caption="№1")
    answer = fake.messages_to(CHAT)[-1]
    assert answer.document is not None and answer.document["file_name"] == "відповідь.pdf"
    assert fake.files[answer.document["file_id"]][1] == b"%PDF answer"
    await bot.copy_message(CHAT + 1, from_chat_id=CHAT, message_id=user_doc.message_id)
    assert fake.messages_to(CHAT + 1)[0].document == user_doc.document


async def test_faults(fake: FakeBotAPI, bot: Bot) -> None:
    fake.block(CHAT)
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(CHAT, "x")
    fake.unblock(CHAT)
    fake.fail(503, method="sendMessage", times=1)
    with pytest.raises(TelegramServerError):
        await bot.send_message(CHAT, "x")
    fake.retry_after(7, chat_id=CHAT)
    with pytest.raises(TelegramRetryAfter) as retry:
        await bot.send_message(CHAT, "x")
    assert retry.value.retry_after == 7
    await bot.send_message(CHAT, "x")
    with pytest.raises(TelegramNotFound):
        await bot(UnknownMethod())
    fake.strict_private_chats = True
    with pytest.raises(TelegramForbiddenError, match="initiate conversation"):
        await bot.send_message(CHAT + 5, "x")
    assert [r.status for r in fake.calls("sendMessage")] == [403, 503, 429, 200, 403]

    await fake.go_down("refused")
    with pytest.raises(TelegramNetworkError):
        await bot.get_me()
    await fake.come_back()
    await fake.go_down("502")
    with pytest.raises(TelegramServerError):
        await bot.get_me()
    await fake.come_back()
    assert (await bot.get_me()).username == "amu_e2e_bot"

    other = Bot("1:" + "A" * 35, session=bot.session)
    with pytest.raises(TelegramUnauthorizedError):
        await other.get_me()


async def test_outage_right_after_an_update_is_delivered(fake: FakeBotAPI, bot: Bot) -> None:
    fake.send_text(CHAT, "before")
    fake.send_text(CHAT, "the last one in")
    update_id = fake.updates[-1]["update_id"]
    fake.go_down_after_delivering(update_id)
    first = await bot.get_updates(timeout=1, limit=1)  # does not carry it yet: still up
    assert fake.down_mode is None
    second = await bot.get_updates(offset=first[-1].update_id + 1, timeout=1)
    assert update_id in [u.update_id for u in second]  # the bot has it...
    with pytest.raises(TelegramServerError):
        await bot.send_message(CHAT, "a reply to it")  # ...and nothing it sends gets through
    await fake.come_back()
    await bot.send_message(CHAT, "after the outage")
    assert [m.body for m in fake.messages_to(CHAT)] == ["after the outage"]


async def test_rate_limits(fake: FakeBotAPI, bot: Bot) -> None:
    fake.enforce_rate_limits(global_per_second=3, per_chat_per_second=1)
    await bot.send_message(CHAT, "1")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(CHAT, "2")  # the same chat within a second
    for chat in (CHAT + 1, CHAT + 2):
        await bot.send_message(chat, "ok")
    with pytest.raises(TelegramRetryAfter) as retry:
        await bot.send_message(CHAT + 3, "over the global limit")
    assert retry.value.retry_after >= 1
    assert fake.rate_limited == 2


async def test_second_long_poll_terminates_the_first(fake: FakeBotAPI, bot: Bot) -> None:
    import asyncio

    first = asyncio.create_task(bot(GetUpdates(timeout=5)))
    await fake.wait_polling()
    second = asyncio.create_task(bot(GetUpdates(timeout=5)))
    with pytest.raises(TelegramConflictError):
        await first
    fake.send_text(CHAT, "/start")
    updates = await second
    assert updates[0].message is not None and updates[0].message.text == "/start"


async def test_html_comes_back_as_telegram_gives_it_and_bad_html_is_refused(fake: FakeBotAPI) -> None:
    session = AiohttpSession()
    session.api = TelegramAPIServer.from_base(fake.base_url)
    # As bot.factory.create_bot makes it: HTML by default.
    bot = Bot(fake.token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    try:
        html = "<b>Звернення №1</b> 😀 &lt;земельна ділянка&gt; <i>№2</i>"
        sent = await bot.send_message(CHAT, html)
        assert sent.text == "Звернення №1 😀 <земельна ділянка> №2"
        assert [(e.type, e.offset, e.length) for e in sent.entities or []] == [("bold", 0, 12), ("italic", 35, 2)]
        assert sent.html_text == html  # what the bot re-renders from a message is what it sent
        assert fake.messages_to(CHAT)[0].body == html  # tests read the HTML as sent
        edited = await bot.edit_message_text(f"{html}\n<u>змінено</u>", chat_id=CHAT, message_id=sent.message_id)
        assert not isinstance(edited, bool) and edited.html_text == f"{html}\n<u>змінено</u>"
        for unescaped in ("Оренда < 5 років", "ТОВ Петренко & Ко", "<div>x</div>", "<b>незакрито"):
            with pytest.raises(TelegramBadRequest, match="can't parse entities"):
                await bot.send_message(CHAT, unescaped)
        await bot.send_message(CHAT, "Оренда < 5 років", parse_mode=None)  # plain text: anything goes
    finally:
        await session.close()


async def test_the_recording_bot_refuses_html_as_telegram_does() -> None:
    """The whole suite's recording bot: unescaped user text in an HTML message fails the test that sent it."""
    bot = MockedBot()
    sent = await bot.send_message(CHAT, "<b>Звернення</b> &lt;ok&gt;")
    assert sent.text == "<b>Звернення</b> &lt;ok&gt;"
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(CHAT, "Оренда < 5 років")
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_document(CHAT, BufferedInputFile(b"x", "a.txt"), caption="Петренко & Ко")
    await bot.send_message(CHAT, "Оренда < 5 років", parse_mode=None)
