"""Turns a refused action (a `DomainError` from a service) into a short Ukrainian reply.

The update's uncommitted work is rolled back by then (the unit of work did not
commit), so a refused action changes nothing. Refusals of access are logged:
they usually mean stale or forged callback data.
"""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent

from bot.views.errors import error_text
from core.errors import AccessDenied, DomainError
from services.text import ALERT_LIMIT, shorten

log = logging.getLogger(__name__)


async def on_domain_error(event: ErrorEvent) -> None:
    exc = event.exception
    assert isinstance(exc, DomainError)
    update = event.update
    if isinstance(exc, AccessDenied):
        query, message = update.callback_query, update.message
        sender = query.from_user.id if query else message.from_user.id if message and message.from_user else None
        data = query.data if query else None
        log.warning("refused: user=%s update=%s data=%r: %s", sender, update.update_id, data, exc)
    text = error_text(exc)
    if update.callback_query is not None:
        await update.callback_query.answer(shorten(text, ALERT_LIMIT), show_alert=True)
    elif update.message is not None:
        await update.message.answer(text)


def create_router() -> Router:
    router = Router(name="domain_errors")
    router.errors.register(on_domain_error, ExceptionTypeFilter(DomainError))
    return router
