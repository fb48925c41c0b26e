"""Gives a router's handlers `actor`: the sender as a `core.actor.Actor` (users.id and effective role).

An inner middleware: it runs only for updates a handler of the router has matched.
An ADMIN_IDS admin without a profile gets a bare users row here; if the service
then refuses the action, the update's unit of work rolls that row back too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser

from services import people


class ActorMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        sender: TgUser = data["event_from_user"]
        data["actor"] = await people.actor(data["session"], telegram_id=sender.id, user=data["user"], role=data["role"])
        return await handler(event, data)
