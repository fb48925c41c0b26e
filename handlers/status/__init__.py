"""Status (ops): /status, the health of the running bot, for admins."""

from handlers.status.report import create_router

__all__ = ["create_router"]
