"""Loads the sender's `User` and effective `Role` into handler data."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser

from services import people


class UserMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        data["user"] = None
        if tg_user is not None:
            sender = await people.identify(data["session"], tg_user.id, data["settings"].admin_ids)
            data["user"], data["role"] = sender.user, sender.role
        return await handler(event, data)
