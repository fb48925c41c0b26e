"""Drives the real dispatcher as Telegram users would: send text, press buttons.

Each call feeds one Update through `dp.feed_update` and returns the Bot API
calls the handlers made for it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiogram import Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.types import (
    CallbackQuery,
    Chat,
    Contact,
    Document,
    Message,
    MessageEntity,
    PhotoSize,
    Sticker,
    Update,
    User,
)

from tests.support.mocked_bot import MockedBot, sent_as_html
from tests.support.telegram_html import parse_html

_ids = itertools.count(1)
Shown = str | tuple[str, list[dict[str, Any]]]  # a message's text as handed back: plain, or plain and entities


@dataclass
class Calls:
    """The Bot API calls made for one update, with helpers to read them."""

    items: list[TelegramMethod[Any]]

    def of(self, name: str) -> list[TelegramMethod[Any]]:
        return [m for m in self.items if type(m).__name__ == name]

    @property
    def texts(self) -> list[str]:
        out = []
        for m in self.items:
            value = getattr(m, "text", None) or getattr(m, "caption", None)
            if isinstance(value, str):
                out.append(value)
        return out

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    def to(self, chat_id: int) -> Calls:
        return Calls([m for m in self.items if getattr(m, "chat_id", None) == chat_id])

    @property
    def alerts(self) -> list[str]:
        return [m.text for m in self.of("AnswerCallbackQuery") if m.text]  # type: ignore[attr-defined]

    def buttons(self) -> list[tuple[str, str]]:
        """(text, callback_data or '') of every inline or reply button sent."""
        out: list[tuple[str, str]] = []
        for m in self.items:
            markup = getattr(m, "reply_markup", None)
            if markup is None:
                continue
            rows = getattr(markup, "inline_keyboard", None) or getattr(markup, "keyboard", None) or []
            for row in rows:
                for button in row:
                    out.append((button.text, getattr(button, "callback_data", None) or ""))
        return out

    def button(self, contains: str) -> str:
        """The callback data of the first inline button whose text contains `contains`."""
        for text, data in reversed(self.buttons()):
            if contains in text and data:
                return data
        raise AssertionError(f"no button with {contains!r} in {self.buttons()}")


def tg_user(user_id: int) -> User:
    return User(id=user_id, is_bot=False, first_name=f"User{user_id}", username=f"user{user_id}", language_code="uk")


class TelegramClient:
    def __init__(self, dp: Dispatcher, bot: MockedBot) -> None:
        self.dp = dp
        self.bot = bot
        # callback data -> (message id, text) of the newest message that showed that button
        self.shown: dict[str, tuple[int, Shown]] = {}
        self._texts: dict[int, Shown] = {}  # message id -> its text now (an edit of the buttons keeps it)
        self._read = 0  # requests of the bot's session read so far (replies and what workers sent)

    async def feed(self, update: Update) -> Calls:
        before = len(self.bot.session.requests)
        await self.dp.feed_update(self.bot, update)
        new = self.bot.session.requests[before:]
        self._remember_buttons()
        return Calls(new)

    def _remember_buttons(self) -> None:
        requests = self.bot.session.requests
        if len(requests) < self._read:  # cleared by the test
            self._read = 0
        for request in requests[self._read :]:
            self._remember(request)
        self._read = len(requests)

    def _remember(self, request: TelegramMethod[Any]) -> None:
        result = self.bot.session.results.get(id(request))
        message_id = getattr(result, "message_id", None) or getattr(request, "message_id", None)
        if type(request).__name__.startswith("Edit"):  # an edit keeps the message (the fake result is new)
            message_id = getattr(request, "message_id", None) or message_id
        if not isinstance(message_id, int):
            return
        sent = getattr(request, "text", None) or getattr(request, "caption", None)
        text: Shown
        if isinstance(sent, str) and sent:
            # As Telegram hands the message back: plain text and entities.
            text = parse_html(sent) if sent_as_html(self.bot, request) else sent
            self._texts[message_id] = text
        else:
            text = self._texts.get(message_id, "…")
        rows = getattr(getattr(request, "reply_markup", None), "inline_keyboard", None)
        for row in rows or []:
            for button in row:
                if button.callback_data:
                    self.shown[button.callback_data] = (message_id, text)

    def _message(self, user_id: int, **fields: Any) -> Message:
        return Message(
            message_id=next(_ids),
            date=datetime.now(UTC),
            chat=Chat(id=user_id, type="private"),
            from_user=tg_user(user_id),
            **fields,
        )

    async def send(self, user_id: int, text: str | None = None, **fields: Any) -> Calls:
        if text is not None:
            fields["text"] = text
        return await self.feed(Update(update_id=next(_ids), message=self._message(user_id, **fields)))

    async def send_document(
        self, user_id: int, file_id: str = "doc-1", file_name: str = "рішення.pdf", caption: str | None = None
    ) -> Calls:
        doc = Document(file_id=file_id, file_unique_id=file_id, file_name=file_name)
        return await self.send(user_id, document=doc, caption=caption)

    async def send_photo(self, user_id: int, file_id: str = "photo-1", caption: str | None = None) -> Calls:
        photo = [PhotoSize(file_id=file_id, file_unique_id=file_id, width=800, height=600)]
        return await self.send(user_id, photo=photo, caption=caption)

    async def send_sticker(self, user_id: int) -> Calls:
        sticker = Sticker(
            file_id="st", file_unique_id="st", type="regular", width=1, height=1, is_animated=False, is_video=False
        )
        return await self.send(user_id, sticker=sticker)

    async def send_contact(self, user_id: int, phone: str, owner_id: int | None = None) -> Calls:
        contact = Contact(phone_number=phone, first_name="X", user_id=owner_id if owner_id is not None else user_id)
        return await self.send(user_id, contact=contact)

    async def click(self, user_id: int, data: str, message_id: int | None = None) -> Calls:
        """Presses a button: of the newest message that showed `data` (or `message_id`, or a forged one)."""
        self._remember_buttons()  # what workers sent since (notices, deliveries) shows buttons too
        shown_id, shown = self.shown.get(data, (1, "…"))
        shown_text, entities = shown if isinstance(shown, tuple) else (shown, [])
        if message_id is None:
            message_id = shown_id
        query_id = str(next(_ids))
        query = CallbackQuery(
            id=query_id,
            from_user=tg_user(user_id),
            chat_instance="ci",
            data=data,
            message=Message(
                message_id=message_id,
                date=datetime.now(UTC),
                chat=Chat(id=user_id, type="private"),
                from_user=User(id=4242, is_bot=True, first_name="АМУ"),
                text=shown_text,
                entities=[MessageEntity(**entity) for entity in entities] or None,
            ),
        )
        calls = await self.feed(Update(update_id=next(_ids), callback_query=query))
        # Updates handled concurrently interleave their calls: keep only this query's answers.
        return Calls(
            [
                m
                for m in calls.items
                if type(m).__name__ != "AnswerCallbackQuery" or m.callback_query_id == query_id  # type: ignore[attr-defined]
            ]
        )
