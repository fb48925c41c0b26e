"""Who is writing to the bot, in which role, and the users.id that every event records as who acted."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from core.actor import Actor
from core.roles import Role
from storage.models import User
from storage.repositories import users as users_repo


def effective_role(user: User | None, telegram_id: int, admin_ids: Collection[int]) -> Role:
    """ADMIN_IDS make admins whatever the stored role says; someone without a row is an official."""
    if telegram_id in admin_ids:
        return Role.ADMIN
    if user is None:
        return Role.OFFICIAL
    return user.role


@dataclass(frozen=True, slots=True)
class Sender:
    user: User | None  # None: never registered, never added as staff
    role: Role


async def identify(session: AsyncSession, telegram_id: int, admin_ids: Collection[int]) -> Sender:
    user = await users_repo.get_by_telegram_id(session, telegram_id)
    if user is not None and user.blocked_bot_at is not None:
        user.blocked_bot_at = None  # they write to us again, so they unblocked the bot
    return Sender(user=user, role=effective_role(user, telegram_id, admin_ids))


async def get_or_create_actor(session: AsyncSession, telegram_id: int) -> int:
    """The users.id of a Telegram user, for who-acted columns.

    An admin from ADMIN_IDS may never have registered: they get a row holding
    nothing but their Telegram id.
    """
    return (await users_repo.get_or_create(session, telegram_id)).id


async def actor(session: AsyncSession, *, telegram_id: int, user: User | None, role: Role) -> Actor:
    """The sender as the actor of a service call (a refused call rolls the new row back)."""
    user_id = user.id if user is not None else await get_or_create_actor(session, telegram_id)
    return Actor(user_id=user_id, role=role)


async def display_names(session: AsyncSession, user_ids: Collection[int]) -> dict[int, str]:
    """users.id -> the name to show for who acted (the Telegram id when they never registered)."""
    users = await users_repo.list_by_ids(session, frozenset(user_ids))
    return {user.id: user.full_name or str(user.telegram_id) for user in users}
