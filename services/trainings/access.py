"""Who acts on trainings: admins for the catalogue and its lists, each official for their own sign-ups."""

from __future__ import annotations

from core.roles import Role
from services.trainings.errors import AdminsOnly


def require_admin(role: Role) -> None:
    if role != Role.ADMIN:
        raise AdminsOnly()
