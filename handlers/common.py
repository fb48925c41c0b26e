"""Cancel, help and the main menu: available everywhere."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.filters import Registered
from bot.keyboards.common import main_menu
from bot.texts import common as t
from core.settings import Settings
from storage.models import Role


async def cancel(message: Message, state: FSMContext, role: Role) -> None:
    had_state = await state.get_state() is not None
    await state.clear()
    await message.answer(t.CANCELLED if had_state else t.NOTHING_TO_CANCEL, reply_markup=main_menu(role))


async def start_registered(message: Message, state: FSMContext, role: Role) -> None:
    await state.clear()
    await message.answer(t.MAIN_MENU, reply_markup=main_menu(role))


async def help_(message: Message, role: Role, settings: Settings) -> None:
    text = t.HELP.format(due_days=settings.answer_due_working_days)
    if role in (Role.LAWYER, Role.ADMIN):
        text += t.HELP_LAWYER
    if role == Role.ADMIN:
        text += t.HELP_ADMIN
    await message.answer(text, reply_markup=main_menu(role))


def create_router() -> Router:
    router = Router(name="common")
    router.message.register(cancel, Command("cancel"))
    router.message.register(cancel, F.text == t.BTN_CANCEL)
    router.message.register(start_registered, CommandStart(), Registered())
    router.message.register(help_, Command("help"))
    router.message.register(help_, F.text == t.BTN_HELP)
    return router
