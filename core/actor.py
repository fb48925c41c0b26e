"""Who acted: every event and audit row stores `users.id` (never a Telegram id)."""

from __future__ import annotations

from dataclasses import dataclass

from core.roles import Role


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int  # users.id
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.LAWYER, Role.ADMIN)
