"""What every trainings handler needs, ready for the update; and showing a screen in place of the pressed one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession

from bot.middlewares.feature_context import install_feature_context
from bot.views.trainings import Screen
from core.actor import Actor
from core.roles import Role
from knowledge import Knowledge
from services.trainings import access
from storage.models import User


@dataclass(frozen=True)
class Trainings:
    """The person, the moment and the session of one update, and what its screens are rendered with."""

    session: AsyncSession
    user: User | None
    role: Role
    telegram_id: int
    now: datetime
    tz: tzinfo
    knowledge: Knowledge

    async def actor(self) -> Actor:
        """Who acts, as users.id (an admin listed in ADMIN_IDS gets a users row on their first action)."""
        return await access.actor_for(self.session, user=self.user, telegram_id=self.telegram_id, role=self.role)


def _build(data: dict[str, Any]) -> Trainings:
    sender: TgUser | None = data.get("event_from_user")
    return Trainings(
        session=data["session"],
        user=data["user"],
        role=data["role"],
        telegram_id=sender.id if sender is not None else 0,
        now=data["clock"].now(),
        tz=data["settings"].tz,
        knowledge=data["knowledge"],
    )


def install(router: Router) -> None:
    """Inner middleware: built only when one of the router's handlers (or its sub-routers') matched."""
    install_feature_context(router, "trainings", _build)


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
