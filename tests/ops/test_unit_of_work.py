"""Commit, then talk to Telegram: what a person reads has been committed, and a failed reply undoes nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from aiogram import Router
from aiogram.exceptions import TelegramBadRequest, TelegramServerError
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.methods import EditMessageText, SendMessage
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from bot.telegram_calls import TelegramCallGuard
from bot.texts import common as tc
from bot.texts import hotline as t
from core.ratelimit import RateLimiter
from core.signals import WorkerSignals
from storage.models import Consultation, ConsultationStatus, FsmRecord, OutboxMessage, OutboxState, Role
from tests.hotline.helpers import ask
from tests.support.client import TelegramClient
from tests.support.factories import create_user
from tests.support.mocked_bot import MockedBot
from tests.support.transaction_guard import GUARD, TEST_OWNED

OFFICIAL = 5001
LAWYER = 6001


@pytest.fixture
async def asked(client: TelegramClient, workers: Any, session_pool: Any) -> str:
    """An official asked a land question; the land lawyer was notified. Returns the lawyer's "take" button."""
    await create_user(session_pool, telegram_id=OFFICIAL, full_name="Олена Петренко")
    await create_user(session_pool, telegram_id=LAWYER, role=Role.LAWYER, full_name="Юрій Юрист", topics=["land"])
    await ask(client, "Чи можна передати земельну ділянку в оренду без аукціону?")
    notices = await workers.drain()
    take = [m for m in notices if getattr(m, "chat_id", None) == LAWYER and m.reply_markup is not None]
    assert take, "the lawyer was told of the new consultation"
    for row in take[-1].reply_markup.inline_keyboard:
        for button in row:
            if button.text == t.BTN_TAKE:
                return str(button.callback_data)
    raise AssertionError("no take button")


@pytest.fixture
def failing_commit() -> Iterator[list[int]]:
    """The next commit of a bot session fails (a lost connection, a full disk)."""
    failed: list[int] = []

    def fail(session: Session) -> None:
        if not session.info.get(TEST_OWNED) and not failed:
            failed.append(1)
            raise RuntimeError("commit failed: disk I/O error")

    event.listen(Session, "before_commit", fail)
    yield failed
    event.remove(Session, "before_commit", fail)


async def status_of(session_pool: Any, number: int = 1) -> ConsultationStatus:
    async with session_pool() as session:
        consultation = await session.get(Consultation, number)
        assert consultation is not None
        return consultation.status


async def test_a_failed_commit_tells_no_success(
    client: TelegramClient, session_pool: Any, asked: str, failing_commit: list[int]
) -> None:
    calls = await client.click(LAWYER, asked)
    assert failing_commit, "the take's commit was attempted and failed"
    assert t.TAKEN_BY_YOU.format(number=1) not in calls.text + " ".join(calls.alerts)
    assert tc.INTERNAL_ERROR in calls.alerts
    assert await status_of(session_pool) == ConsultationStatus.OPEN


async def test_a_reply_refused_for_a_while_is_delivered_later_and_the_take_holds(
    client: TelegramClient, bot: MockedBot, workers: Any, session_pool: Any, asked: str
) -> None:
    outage = TelegramServerError(method=SendMessage(chat_id=LAWYER, text=""), message="Bad Gateway")
    for _ in range(3):  # every try of the first message of the full view
        bot.session.fail_next(lambda m: isinstance(m, SendMessage) and m.chat_id == LAWYER, outage)
    calls = await client.click(LAWYER, asked)
    assert t.TAKEN_BY_YOU.format(number=1) in calls.alerts
    assert await status_of(session_pool) == ConsultationStatus.ASSIGNED  # committed before any reply
    async with session_pool() as session:
        queued = (await session.scalars(select(OutboxMessage).where(OutboxMessage.purpose == "reply"))).all()
    assert [m.chat_id for m in queued] == [LAWYER]
    sent = await workers.drain()
    assert any(getattr(m, "chat_id", None) == LAWYER and "Чи можна передати" in (m.text or "") for m in sent)
    async with session_pool() as session:
        row = await session.get(OutboxMessage, queued[0].id)
        assert row is not None and row.state == OutboxState.SENT
    # The official is told of the take (the notice is an outbox row committed with it).
    assert any(getattr(m, "chat_id", None) == OFFICIAL for m in sent)


