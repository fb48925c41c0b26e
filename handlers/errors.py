"""Unexpected errors: the user is told, the admins get a rate-limited report through the outbox.

The details (exception, where it was raised) stay in the log. An admin's private
chat gets a short Ukrainian note with a code that finds the log line; only a
technical chat set explicitly in ERROR_CHAT_ID gets the details.
"""

from __future__ import annotations

import logging
import secrets

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent, Update
from aiogram.types import User as TgUser
from aiogram.utils.text_decorations import html_decoration as hd
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.texts import common as tc
from bot.texts import ops as t
from core.clock import Clock
from core.settings import Settings
from core.signals import WorkerSignals
from services.error_reports import ErrorReportLimiter, error_key, error_origin, queue_report

log = logging.getLogger(__name__)
MAX_ERROR_CHARS = 1500  # the report stays far below Telegram's 4096


async def tell_user(bot: Bot, update: Update) -> None:
    try:
        if update.callback_query is not None:
            await bot.answer_callback_query(update.callback_query.id, text=tc.INTERNAL_ERROR, show_alert=True)
        elif update.message is not None:
            await bot.send_message(update.message.chat.id, tc.INTERNAL_ERROR)
    except TelegramAPIError as exc:
        log.warning("could not tell the user about the error: %s", exc)


def error_code() -> str:
    """A short number that finds the error's log line (its `error_code`)."""
    return f"{secrets.randbelow(1_000_000):06d}"


def report_text(
    update: Update, exc: BaseException, user_id: int | None, suppressed: int, minutes: int, code: str
) -> str:
    """For the technical chat (ERROR_CHAT_ID): what failed and where."""
    text = t.ERROR_REPORT.format(
        error=hd.quote(f"{error_key(exc)}: {exc}"[:MAX_ERROR_CHARS]),
        details=hd.quote(error_origin(exc)),
        update_id=update.update_id,
        user_id=user_id if user_id is not None else "—",
        code=code,
    )
    if suppressed:
        text += t.ERROR_SUPPRESSED.format(minutes=minutes, count=suppressed)
    return text


def admin_note(code: str, suppressed: int, minutes: int) -> str:
    """For an admin's own chat: that something failed, and the code to look it up in the log."""
    text = t.ERROR_NOTE.format(code=code)
    if suppressed:
        text += t.ERROR_SUPPRESSED.format(minutes=minutes, count=suppressed)
    return text


def create_router(settings: Settings) -> Router:
    router = Router(name="errors")
    limiter = ErrorReportLimiter(settings.error_report_window)

    async def on_error(
        event: ErrorEvent,
        bot: Bot,
        settings: Settings,
        clock: Clock,
        session_pool: async_sessionmaker[AsyncSession],
        signals: WorkerSignals,
        event_from_user: TgUser | None = None,
    ) -> None:
        exc, update = event.exception, event.update
        user_id = event_from_user.id if event_from_user is not None else None
        code = error_code()
        log.error(
            "update %s failed (error code %s): %r",
            update.update_id,
            code,
            exc,
            exc_info=(type(exc), exc, exc.__traceback__),
            extra={"update_id": update.update_id, "user_id": user_id, "error": error_key(exc), "error_code": code},
        )
        await tell_user(bot, update)
        chat_id = settings.error_chat
        if chat_id is None:
            return
        suppressed = limiter.admit(error_key(exc), clock.now())
        if suppressed is None:
            return
        minutes = settings.error_report_minutes
        if settings.error_chat_id is not None:  # a technical chat, chosen on purpose
            text = report_text(update, exc, user_id, suppressed, minutes, code)
        else:
            text = admin_note(code, suppressed, minutes)
        try:
            await queue_report(session_pool, chat_id, text, clock.now())
        except Exception:  # the database may be what failed: the log line above is all we can do
            log.exception("could not queue the error report")
            return
        signals.outbox.set()

    router.errors.register(on_error)
    return router
