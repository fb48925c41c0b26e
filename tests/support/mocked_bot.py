"""A Bot whose session records every Bot API call and answers it plausibly.

After aiogram's own tests/support/mocked_bot.py, made automatic: a sendMessage gets a
Message back with a fresh message_id, a boolean method gets True. Faults
(403, 429, 5xx, network errors) can be queued for the next matching calls.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncGenerator, Callable
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.default import Default, DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, File, Message, MessageId, User

from tests.support.telegram_html import ParseError, parse_html
from tests.support.transaction_guard import GUARD

BOT_ID = 4242
TOKEN = "4242:TEST-TOKEN-for-the-recording-session"
Matcher = Callable[[TelegramMethod[Any]], bool]


def sent_as_html(bot: Bot, method: TelegramMethod[Any]) -> bool:
    mode = getattr(method, "parse_mode", None)
    if isinstance(mode, Default):
        mode = bot.default[mode.name]
    return bool(mode == ParseMode.HTML)


def _refuse_bad_html(bot: Bot, method: TelegramMethod[Any]) -> None:
    """As Telegram: text or a caption sent with parse_mode HTML that does not parse is a 400 (unescaped user text)."""
    if not sent_as_html(bot, method):
        return
    for key in ("text", "caption"):
        value = getattr(method, key, None)
        if isinstance(value, str) and value:
            try:
                parse_html(value)
            except ParseError as exc:
                raise TelegramBadRequest(method=method, message=f"Bad Request: can't parse entities: {exc}") from exc


class RecordingSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self.results: dict[int, Any] = {}  # id(request) -> what it returned
        self.faults: list[tuple[Matcher, Exception]] = []
        self.files: dict[str, bytes] = {}
        self._ids = itertools.count(10_000)

    def fail_next(self, matcher: Matcher, exc: Exception) -> None:
        self.faults.append((matcher, exc))

    async def close(self) -> None:
        return None

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        GUARD.check(type(method).__name__)
        for index, (matcher, exc) in enumerate(self.faults):
            if matcher(method):
                del self.faults[index]
                self.requests.append(method)
                raise exc
        self.requests.append(method)
        _refuse_bad_html(bot, method)
        result = self._respond(bot, method)
        self.results[id(method)] = result
        return result  # type: ignore[no-any-return]

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        file_path = url.rsplit("/", 1)[-1]
        yield self.files.get(file_path, b"")

    def _respond(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        returning = method.__returning__
        name = type(method).__name__
        if name == "GetMe":
            return User(id=BOT_ID, is_bot=True, first_name="АМУ", username="amu_test_bot")
        if name == "GetFile":
            file_id = method.file_id  # type: ignore[attr-defined]
            return File(file_id=file_id, file_unique_id=file_id, file_path=file_id)
        if returning is MessageId:
            return MessageId(message_id=next(self._ids))
        if returning is bool:
            return True
        chat_id = getattr(method, "chat_id", None)
        if chat_id is not None:
            return Message(
                message_id=next(self._ids),
                date=datetime.now(UTC),
                chat=Chat(id=int(chat_id), type="private"),
                from_user=User(id=BOT_ID, is_bot=True, first_name="АМУ"),
                text=getattr(method, "text", None),
                caption=getattr(method, "caption", None),
            )
        return True


class MockedBot(Bot):
    session: RecordingSession

    def __init__(self) -> None:
        super().__init__(
            TOKEN,
            session=RecordingSession(),
            default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
        )
        self._me = User(id=BOT_ID, is_bot=True, first_name="АМУ", username="amu_test_bot")
