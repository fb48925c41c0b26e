"""Delivers newsletters: one row per recipient, claimed with a lease, sent within Telegram's limits.

Each run: start newsletters that are due; if this instance is the sender (it
holds the oldest running newsletter's lease, so the rate limit holds across
instances), add the next batch of recipients and send a batch of pending rows;
update the authors' progress messages.

Exactly-once as far as Telegram allows: a row is marked sent right after its
API call returns, so a crash can repeat at most the messages in flight (up to
SEND_CONCURRENCY, each at most once). Rows are sent side by side, so round trips
overlap and the rate limiter, not the network, sets the pace; the next batch is
claimed while the last one's tail is still on its way, so the limiter never runs
dry between batches. No
database transaction is open while we talk to Telegram. Two instances never send
one row: a row is sent only by the holder of its lease, checked (and renewed)
right before each API call.

One instance sends at a time even though the limiter's shared budget would let
several share the rate: one sender already reaches it, and it alone adds the
recipients in order.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
)
from sqlalchemy import func, or_, select, update

from bot.keyboards.newsletters import stop
from bot.views.newsletters import delivery, final_text, progress_text
from storage.models import DeliveryState, Newsletter, NewsletterDelivery, NewsletterStatus
from storage.repositories import newsletters as repo
from storage.repositories.delivery import mark_user_blocked
from storage.repositories.outbox import enqueue
from workers.base import Worker, WorkerContext

log = logging.getLogger(__name__)

RECIPIENTS_BATCH = 500
PROGRESS_EVERY = timedelta(seconds=5)
MAX_ATTEMPTS = 5  # network errors and 5xx, then the row is failed
MAX_RETRY_AFTER = 20  # 429s for one row in a row before it is put back
REJECTED = (TelegramBadRequest, TelegramNotFound, TelegramEntityTooLarge)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(300, 5 * 2 ** max(0, attempts - 1)))


class NewsletterWorker(Worker):
    name = "newsletters"

    def __init__(self, ctx: WorkerContext) -> None:
        super().__init__(ctx)
        self._content: dict[int, Newsletter] = {}
        # About two seconds of sending per claim: enough to keep SEND_CONCURRENCY calls in flight
        # through a round's tail; a cancel still takes effect at once (each send re-checks its row).
        self.batch = max(5, int(2 * ctx.settings.newsletter_rate_per_second), ctx.settings.send_concurrency)

    def wake_event(self) -> asyncio.Event:
        return self.ctx.signals.newsletters

    @property
    def lease(self) -> timedelta:
        return self.ctx.settings.worker_lease

    async def run_once(self) -> bool:
        started = await self.start_due()
        added = sent = False
        if await self.hold_sender_lease():
            added = await self.add_recipients()
            sent = await self.send_due()
        await self.report()
        return started or added or sent

    # --- starting ---------------------------------------------------------------

    async def start_due(self) -> bool:
        now = self.ctx.clock.now()
        won: list[int] = []
        async with self.ctx.session_pool() as session:
            ids = (
                await session.scalars(
                    select(Newsletter.id)
                    .where(Newsletter.status == NewsletterStatus.SCHEDULED, Newsletter.scheduled_at <= now)
                    .order_by(Newsletter.scheduled_at)
                    .limit(10)
                )
            ).all()
            for newsletter_id in ids:
                result = await session.execute(
                    update(Newsletter)
                    .where(Newsletter.id == newsletter_id, Newsletter.status == NewsletterStatus.SCHEDULED)
                    .values(status=NewsletterStatus.SENDING, started_at=now, progress_at=now)
                    .execution_options(synchronize_session=False)
                )
                if result.rowcount == 1:  # type: ignore[attr-defined]
                    won.append(newsletter_id)
            await session.commit()
        for newsletter_id in won:
            await self._open_progress(newsletter_id)
        return bool(won)

    async def _open_progress(self, newsletter_id: int) -> None:
        async with self.ctx.session_pool() as session:
            newsletter = await session.get(Newsletter, newsletter_id)
            await session.commit()
        if newsletter is None:
            return
        counts = {state: 0 for state in DeliveryState}
        text = progress_text(
            newsletter,
            counts,
            rate=self.ctx.settings.newsletter_rate_per_second,
            now=self.ctx.clock.now(),
            tz=self.ctx.settings.tz,
        )
        try:
            async with self.ctx.limiter.sending(newsletter.author_chat_id):
                message = await self.ctx.bot.send_message(
                    newsletter.author_chat_id, text, reply_markup=stop(newsletter.id)
                )
        except TelegramAPIError as exc:
            log.warning("newsletter %s: no progress message for the author: %s", newsletter_id, exc)
            return
        async with self.ctx.session_pool() as session:
            await session.execute(
                update(Newsletter)
                .where(Newsletter.id == newsletter_id)
                .values(progress_message_id=message.message_id)
                .execution_options(synchronize_session=False)
            )
            await session.commit()

    # --- recipients -------------------------------------------------------------

    async def hold_sender_lease(self) -> bool:
        """Only one instance sends newsletters at a time, so the rate limit holds across instances.

        The sender holds the lease of the oldest running newsletter (renewed on every
        round); when it dies the lease lapses and another instance takes over.
        """
        now = self.ctx.clock.now()
        async with self.ctx.session_pool() as session:
            oldest = await session.scalar(
                select(func.min(Newsletter.id)).where(Newsletter.status == NewsletterStatus.SENDING)
            )
            if oldest is None:
                await session.commit()
                return False
            result = await session.execute(
                update(Newsletter)
                .where(
                    Newsletter.id == oldest,
                    or_(
                        Newsletter.locked_until.is_(None),
                        Newsletter.locked_until < now,
                        Newsletter.locked_by == self.ctx.owner,
                    ),
                )
                .values(locked_by=self.ctx.owner, locked_until=now + self.lease)
                .execution_options(synchronize_session=False)
            )
            await session.commit()
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def add_recipients(self) -> bool:
        """One batch per running newsletter: memory stays flat however many recipients there are.

        Done by the sender only; the unique (newsletter, user) makes an overlap at a
        takeover fail instead of adding anyone twice.
        """
        now = self.ctx.clock.now()
        added = 0
        async with self.ctx.session_pool() as session:
            ids = (
                await session.scalars(
                    select(Newsletter.id).where(
                        Newsletter.status == NewsletterStatus.SENDING, Newsletter.materialized_at.is_(None)
                    )
                )
            ).all()
            await session.commit()
            for newsletter_id in ids:
                newsletter = await session.get(Newsletter, newsletter_id, populate_existing=True)
                if newsletter is None or newsletter.status != NewsletterStatus.SENDING:
                    continue
                count = await repo.add_recipients_batch(session, newsletter, limit=RECIPIENTS_BATCH, now=now)
                added += count
                if count < RECIPIENTS_BATCH:
                    newsletter.materialized_at = now
                await session.commit()
        return added > 0

    # --- sending ----------------------------------------------------------------

    async def send_due(self) -> bool:
        claimed = await self.claim_due(
            NewsletterDelivery,
            NewsletterDelivery.state == DeliveryState.PENDING,
            due_column=NewsletterDelivery.next_attempt_at,
            limit=self.batch,
            lease=self.lease,
        )
        if not claimed:
            await self.wait_background()  # the last batch's tail: the report may then close the newsletter
            return False
        async with self.ctx.session_pool() as session:
            rows = (
                await session.execute(
                    select(
                        NewsletterDelivery.id,
                        NewsletterDelivery.newsletter_id,
                        NewsletterDelivery.chat_id,
                        NewsletterDelivery.attempts,
                    )
                    .where(NewsletterDelivery.id.in_(claimed))
                    .order_by(NewsletterDelivery.id)
                )
            ).all()
            running = set(
                (
                    await session.scalars(
                        select(Newsletter.id).where(
                            Newsletter.id.in_({row.newsletter_id for row in rows}),
                            Newsletter.status == NewsletterStatus.SENDING,
                        )
                    )
                ).all()
            )
            await session.commit()
        for row in rows:
            if row.newsletter_id not in running:
                await self._release(row.id)
        content = {newsletter_id: await self._newsletter(newsletter_id) for newsletter_id in sorted(running)}
        for row in rows:
            if row.newsletter_id in running:
                self.in_background(
                    self._deliver(row.id, row.chat_id, row.attempts, content[row.newsletter_id]), "delivery"
                )
        # A full batch: more rows are due. Claim them while this one is still going out (one batch in
        # reserve); waiting for all of it would leave the limiter idle for a round trip and a claim,
        # and a second of a sliding window left unused is lost for good.
        await self.wait_background(at_most=self.batch if len(claimed) == self.batch else 0)
        return True

    async def _newsletter(self, newsletter_id: int) -> Newsletter:
        cached = self._content.get(newsletter_id)
        if cached is None:
            async with self.ctx.session_pool() as session:
                cached = await session.get(Newsletter, newsletter_id)
                await session.commit()
            assert cached is not None
            if len(self._content) > 50:
                self._content.clear()
            self._content[newsletter_id] = cached
        return cached

    async def _deliver(self, row_id: int, chat_id: int, attempts: int, newsletter: Newsletter) -> None:
        method = delivery(newsletter, chat_id)
        for _ in range(MAX_RETRY_AFTER):
            try:
                async with self.sending_row(
                    chat_id,
                    NewsletterDelivery,
                    row_id,
                    NewsletterDelivery.state == DeliveryState.PENDING,
                    lease=self.lease,
                    bulk=True,
                ) as ours:
                    if not ours:
                        return  # another instance has it now
                    result = await self.ctx.bot(method)
            except TelegramRetryAfter as exc:
                # Telegram's flood control covers the whole bot: every send waits.
                log.warning("newsletter %s: 429, waiting %s s", newsletter.id, exc.retry_after)
                self.ctx.limiter.pause(exc.retry_after)
                continue
            except TelegramForbiddenError as exc:
                await self._blocked(row_id, chat_id, str(exc))
                return
            except REJECTED as exc:
                log.error("newsletter %s to %s rejected: %s", newsletter.id, chat_id, exc)
                await self._finish(row_id, DeliveryState.FAILED, attempts + 1, error=str(exc))
                return
            except TelegramAPIError as exc:  # network errors, 5xx and other passing trouble
                await self._retry_later(row_id, attempts + 1, str(exc))
                return
            await self._finish(row_id, DeliveryState.SENT, attempts + 1, message_id=_message_id(result))
            return
        await self._release(row_id)

    async def _finish(
        self,
        row_id: int,
        state: DeliveryState,
        attempts: int,
        *,
        message_id: int | None = None,
        error: str | None = None,
    ) -> None:
        values: dict[str, Any] = {
            "state": state,
            "attempts": attempts,
            "finished_at": self.ctx.clock.now(),
            "locked_by": None,
            "locked_until": None,
        }
        if message_id is not None:
            values["message_id"] = message_id
        if error is not None:
            values["last_error"] = error[:500]
        async with self.ctx.session_pool() as session:
            await session.execute(
                update(NewsletterDelivery)
                .where(NewsletterDelivery.id == row_id)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            await session.commit()

    async def _blocked(self, row_id: int, chat_id: int, error: str) -> None:
        now = self.ctx.clock.now()
        async with self.ctx.session_pool() as session:
            await session.execute(
                update(NewsletterDelivery)
                .where(NewsletterDelivery.id == row_id)
                .values(
                    state=DeliveryState.BLOCKED,
                    attempts=NewsletterDelivery.attempts + 1,
                    finished_at=now,
                    last_error=error[:500],
                    locked_by=None,
                    locked_until=None,
                )
                .execution_options(synchronize_session=False)
            )
            user = await mark_user_blocked(session, chat_id, now=now)
            if user is not None:
                await repo.unsubscribe_everything(session, user.id)
                await repo.block_pending_deliveries_of(session, user.id, now=now)
            await session.commit()

    async def _retry_later(self, row_id: int, attempts: int, error: str) -> None:
        if attempts >= MAX_ATTEMPTS:
            await self._finish(row_id, DeliveryState.FAILED, attempts, error=error)
            return
        log.warning("newsletter delivery %s: %s (attempt %s)", row_id, error, attempts)
        async with self.ctx.session_pool() as session:
            await session.execute(
                update(NewsletterDelivery)
                .where(NewsletterDelivery.id == row_id)
                .values(
                    attempts=attempts,
                    last_error=error[:500],
                    next_attempt_at=self.ctx.clock.now() + backoff(attempts),
                    locked_by=None,
                    locked_until=None,
                )
                .execution_options(synchronize_session=False)
            )
            await session.commit()

    async def _release(self, row_id: int) -> None:
        async with self.ctx.session_pool() as session:
            await session.execute(
                update(NewsletterDelivery)
                .where(NewsletterDelivery.id == row_id, NewsletterDelivery.locked_by == self.ctx.owner)
                .values(locked_by=None, locked_until=None)
                .execution_options(synchronize_session=False)
            )
            await session.commit()

    # --- progress and the final report -----------------------------------------------

    async def report(self) -> None:
        now = self.ctx.clock.now()
        async with self.ctx.session_pool() as session:
            running = (
                await session.scalars(select(Newsletter).where(Newsletter.status == NewsletterStatus.SENDING))
            ).all()
            await session.commit()
        for newsletter in running:
            await self._report_one(newsletter, now)

    async def _report_one(self, newsletter: Newsletter, now: datetime) -> None:
        async with self.ctx.session_pool() as session:
            counts = await repo.delivery_counts(session, newsletter.id)
            finished = newsletter.materialized_at is not None and counts[DeliveryState.PENDING] == 0
            if finished:
                won = await session.execute(
                    update(Newsletter)
                    .where(Newsletter.id == newsletter.id, Newsletter.status == NewsletterStatus.SENDING)
                    .values(status=NewsletterStatus.DONE, finished_at=now, progress_at=now)
                    .execution_options(synchronize_session=False)
                )
                if won.rowcount != 1:  # type: ignore[attr-defined]
                    await session.commit()
                    return
                text = final_text(newsletter, counts)
                # The progress message shows it too, but an edit does not notify: the report is a message.
                await enqueue(
                    session,
                    chat_id=newsletter.author_chat_id,
                    method="sendMessage",
                    params={"text": text},
                    purpose="newsletter_report",
                    now=now,
                )
                await session.commit()
                self.ctx.signals.wake_from(session)
                self._content.pop(newsletter.id, None)
                await self._edit_progress(newsletter, text, final=True)
                return
            due = now - PROGRESS_EVERY
            won = await session.execute(
                update(Newsletter)
                .where(
                    Newsletter.id == newsletter.id,
                    or_(Newsletter.progress_at.is_(None), Newsletter.progress_at <= due),
                )
                .values(progress_at=now)
                .execution_options(synchronize_session=False)
            )
            await session.commit()
        if won.rowcount == 1:  # type: ignore[attr-defined]
            text = progress_text(
                newsletter, counts, rate=self.ctx.settings.newsletter_rate_per_second, now=now, tz=self.ctx.settings.tz
            )
            # Beside the next round, not before it: the edit waits for a slot like any send, and
            # a round that waited with it would leave the limiter idle (lost pace, not caught up).
            self.in_background(self._edit_progress(newsletter, text, final=False), "progress")

    async def _edit_progress(self, newsletter: Newsletter, text: str, *, final: bool) -> None:
        if newsletter.progress_message_id is None:
            return
        try:
            async with self.ctx.limiter.sending(newsletter.author_chat_id):
                await self.ctx.bot.edit_message_text(
                    text=text,
                    chat_id=newsletter.author_chat_id,
                    message_id=newsletter.progress_message_id,
                    reply_markup=None if final else stop(newsletter.id),
                )
        except TelegramRetryAfter as exc:
            self.ctx.limiter.pause(exc.retry_after)
        except TelegramAPIError as exc:  # "message is not modified", deleted by the author...
            log.debug("newsletter %s: progress not updated: %s", newsletter.id, exc)


def _message_id(result: object) -> int | None:
    value = getattr(result, "message_id", None)
    return int(value) if isinstance(value, int) else None
