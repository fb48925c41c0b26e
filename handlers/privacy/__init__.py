"""Personal data: the changed consent, /mydata, /forget and the access log (/audit)."""

from __future__ import annotations

from aiogram import Router


def create_router() -> Router:
    from handlers.privacy import audit, consent, data, forget

    router = Router(name="privacy")
    router.include_routers(consent.create_router(), data.create_router(), forget.create_router(), audit.create_router())
    return router


__all__ = ["create_router"]
