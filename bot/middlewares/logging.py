"""One log line per update: id, type, user, outcome and duration. Nothing is written to the database."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update
from aiogram.types import User as TgUser

from core.errors import DomainError

log = logging.getLogger("bot.updates")


class UpdateLogMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        started = time.perf_counter()
        outcome, error = "error", None
        try:
            result = await handler(event, data)
            outcome = "unhandled" if result is UNHANDLED else "handled"
            return result
        except DomainError:
            outcome = "refused"  # a rule said no; the domain_errors router tells the user
            raise
        except Exception as exc:
            error = type(exc).__name__
            raise
        finally:
            tg_user: TgUser | None = data.get("event_from_user")
            fields: dict[str, Any] = {
                "update_id": event.update_id if isinstance(event, Update) else None,
                "event_type": event.event_type if isinstance(event, Update) else type(event).__name__,
                "user_id": tg_user.id if tg_user else None,
                "outcome": outcome,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            }
            if error:
                fields["error"] = error
            log.log(logging.WARNING if error else logging.INFO, "update", extra=fields)
