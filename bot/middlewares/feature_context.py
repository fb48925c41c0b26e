"""Gives a feature's handlers a ready per-update object (its service bound to the update's session, clock, user).

An inner middleware: built only when one of the router's handlers matched, so other updates pay nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, Self

from aiogram import BaseMiddleware, Router
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession

from core.actor import Actor
from core.roles import Role
from knowledge import Knowledge
from services import people
from storage.models import User

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


@dataclass(frozen=True)
class UpdateContext:
    """The person, the moment and the session of one update: what a feature's handlers share.

    A feature subclasses it with what its screens need and installs it with `install(router, key)`.
    """

    session: AsyncSession
    user: User | None
    role: Role
    telegram_id: int
    now: datetime
    tz: tzinfo
    knowledge: Knowledge

    @classmethod
    def of_update(cls, data: dict[str, Any]) -> Self:
        sender: TgUser | None = data.get("event_from_user")
        return cls(
            session=data["session"],
            user=data["user"],
            role=data["role"],
            telegram_id=sender.id if sender is not None else 0,
            now=data["clock"].now(),
            tz=data["settings"].tz,
            knowledge=data["knowledge"],
        )

    @classmethod
    def install(cls, router: Router, key: str) -> None:
        """Handlers of `router` (and its sub-routers) get one as `key`, built only when one of them matched."""
        install_feature_context(router, key, cls.of_update)

    async def actor(self) -> Actor:
        """Who acts, as users.id (an admin listed in ADMIN_IDS gets a users row on their first action)."""
        return await people.actor(self.session, telegram_id=self.telegram_id, user=self.user, role=self.role)