async def test_message_is_not_modified_is_not_an_error(session_pool: Any) -> None:
    bot = MockedBot()
    guard = TelegramCallGuard(RateLimiter(1000, per_chat_interval=0), session_pool, _Clock(), WorkerSignals())
    guard.install(bot)
    guard.install(bot)  # once only
    assert sum(1 for m in bot.session.middleware if m is guard) == 1
    bot.session.fail_next(
        lambda m: isinstance(m, EditMessageText),
        TelegramBadRequest(method=EditMessageText(text="x"), message="Bad Request: message is not modified"),
    )
    assert await bot.edit_message_text("той самий текст", chat_id=OFFICIAL, message_id=7) is True


async def test_the_guard_catches_a_call_inside_a_transaction(session_pool: Any) -> None:
    bot = MockedBot()
    async with session_pool() as session:
        await session.scalar(select(Consultation.id).limit(1))
        assert session.in_transaction()
        with pytest.raises(AssertionError, match="inside an open database transaction"):
            await bot.send_message(OFFICIAL, "текст")
    found = GUARD.reset()
    assert len(found) == 1 and "SendMessage" in found[0]


class _Clock:
    def now(self) -> Any:
        from datetime import UTC, datetime

        return datetime.now(UTC)


async def test_a_persons_next_update_reads_the_state_this_one_wrote(dp: Any, client: TelegramClient) -> None:
    """The unit is committed inside the person's lock: an update waiting for it reads the committed state."""
    seen: list[str | None] = []
    probe = Router(name="probe")

    @probe.message(Command("probe_set"))
    async def set_state(message: Any, state: FSMContext) -> None:
        await state.set_state("probe:waiting")
        await asyncio.sleep(0.05)  # the next update arrives meanwhile and waits for the lock

    @probe.message(Command("probe_get"))
    async def get_state(message: Any, raw_state: str | None) -> None:
        seen.append(raw_state)

    dp.include_router(probe)
    dp.sub_routers.insert(0, dp.sub_routers.pop())  # before the bot's own routers (registration asks first)
    await asyncio.gather(client.send(OFFICIAL, "/probe_set"), client.send(OFFICIAL, "/probe_get"))
    assert seen == ["probe:waiting"]


async def test_a_shutdown_lets_the_updates_in_flight_finish(dp: Any, client: TelegramClient) -> None:
    finished: list[str] = []
    probe = Router(name="slow")

    @probe.message(Command("slow"))
    async def slow(message: Any) -> None:
        await asyncio.sleep(0.2)
        finished.append("slow")

    dp.include_router(probe)
    dp.sub_routers.insert(0, dp.sub_routers.pop())
    unit_of_work = dp["unit_of_work"]
    handling = asyncio.create_task(client.send(OFFICIAL, "/slow"))
    await asyncio.sleep(0.05)
    assert len(unit_of_work.in_flight) == 1
    assert await unit_of_work.finish_in_flight(0.01) == 1  # still going: told, not waited for
    assert await unit_of_work.finish_in_flight(5) == 0
    assert finished == ["slow"] and not unit_of_work.in_flight
    await handling


async def test_an_update_reads_the_persons_fsm_row_once(client: TelegramClient, engine: Any, session_pool: Any) -> None:
    """aiogram asks for the state and data several times per update; the database is read once."""
    await create_user(session_pool, telegram_id=OFFICIAL)
    await client.send(OFFICIAL, "Чи можна продати земельну ділянку?")  # the row now exists
    reads: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "fsm_records" in statement:
            reads.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        calls = await client.send(OFFICIAL, "А якщо ділянка в оренді?")
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert len(reads) == 1
    assert calls.buttons()  # offered again, with the topics
    async with session_pool() as session:
        (record,) = (await session.scalars(select(FsmRecord))).all()
    assert record.data["free_text"] == "А якщо ділянка в оренді?"  # kept: what was typed last
