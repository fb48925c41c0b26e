"""The catch-all: nothing else matched. It never loses what is in progress."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.keyboards.common import main_menu
from bot.texts import common as t
from storage.models import Role, User

UNSUPPORTED = (
    F.sticker
    | F.voice
    | F.video_note
    | F.location
    | F.venue
    | F.contact
    | F.poll
    | F.dice
    | F.animation
    | F.audio
    | F.video
)


async def unsupported(message: Message) -> None:
    await message.answer(t.UNSUPPORTED_CONTENT)


async def unknown(message: Message, role: Role, user: User | None) -> None:
    # A lawyer added by an admin has a row before registering.
    if user is None or not user.is_registered:
        await message.answer(t.NOT_REGISTERED)
        return
    await message.answer(t.UNKNOWN_INPUT, reply_markup=main_menu(role))


async def stale_callback(query: CallbackQuery) -> None:
    await query.answer(t.STALE_BUTTON, show_alert=True)


def create_router() -> Router:
    router = Router(name="fallback")
    router.message.register(unsupported, UNSUPPORTED)
    router.message.register(unknown)
    router.callback_query.register(stale_callback)
    return router
