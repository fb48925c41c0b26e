"""Who acts, and the admin check every privileged service repeats (buttons are forged easily)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from core.errors import AccessDenied
from core.roles import Role

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Actor:
    telegram_id: int
    role: Role  # the effective role (ADMIN_IDS make admins)


@dataclass(eq=False)
class AdminOnly(AccessDenied):
    action: str


def require_admin(actor: Actor, action: str) -> None:
    if actor.role != Role.ADMIN:
        log.warning("refused %r to %s (role %s)", action, actor.telegram_id, actor.role)
        raise AdminOnly(action=action)
