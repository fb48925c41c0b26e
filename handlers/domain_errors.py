"""Turns a refused action (a `DomainError` from a service) into a short Ukrainian reply.

The update's transaction is rolled back by then (the session middleware did not
commit), so a refused action changes nothing. Refusals of access are logged:
they usually mean stale or forged callback data.
"""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent

from core.errors import AccessDenied, DomainError

log = logging.getLogger(__name__)


async def on_domain_error(event: ErrorEvent) -> None:
    exc = event.exception
    assert isinstance(exc, DomainError)
    update = event.update
    if isinstance(exc, AccessDenied):
        sender = update.event.from_user.id if getattr(update.event, "from_user", None) else None  # type: ignore[union-attr]
        data = update.callback_query.data if update.callback_query else None
        log.warning("refused: user=%s update=%s data=%r: %s", sender, update.update_id, data, exc.message)
    if update.callback_query is not None:
        await update.callback_query.answer(exc.message, show_alert=True)
    elif update.message is not None:
        await update.message.answer(exc.message)


def create_router() -> Router:
    router = Router(name="domain_errors")
    router.errors.register(on_domain_error, ExceptionTypeFilter(DomainError))
    return router
