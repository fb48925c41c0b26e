"""Loads the sender's `User` and effective `Role` into handler data."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser

from core.settings import Settings
from storage.models import Role, User
from storage.repositories import users as users_repo


def effective_role(user: User | None, telegram_id: int, settings: Settings) -> Role:
    if telegram_id in settings.admin_ids:
        return Role.ADMIN
    if user is None:
        return Role.OFFICIAL
    return user.role


class UserMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        user: User | None = None
        if tg_user is not None:
            user = await users_repo.get_by_telegram_id(data["session"], tg_user.id)
            if user is not None and user.blocked_bot_at is not None:
                # They write to us again, so they unblocked the bot.
                user.blocked_bot_at = None
            data["role"] = effective_role(user, tg_user.id, data["settings"])
        data["user"] = user
        return await handler(event, data)
