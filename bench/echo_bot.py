"""The bare aiogram 3 polling bot the benches compare `python -m bot` with.

    BOT_TOKEN=... TELEGRAM_API_BASE=http://127.0.0.1:8081 python -m bench.echo_bot

It does what the hot line does for the burst in `bench/hotline_burst.py`, with
no database, middlewares or logging: a text is answered with an inline button,
a press of the button with answerCallbackQuery and a message. So the same
driver measures both, and the difference is what our code costs.
"""

from __future__ import annotations

import asyncio
import os

from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

BUTTON = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Далі", callback_data="next")]])


async def echo(message: Message) -> None:
    await message.answer(message.text or "?", reply_markup=BUTTON)


async def pressed(query: CallbackQuery) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer("Натиснуто")


async def main() -> None:
    session = AiohttpSession()
    base = os.environ.get("TELEGRAM_API_BASE")
    if base:
        session.api = TelegramAPIServer.from_base(base)
    bot = Bot(os.environ["BOT_TOKEN"], session=session)
    dp = Dispatcher()
    dp.message.register(echo, F.text)
    dp.callback_query.register(pressed)
    await dp.start_polling(bot, handle_signals=True)


if __name__ == "__main__":
    asyncio.run(main())
