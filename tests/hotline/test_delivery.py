"""Answers that cannot be delivered: a blocked bot (403) is recorded, an outage (5xx, network) is retried."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.exceptions import TelegramForbiddenError, TelegramNetworkError, TelegramServerError
from aiogram.methods import SendMessage
from sqlalchemy import select

from bot.callbacks.hotline import ConsultationAction, ConsultationCb
from bot.factory import create_dispatcher
from bot.fsm_storage import SqlStorage
from bot.texts import hotline as t
from storage.models import ConsultationEvent, EventKind, OutboxMessage, OutboxState, Role, User
from tests.conftest import ADMIN_ID
from tests.hotline.helpers import (
    LAWYER,
    OFFICIAL,
    ask,
    compose_and_send,
    load,
    press,
    sent_to,
    start_question,
    topic_title,
)
from tests.support.client import Calls, TelegramClient
from tests.support.factories import create_user
from workers.outbox import outbox_method

_FAKE = SendMessage(chat_id=OFFICIAL, text="x")


@pytest.fixture
async def people(session_pool: Any) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL, full_name="Олена Петренко")
    await create_user(session_pool, telegram_id=LAWYER, role=Role.LAWYER, full_name="Юрій Юрист")


def to_official(method: Any) -> bool:
    return getattr(method, "chat_id", None) == OFFICIAL


async def lawyer_writes(client: TelegramClient, workers: Any, button: str, text: str) -> Calls:
    """A question asked and taken; the lawyer writes `text` with `button` (answer or clarify): what the lawyer reads."""
    await ask(client, "Питання")
    await workers.drain()
    await press(client, LAWYER, t.BTN_TAKE)
    await workers.drain()
    await press(client, LAWYER, button)
    return await compose_and_send(client, LAWYER, text)


async def answer_question(client: TelegramClient, workers: Any) -> None:
    await lawyer_writes(client, workers, t.BTN_ANSWER, "Відповідь юриста")


async def test_blocked_official_is_recorded_on_the_consultation(
    client: TelegramClient, workers: Any, session_pool: Any, bot: Any, people: None
) -> None:
    await answer_question(client, workers)
    bot.session.fail_next(
        to_official, TelegramForbiddenError(method=_FAKE, message="Forbidden: bot was blocked by the user")
    )
    await workers.drain()
    consultation = await load(session_pool)
    assert consultation.answer_undelivered is True
    async with session_pool() as session:
        official = await session.scalar(select(User).where(User.telegram_id == OFFICIAL))
        failed = await session.scalars(
            select(ConsultationEvent).where(ConsultationEvent.kind == EventKind.DELIVERY_FAILED)
        )
        blocked = await session.scalars(select(OutboxMessage).where(OutboxMessage.state == OutboxState.BLOCKED))
        assert official is not None and official.blocked_bot_at is not None
        assert len(failed.all()) == 1 and len(blocked.all()) == 1
    # The lawyer sees it on the card (no list shows an answered consultation to its lawyer: the data is forged).
    calls = await client.click(LAWYER, ConsultationCb(action=ConsultationAction.OPEN, id=1).pack())
    assert t.UNDELIVERED_MARK.strip() in calls.text


async def set_phone(session_pool: Any, telegram_id: int, phone: str) -> None:
    async with session_pool() as session:
        user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
        assert user is not None
        user.phone = phone
        await session.commit()


def blocked() -> TelegramForbiddenError:
    return TelegramForbiddenError(method=_FAKE, message="Forbidden: bot was blocked by the user")


async def test_the_lawyer_and_the_admins_are_told_and_the_queue_lists_it(
    client: TelegramClient, workers: Any, session_pool: Any, bot: Any, people: None
) -> None:
    await set_phone(session_pool, OFFICIAL, "+380501234567")
    calls = await lawyer_writes(client, workers, t.BTN_ANSWER, "Відповідь юриста")
    # Not "sent": handed over for sending (the outbox delivers it, or reports it could not).
    assert calls.texts[-1] == t.ANSWER_SENT.format(number=1) and "передано до надсилання" in calls.texts[-1]
    for _ in range(2):  # the answer and the question whether it helped: both bounce
        bot.session.fail_next(to_official, blocked())
    sent = await workers.drain()
    told = sent_to(sent, LAWYER)
    assert told.texts == [
        t.UNDELIVERED_TO_LAWYER.format(
            what=t.UNDELIVERED_YOUR_ANSWER,
            number=1,
            topic=topic_title("land"),
            official="Олена Петренко",
            phone=t.UNDELIVERED_PHONE.format(phone="+380501234567"),
        )
    ]  # once, though two messages bounced
    admin = sent_to(sent, ADMIN_ID).text
    assert t.UNDELIVERED_ANSWER in admin and "Юрист: Юрій Юрист" in admin and "+380501234567" in admin

    # In /queue, where the lawyer can act: with the phone to call.
    calls = await client.send(LAWYER, "/queue")
    assert t.UNDELIVERED_HEADER.format(count=1) in calls.texts[0] and "№1" in calls.texts[0]
    assert "Тел.: +380501234567" in calls.texts[0]
    calls = await client.click(LAWYER, calls.button(t.BTN_OPEN.format(number=1)))
    assert t.UNDELIVERED_MARK.strip() in calls.text and "Тел.: +380501234567" in calls.text
    # The notice opens the same card.
    calls = await client.click(LAWYER, told.button(t.BTN_OPEN.format(number=1)))
    assert t.UNDELIVERED_MARK.strip() in calls.text
    # Closed, it leaves the list.
    await press(client, LAWYER, t.BTN_CLOSE)
    calls = await client.send(LAWYER, "/queue")
    assert "Не доставлено" not in calls.text


async def test_an_undelivered_clarification_request_is_reported_without_a_phone(
    client: TelegramClient, workers: Any, session_pool: Any, bot: Any, people: None
) -> None:
    calls = await lawyer_writes(client, workers, t.BTN_CLARIFY, "Яка площа?")
    assert "передано до надсилання" in calls.text
    bot.session.fail_next(to_official, blocked())
    told = sent_to(await workers.drain(), LAWYER).text
    assert told.startswith(f"⚠️ {t.UNDELIVERED_YOUR_CLARIFICATION} на звернення <b>№1</b>")
    assert t.UNDELIVERED_NO_PHONE in told


async def test_a_delivered_answer_tells_nobody(
    client: TelegramClient, workers: Any, session_pool: Any, bot: Any, people: None
) -> None:
    await answer_question(client, workers)
    sent = await workers.drain()
    assert "не доставлено" not in sent_to(sent, LAWYER).text and sent_to(sent, ADMIN_ID).text == ""
    calls = await client.send(LAWYER, "/queue")
    assert "Не доставлено" not in calls.text


@pytest.mark.parametrize(
    "fault",
    [
        TelegramServerError(method=_FAKE, message="Bad Gateway"),
        TelegramNetworkError(method=_FAKE, message="Connection refused"),
    ],
)
async def test_answer_is_kept_and_sent_when_telegram_is_back(
    client: TelegramClient, workers: Any, session_pool: Any, bot: Any, clock: Any, people: None, fault: Exception
) -> None:
    await answer_question(client, workers)
    for _ in range(3):
        bot.session.fail_next(to_official, fault)
    await workers.drain()
    async with session_pool() as session:
        pending = (
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.state == OutboxState.PENDING).order_by(OutboxMessage.id)
            )
        ).all()
    # The answer was tried; the message queued after it to the same chat waits behind it, untried.
    assert len(pending) == 2 and pending[0].attempts >= 1 and pending[1].attempts == 0
    # Each retry waits longer; after the outage everything goes out exactly once.
    for _ in range(4):
        clock.advance(minutes=10)
        await workers.drain()
    answers = [
        r for r in bot.session.requests if to_official(r) and "Відповідь юриста" in (getattr(r, "text", "") or "")
    ]
    async with session_pool() as session:
        rows = (await session.scalars(select(OutboxMessage))).all()
    assert {m.state for m in rows} == {OutboxState.SENT}
    # The answer is a notice (data) until the outbox renders it: read it as it is sent.
    answer_row = next(m for m in rows if "Відповідь юриста" in (getattr(outbox_method(m), "text", None) or ""))
    assert answer_row.attempts >= 1
    assert len(answers) == answer_row.attempts + 1  # the failed attempts, then one delivery
    assert (await load(session_pool)).answer_undelivered is False


async def test_half_typed_question_survives_a_restart(
    client: TelegramClient, session_pool: Any, settings: Any, knowledge: Any, clock: Any, bot: Any, people: None
) -> None:
    await start_question(client)
    await client.send(OFFICIAL, "Половина питання, набрана до перезапуску")
    # A new dispatcher on the same database, as after `python -m bot` restarts.
    restarted = TelegramClient(create_dispatcher(settings, session_pool, knowledge, clock=clock), bot)
    assert isinstance(restarted.dp.storage, SqlStorage)
    calls = await restarted.send(OFFICIAL, "і друга половина")
    calls = await restarted.click(OFFICIAL, calls.button(t.BTN_DONE))
    assert "Половина питання, набрана до перезапуску" in calls.text and "і друга половина" in calls.text


async def test_half_typed_question_survives_a_restart_with_redis(
    session_pool: Any, db_url: str, redis_url: str, knowledge: Any, clock: Any, bot: Any, people: None
) -> None:
    import uuid

    from aiogram.fsm.storage.redis import RedisStorage

    from tests.conftest import make_settings

    settings = make_settings(db_url, redis_url=redis_url)
    first = create_dispatcher(settings, session_pool, knowledge, clock=clock)
    assert isinstance(first.storage, RedisStorage)
    # Keys of this test only, so that parallel runs never share a state.
    prefix = f"amu_test_{uuid.uuid4().hex[:8]}"
    first.storage.key_builder.prefix = prefix  # type: ignore[attr-defined]
    client = TelegramClient(first, bot)
    await start_question(client)
    await client.send(OFFICIAL, "Питання в Redis")
    await first.storage.close()

    second = create_dispatcher(settings, session_pool, knowledge, clock=clock)
    second.storage.key_builder.prefix = prefix  # type: ignore[attr-defined]
    calls = await TelegramClient(second, bot).send(OFFICIAL, t.BTN_DONE)
    assert "Питання в Redis" in calls.text
    await second.storage.close()
