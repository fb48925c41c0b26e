"""What every trainings handler needs, ready for the update; and showing a screen in place of the pressed one."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message

from bot.middlewares.feature_context import UpdateContext
from bot.views.trainings import Screen


@dataclass(frozen=True)
class Trainings(UpdateContext):
    """The person, the moment and the session of one update, for the trainings handlers."""


def install(router: Router) -> None:
    """Inner middleware: built only when one of the router's handlers (or its sub-routers') matched."""
    Trainings.install(router, "trainings")


async def show(query: CallbackQuery, screen: Screen) -> None:
    """Replaces the message the button was on (its keyboard goes with it); a new message if it cannot be edited."""
    message = query.message
    if isinstance(message, Message):
        try:
            await message.edit_text(screen.text, reply_markup=screen.markup)
            return
        except TelegramBadRequest:  # too old to edit, or deleted meanwhile
            pass
    if query.bot is not None:
        await query.bot.send_message(query.from_user.id, screen.text, reply_markup=screen.markup)
