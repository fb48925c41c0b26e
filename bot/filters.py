"""Role filters for routers. Services check roles again for callback actions."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import TelegramObject

from storage.models import Role


class RoleFilter(Filter):
    def __init__(self, *roles: Role) -> None:
        self.roles = frozenset(roles)

    async def __call__(self, event: TelegramObject, role: Role | None = None, **_: Any) -> bool:
        return role in self.roles


class Registered(Filter):
    async def __call__(self, event: TelegramObject, user: Any = None, **_: Any) -> bool:
        return user is not None and user.is_registered
