"""Who acts on trainings: admins for the catalogue and its lists, each official for their own sign-ups."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.actor import Actor
from core.roles import Role
from services import people
from services.trainings.errors import AdminsOnly
from storage.models import User


def require_admin(role: Role) -> None:
    if role != Role.ADMIN:
        raise AdminsOnly()


async def actor_for(session: AsyncSession, *, user: User | None, telegram_id: int, role: Role) -> Actor:
    """Who did it, as users.id: admins listed in ADMIN_IDS may have no profile yet, so they get a row."""
    return await people.actor(session, telegram_id=telegram_id, user=user, role=role)
