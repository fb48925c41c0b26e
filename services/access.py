"""Who acts, and the admin check every privileged service repeats (buttons are forged easily)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from core.errors import AccessDenied
from core.roles import Role

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Actor:
    telegram_id: int
    role: Role  # the effective role (ADMIN_IDS make admins)


class HasRole(Protocol):
    @property
    def role(self) -> Role: ...


@dataclass(eq=False)
class AdminOnly(AccessDenied):
    action: str


def require_admin(actor: HasRole, action: str) -> None:
    """`actor`: this module's `Actor` or `core.actor.Actor` (who acted by users.id)."""
    if actor.role != Role.ADMIN:
        log.warning("refused %r to %s (role %s)", action, actor, actor.role)
        raise AdminOnly(action=action)
