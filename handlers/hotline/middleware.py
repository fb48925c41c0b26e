"""Gives the hot line's handlers a ready `Hotline` service for the update."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Router
from aiogram.types import TelegramObject

from services.hotline.consultations import Hotline


class HotlineMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        data["hotline"] = Hotline(data["session"], data["settings"], data["knowledge"], data["clock"].now())
        return await handler(event, data)


def install_hotline(router: Router) -> None:
    """Inner middleware: built only when one of the router's handlers matched."""
    router.message.middleware(HotlineMiddleware())
    router.callback_query.middleware(HotlineMiddleware())
