"""Every Bot API call of the bot goes through `TelegramCallGuard` (a request middleware).

It keeps three promises for calls made while handling updates:

1. **Commit, then talk to Telegram.** Before any call, the update's unit of
   work is committed (`commit_before_call`): no transaction is open while a
   request is in flight, and what the person is about to read has happened.
2. **Within Telegram's limits.** Replies take a slot of the same rate limiter
   as the workers (global rate, one message a second per chat, a 429 pausing
   every sender).
3. **A failed reply never undoes a committed action.** A reply that Telegram
   refuses for a while (429, 5xx, network) is retried briefly; if it still
   fails and can be sent later, it is queued in the outbox (committed in a
   short transaction of its own) and the handler goes on as if sent. Edits and
   callback answers that fail are dropped with a log line: they decorate a
   screen that the outbox cannot reach later. "message is not modified" (a
   double tap) is not an error at all.

Calls whose caller already holds a limiter slot (the workers, inside
`RateLimiter.sending`) pass straight through: the worker paces, retries and
records the outcome itself.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import (
    AnswerCallbackQuery,
    CopyMessage,
    DeleteMessage,
    EditMessageCaption,
    EditMessageReplyMarkup,
    EditMessageText,
    SendDocument,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.methods.base import Response, TelegramType
from aiogram.types import Chat, Message, MessageId
from pydantic_core import to_jsonable_python
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.middlewares.unit_of_work import commit_before_call
from core.clock import Clock
from core.ratelimit import RateLimiter
from core.signals import WorkerSignals
from storage.repositories import outbox as outbox_repo

log = logging.getLogger(__name__)

# Sending methods: paced per chat and globally, and queued in the outbox when Telegram is away.
QUEUEABLE: dict[type[TelegramMethod[Any]], str] = {
    SendMessage: "sendMessage",
    CopyMessage: "copyMessage",
    SendDocument: "sendDocument",
    SendPhoto: "sendPhoto",
}
# Screen decorations: retried briefly, then dropped (the outbox cannot edit a screen later).
DECORATIONS = (AnswerCallbackQuery, EditMessageText, EditMessageReplyMarkup, EditMessageCaption, DeleteMessage)

RETRY_AFTER_INLINE_MAX = 5.0  # a longer 429 pause sends the reply through the outbox
TRANSIENT_DELAYS = (0.5, 1.0)  # waits before the 2nd and 3rd try of a call that met a 5xx or network error
MAX_INLINE_THROTTLES = 3
TRANSIENT_ERRORS = (TelegramNetworkError, TelegramServerError, ClientDecodeError)


# aiogram reads every answer with `Response[<the method's return type>]`. pydantic keeps such generic classes
# only weakly, so a garbage collection between two calls makes the next call build the class again: ~3 ms of
# CPU each time, dozens of times in a burst (seen with py-spy in bench/hotline_burst.py). Kept here once built.
_RESPONSE_MODELS: dict[Any, Any] = {}


def keep_response_model(method: TelegramMethod[Any]) -> None:
    returning = method.__returning__
    if returning not in _RESPONSE_MODELS:
        _RESPONSE_MODELS[returning] = Response[returning]  # type: ignore[valid-type]


def is_not_modified(exc: TelegramBadRequest) -> bool:
    return "message is not modified" in exc.message


class TelegramCallGuard(BaseRequestMiddleware):
    def __init__(
        self,
        limiter: RateLimiter,
        session_pool: async_sessionmaker[AsyncSession],
        clock: Clock,
        signals: WorkerSignals,
    ) -> None:
        self.limiter = limiter
        self.session_pool = session_pool
        self.clock = clock
        self.signals = signals

    def install(self, bot: Bot) -> None:
        """Puts the guard in front of `bot`'s session (once): every bot the dispatcher is fed talks through it."""
        if not any(m is self for m in bot.session.middleware):
            bot.session.middleware(self)

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        keep_response_model(method)
        await commit_before_call()
        chat_id = getattr(method, "chat_id", None)
        if isinstance(method, tuple(QUEUEABLE)) and isinstance(chat_id, int):
            if self.limiter.holds(chat_id):
                return await make_request(bot, method)  # a worker's send: it paces and retries itself
            return await self._send(make_request, bot, method, chat_id)
        if isinstance(method, DECORATIONS):
            return await self._decorate(make_request, bot, method)
        return await make_request(bot, method)

    async def _send(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
        chat_id: int,
    ) -> Any:
        transient = throttled = 0
        while True:
            try:
                async with self.limiter.sending(chat_id):
                    return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                self.limiter.pause(exc.retry_after)
                throttled += 1
                if exc.retry_after > RETRY_AFTER_INLINE_MAX or throttled > MAX_INLINE_THROTTLES:
                    return await self._queue(method, chat_id, exc)
            except TRANSIENT_ERRORS as exc:
                if transient >= len(TRANSIENT_DELAYS):
                    return await self._queue(method, chat_id, exc)
                await asyncio.sleep(TRANSIENT_DELAYS[transient])
                transient += 1
            except TelegramForbiddenError as exc:
                # They blocked the bot between their update and our reply: nothing to deliver.
                log.info("reply to %s not delivered: %s", chat_id, exc.message)
                return self._stand_in(method, chat_id)

    async def _decorate(
        self, make_request: NextRequestMiddlewareType[Any], bot: Bot, method: TelegramMethod[Any]
    ) -> Any:
        if getattr(method, "message_id", None) == 0:
            return True  # a stand-in for a reply that went to the outbox: nothing on screen to change yet
        for delay in (*TRANSIENT_DELAYS, None):
            try:
                return await make_request(bot, method)
            except TelegramBadRequest as exc:
                if is_not_modified(exc):
                    return True  # the screen already shows this (a double tap)
                raise
            except TelegramRetryAfter as exc:
                self.limiter.pause(exc.retry_after)
                if exc.retry_after > RETRY_AFTER_INLINE_MAX or delay is None:
                    break
                await asyncio.sleep(exc.retry_after)
            except TRANSIENT_ERRORS as exc:
                if delay is None:
                    log.warning("%s dropped: Telegram unavailable (%s)", type(method).__name__, exc)
                    break
                await asyncio.sleep(delay)
            except TelegramForbiddenError:
                break
        return True

    async def _queue(self, method: TelegramMethod[Any], chat_id: int, exc: Exception) -> Any:
        """Hands a reply to the outbox; the person gets it once Telegram answers again."""
        params = {
            name: value
            for name, value in method.model_dump(exclude_none=True, exclude={"chat_id"}).items()
            if not isinstance(value, Default)
        }
        if any(not isinstance(v, (str, int, float, bool, dict, list)) for v in params.values()):
            raise exc  # an upload from memory (an export file) cannot wait in the outbox: the caller decides
        async with self.session_pool() as session:
            await outbox_repo.enqueue(
                session,
                chat_id=chat_id,
                method=QUEUEABLE[type(method)],
                params=to_jsonable_python(params),
                purpose="reply",
                now=self.clock.now(),
            )
            await session.commit()
        self.signals.outbox.set()
        log.warning("reply to %s queued in the outbox: %s", chat_id, exc)
        return self._stand_in(method, chat_id)

    @staticmethod
    def _stand_in(method: TelegramMethod[Any], chat_id: int) -> Any:
        """What the handler gets back for a reply that was not sent now (message_id 0: nothing to edit)."""
        if isinstance(method, CopyMessage):
            return MessageId(message_id=0)
        return Message(
            message_id=0,
            date=datetime.now(UTC),
            chat=Chat(id=chat_id, type="private"),
            text=getattr(method, "text", None),
        )
