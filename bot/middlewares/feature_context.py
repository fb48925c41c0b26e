"""Gives a feature's handlers a ready per-update object (its service bound to the update's session, clock, user).

An inner middleware: built only when one of the router's handlers matched, so other updates pay nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Router
from aiogram.types import TelegramObject

Build = Callable[[dict[str, Any]], Any]


class FeatureContextMiddleware(BaseMiddleware):
    def __init__(self, key: str, build: Build) -> None:
        self.key = key
        self.build = build

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        data[self.key] = self.build(data)
        return await handler(event, data)


def install_feature_context(router: Router, key: str, build: Build) -> None:
    router.message.middleware(FeatureContextMiddleware(key, build))
    router.callback_query.middleware(FeatureContextMiddleware(key, build))
