"""Sends queued Bot API calls (answers, notifications, reminders) and survives outages.

A message is committed to `outbox_messages` together with the change that
caused it, so nothing is lost when Telegram is unreachable or the bot restarts.
Chats are served side by side within the rate limiter's limits; messages to one
chat go out one after another in the order they were queued, across instances
too (`first_in_its_chat`). Each is marked sent right after its call returns, so a
crash repeats at most the messages that were in flight.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import CopyMessage, SendDocument, SendMessage, SendPhoto, TelegramMethod
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.views.notices import render_notice
from services.notify import NOTICE_METHOD
from storage.models import OutboxMessage, OutboxState
from storage.repositories import outbox as outbox_repo
from storage.repositories.delivery import record_blocked
from workers.base import Worker

log = logging.getLogger(__name__)

METHODS: dict[str, type[TelegramMethod[Any]]] = {
    "sendMessage": SendMessage,
    "copyMessage": CopyMessage,
    "sendDocument": SendDocument,
    "sendPhoto": SendPhoto,
}
MAX_ATTEMPTS = 60  # with backoff capped at 10 minutes: about ten hours of outage
BACKOFF_CAP_SECONDS = 600


def outbox_method(message: OutboxMessage, edited_message_id: int | None = None) -> TelegramMethod[Any]:
    """The Bot API call of a row: stored as is, or a notice (data) rendered by its feature's view now."""
    if message.method == NOTICE_METHOD:
        return render_notice(message.chat_id, message.params, edited_message_id)
    return METHODS[message.method](chat_id=message.chat_id, **message.params)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_CAP_SECONDS, 2 ** min(attempts, 10)))


class OutboxWorker(Worker):
    name = "outbox"

    def wake_event(self) -> asyncio.Event:
        return self.ctx.signals.outbox

    async def run_once(self) -> bool:
        # One message per chat a round (the first still pending), SEND_CONCURRENCY chats side by side:
        # at most that many messages are in flight, and so at most that many repeated after a crash.
        claimed = await self.claim_due(
            OutboxMessage,
            OutboxMessage.state == OutboxState.PENDING,
            outbox_repo.first_in_its_chat(),
            due_column=OutboxMessage.next_attempt_at,
            limit=self.ctx.settings.send_concurrency,
            lease=self.ctx.settings.worker_lease,
        )
        await self.run_all(self._deliver(message_id) for message_id in claimed)
        return bool(claimed)

    async def _deliver(self, message_id: int) -> None:
        async with self.ctx.session_pool() as session:
            message = await session.scalar(select(OutboxMessage).where(OutboxMessage.id == message_id))
            edited = await self._edited_message(session, message)
            await session.commit()  # no transaction is held while we talk to Telegram
        if message is None or message.state != OutboxState.PENDING or message.locked_by != self.ctx.owner:
            return
        if edited == 0:
            await self._finish(message, {"state": OutboxState.CANCELLED, "last_error": "nothing to edit"})
            return
        outcome: dict[str, Any]
        try:
            method = outbox_method(message, edited)
            async with self.sending_row(
                message.chat_id,
                OutboxMessage,
                message.id,
                OutboxMessage.state == OutboxState.PENDING,
                lease=self.ctx.settings.worker_lease,
            ) as ours:
                if not ours:
                    return  # held past the lease (a long 429 pause): another instance has it now
                result = await self.ctx.bot(method)
            outcome = {
                "state": OutboxState.SENT,
                "sent_at": self.ctx.clock.now(),
                "last_error": None,
                "sent_message_id": getattr(result, "message_id", None),
            }
        except TelegramRetryAfter as exc:
            self.ctx.limiter.pause(exc.retry_after)
            outcome = {"next_attempt_at": self.ctx.clock.now() + timedelta(seconds=exc.retry_after)}
        except TelegramForbiddenError as exc:
            outcome = {"state": OutboxState.BLOCKED, "last_error": str(exc)[:500]}
        except (TelegramNetworkError, TelegramServerError, ClientDecodeError) as exc:
            # ClientDecodeError: a front-end error page (an HTML 502) instead of the API's JSON.
            attempts = message.attempts + 1
            outcome = {
                "attempts": attempts,
                "last_error": str(exc)[:500],
                "next_attempt_at": self.ctx.clock.now() + backoff(attempts),
            }
            if attempts >= MAX_ATTEMPTS:
                outcome["state"] = OutboxState.FAILED
            log.warning("outbox %s: Telegram unavailable (%s), attempt %s", message.id, exc, attempts)
        except (TelegramBadRequest, KeyError, ValueError) as exc:
            outcome = {"state": OutboxState.FAILED, "attempts": message.attempts + 1, "last_error": str(exc)[:500]}
            log.error("outbox %s: rejected: %s", message.id, exc)
        await self._finish(message, outcome)

    @staticmethod
    async def _edited_message(session: AsyncSession, message: OutboxMessage | None) -> int | None:
        """The message an edit row replaces: None for a row that edits nothing, 0 when there is none to edit.

        An edit is queued after the row it edits (to the same chat), so that row has gone out by
        now: sent, with the message Telegram made of it, or given up (nothing to edit then).
        """
        if message is None or not isinstance(message.params, dict) or not message.params.get("edits"):
            return None
        target = await session.get(OutboxMessage, int(message.params["edits"]))
        if target is None or target.state != OutboxState.SENT or not target.sent_message_id:
            return 0
        return target.sent_message_id

    async def _finish(self, message: OutboxMessage, outcome: dict[str, Any]) -> None:
        async with self.ctx.session_pool() as session:
            row = await session.get(OutboxMessage, message.id)
            if row is None:
                return
            for key, value in outcome.items():
                setattr(row, key, value)
            row.locked_by = None
            row.locked_until = None
            if outcome.get("state") == OutboxState.BLOCKED:
                await record_blocked(session, row, now=self.ctx.clock.now())
            await session.commit()
