"""A lawyer's button pressed by someone who is no longer a lawyer (their menu had not caught up yet).

The notice of a role change brings the new menu, but an old keyboard may still
be on screen: its "📥 Черга звернень" gets a short explanation and the person's
current menu, never the hot line's offer to turn the text into a question.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import Message, ReplyKeyboardRemove

from bot.filters import RoleFilter
from bot.forms import reply_keyboard_texts
from bot.keyboards.common import main_menu
from bot.texts import common as tc
from bot.texts import staff as t
from core.roles import Role
from storage.models import User


async def not_your_button(message: Message, role: Role, user: User | None) -> None:
    if user is None or not user.is_registered:
        await message.answer(tc.NOT_REGISTERED, reply_markup=ReplyKeyboardRemove())
        return
    await message.answer(t.NOT_YOUR_BUTTON, reply_markup=main_menu(role))


def create_router() -> Router:
    router = Router(name="staff_menu")
    lawyers_only = reply_keyboard_texts([main_menu(Role.LAWYER)]) - reply_keyboard_texts([main_menu(Role.OFFICIAL)])
    official = RoleFilter(Role.OFFICIAL)
    router.message.register(not_your_button, official, F.text.in_(lawyers_only))
    router.message.register(not_your_button, official, Command("queue"))
    return router
