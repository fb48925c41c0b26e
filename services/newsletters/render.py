"""A newsletter as subscribers see it: one Bot API call, the same for preview, delivery and /news."""

from __future__ import annotations

from typing import Any

from aiogram.methods import SendDocument, SendMessage, SendPhoto, TelegramMethod

from bot.keyboards.newsletters import unsubscribe
from storage.models import ContentKind, Newsletter


def newsletter_method(newsletter: Newsletter, chat_id: int) -> TelegramMethod[Any]:
    markup = unsubscribe(newsletter.id)
    if newsletter.kind == ContentKind.PHOTO:
        return SendPhoto(
            chat_id=chat_id, photo=newsletter.file_id or "", caption=newsletter.html or None, reply_markup=markup
        )
    if newsletter.kind == ContentKind.DOCUMENT:
        return SendDocument(
            chat_id=chat_id, document=newsletter.file_id or "", caption=newsletter.html or None, reply_markup=markup
        )
    return SendMessage(chat_id=chat_id, text=newsletter.html, reply_markup=markup)
