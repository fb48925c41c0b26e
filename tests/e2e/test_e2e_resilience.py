"""The real bot process survives Bot API outages and delivers what it owes when Telegram is back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import OutboxMessage, OutboxState, User
from storage.repositories import outbox
from tests.e2e.conftest import StartBot
from tests.e2e.harness import BotProcess, eventually
from tests.support.factories import create_user
from tests.support.fake_bot_api import FakeBotAPI

# The outbox and polling code is the same on both backends: SQLite only, to spare a slow process start.
pytestmark = [pytest.mark.e2e, pytest.mark.sqlite_only]

CHAT = 5201
BLOCKED = 5202


async def queue_message(pool: async_sessionmaker[AsyncSession], text: str, chat_id: int = CHAT) -> int:
    """An outbox row, as a handler would commit it: the running bot's worker must deliver it."""
    async with pool() as session:
        row = await outbox.enqueue(
            session,
            chat_id=chat_id,
            method="sendMessage",
            params={"text": text},
            purpose="e2e",
            now=datetime.now(UTC),
        )
        await session.commit()
        return row.id


async def outbox_row(pool: async_sessionmaker[AsyncSession], row_id: int) -> OutboxMessage:
    async with pool() as session:
        row = await session.get(OutboxMessage, row_id)
        assert row is not None
        return row


async def failed_attempts(pool: async_sessionmaker[AsyncSession], row_id: int) -> int:
    return (await outbox_row(pool, row_id)).attempts


async def settled(pool: async_sessionmaker[AsyncSession], row_id: int) -> OutboxMessage:
    """The row once the worker has recorded the outcome (it does so after Telegram answered)."""

    async def check() -> OutboxMessage | None:
        row = await outbox_row(pool, row_id)
        return row if row.state != OutboxState.PENDING else None

    return await eventually(check, what=f"outbox row {row_id} to be sent or given up")


async def wait_for_log(bot: BotProcess, needle: str) -> None:
    async def seen() -> bool:
        return needle in bot.stderr

    await eventually(seen, timeout=90, what=f"{needle!r} in the bot's log")  # includes the start-up


async def test_outages_and_errors_from_the_bot_api(
    fake_api: FakeBotAPI, start_bot: StartBot, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    # Telegram is unreachable when the bot starts: it waits instead of exiting.
    await fake_api.go_down("refused")
    bot = await start_bot(wait=False)
    await wait_for_log(bot, "Bot API unreachable")
    first = await queue_message(session_pool, "queued while Telegram was down")
    await fake_api.come_back()
    await bot.wait_polling(fake_api)
    await fake_api.wait_for_message(CHAT, "queued while Telegram was down", timeout=20)

    # Mid-run outages: connection refused, 502 from the front end (HTML body), 502 JSON.
    for mode in ("refused", "502-html", "502"):
        await fake_api.go_down(mode)
        row_id = await queue_message(session_pool, f"sent after a {mode} outage")
        await eventually(lambda row_id=row_id: failed_attempts(session_pool, row_id), what=f"a failed try ({mode})")
        assert fake_api.messages_to(CHAT)[-1].body != f"sent after a {mode} outage"
        await fake_api.come_back()
        await fake_api.wait_for_message(CHAT, f"sent after a {mode} outage", timeout=30)
        row = await settled(session_pool, row_id)
        assert row.state == OutboxState.SENT and row.attempts >= 1, (mode, row.state, row.attempts, row.last_error)

    # The bot still takes updates after the outages.
    user = fake_api.user(CHAT)
    user.send("/help")
    await user.expect("Асоціації міст України", timeout=20)
    assert bot.running
    assert (await settled(session_pool, first)).state == OutboxState.SENT

    # One-off errors, in the same run (each bot start costs seconds).
    before = len(fake_api.calls("sendMessage", chat_id=CHAT))
    # A 5xx: retried with backoff.
    fake_api.fail(500, method="sendMessage", chat_id=CHAT, times=1)
    row_id = await queue_message(session_pool, "after one 500")
    await fake_api.wait_for_message(CHAT, "after one 500", timeout=20)
    row = await settled(session_pool, row_id)
    assert (row.state, row.attempts) == (OutboxState.SENT, 1)

    # A 429: waits retry_after; it is not a failed attempt.
    fake_api.retry_after(1, method="sendMessage", chat_id=CHAT, times=1)
    row_id = await queue_message(session_pool, "after a 429")
    await fake_api.wait_for_message(CHAT, "after a 429", timeout=20)
    row = await settled(session_pool, row_id)
    assert (row.state, row.attempts) == (OutboxState.SENT, 0)
    assert [r.status for r in fake_api.calls("sendMessage", chat_id=CHAT)[before:]] == [500, 200, 429, 200]

    # A user who blocked the bot (403): marked, the message is not retried.
    official = await create_user(session_pool, telegram_id=BLOCKED)
    fake_api.block(BLOCKED)
    row_id = await queue_message(session_pool, "to a user who blocked the bot", chat_id=BLOCKED)
    row = await settled(session_pool, row_id)
    assert row.state == OutboxState.BLOCKED
    assert [r.status for r in fake_api.calls("sendMessage", chat_id=BLOCKED)] == [403]
    async with session_pool() as session:
        user = await session.scalar(select(User).where(User.id == official.id))
    assert user is not None and user.blocked_bot_at is not None
