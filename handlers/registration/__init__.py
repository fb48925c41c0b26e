"""Registration: a new official's consent and profile, from /start."""

from handlers.registration.dialog import Registration, create_router

__all__ = ["Registration", "create_router"]
