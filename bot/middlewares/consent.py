"""Registered people who accepted another version of the consent text see the current one first.

An outer middleware after `UserMiddleware`: until they accept, every update but
the consent buttons and the two rights that need no consent (/mydata, /forget)
gets the text with its buttons instead of being handled. Their dialog state is
kept, so they go on where they were after accepting.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject, Update

from bot.callbacks.privacy import PrivacyCb
from bot.keyboards import privacy as kb
from bot.views.privacy import consent_again, consent_version
from services.privacy.consent import needs_consent

# Commands a person may use without accepting the new text: their rights over the data held.
WITHOUT_CONSENT = frozenset({"/mydata", "/forget"})


def _always_allowed(update: Update) -> bool:
    if update.callback_query is not None:
        return (update.callback_query.data or "").startswith(PrivacyCb.__prefix__ + PrivacyCb.__separator__)
    if update.message is not None and update.message.text:
        command = update.message.text.split(maxsplit=1)[0].split("@", 1)[0].lower()
        return command in WITHOUT_CONSENT
    return False


class ConsentGate(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Update) or not needs_consent(data.get("user"), consent_version(data["settings"])):
            return await handler(event, data)
        if _always_allowed(event) or (event.message is None and event.callback_query is None):
            return await handler(event, data)
        bot: Bot = data["bot"]
        if event.callback_query is not None:
            await bot.answer_callback_query(event.callback_query.id)
        chat_id = data["event_from_user"].id
        await bot.send_message(chat_id, consent_again(data["settings"]), reply_markup=kb.consent_again())
        return None
