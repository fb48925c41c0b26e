"""Privacy and authorisation: forged or stale callback data is refused, logged, and changes nothing."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.callbacks.hotline import ConsultationAction, ConsultationCb, HandoverCb, RatingCb
from bot.texts import hotline as t
from storage.models import Consultation, ConsultationEvent, ConsultationStatus, Role
from tests.hotline.helpers import LAWYER, OFFICIAL, ask, compose_and_send, load, press
from tests.support.client import TelegramClient
from tests.support.factories import create_user

OTHER_OFFICIAL = 5002
OTHER_TOPIC_LAWYER = 6003


@pytest.fixture
async def people(session_pool: Any) -> dict[str, Any]:
    return {
        "official": await create_user(session_pool, telegram_id=OFFICIAL, full_name="Олена Петренко"),
        "other": await create_user(session_pool, telegram_id=OTHER_OFFICIAL, full_name="Інший Посадовець"),
        "lawyer": await create_user(
            session_pool, telegram_id=LAWYER, role=Role.LAWYER, full_name="Юрій Юрист", topics=["land"]
        ),
        "budget_lawyer": await create_user(
            session_pool, telegram_id=OTHER_TOPIC_LAWYER, role=Role.LAWYER, full_name="Бюджетник", topics=["budget"]
        ),
    }


async def events_count(session_pool: Any) -> int:
    async with session_pool() as session:
        return int(await session.scalar(select(func.count()).select_from(ConsultationEvent)) or 0)


@pytest.mark.parametrize(
    ("who", "data"),
    [
        (OFFICIAL, ConsultationCb(action=ConsultationAction.TAKE, id=1)),  # an official cannot take
        (OTHER_OFFICIAL, ConsultationCb(action=ConsultationAction.TAKE, id=1)),
        (OTHER_TOPIC_LAWYER, ConsultationCb(action=ConsultationAction.TAKE, id=1)),  # not their topic
        (OTHER_OFFICIAL, ConsultationCb(action=ConsultationAction.OPEN, id=1)),  # someone else's consultation
        (OTHER_OFFICIAL, ConsultationCb(action=ConsultationAction.HISTORY, id=1)),
        (OTHER_OFFICIAL, ConsultationCb(action=ConsultationAction.REPLY, id=1)),
        (OTHER_OFFICIAL, ConsultationCb(action=ConsultationAction.FOLLOW_UP, id=1)),
        (OTHER_OFFICIAL, ConsultationCb(action=ConsultationAction.RESOLVED, id=1)),
        (OFFICIAL, ConsultationCb(action=ConsultationAction.ANSWER, id=1)),
        (OFFICIAL, ConsultationCb(action=ConsultationAction.CLOSE, id=1)),
        (OFFICIAL, ConsultationCb(action=ConsultationAction.RELEASE, id=1)),
        (OFFICIAL, HandoverCb(id=1, topic="budget")),
        (OTHER_OFFICIAL, RatingCb(id=1, stars=1)),
        (OFFICIAL, ConsultationCb(action=ConsultationAction.TAKE, id=999)),  # a number that does not exist
    ],
)
async def test_forged_callbacks_are_refused(
    client: TelegramClient,
    session_pool: Any,
    people: dict[str, Any],
    who: int,
    data: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await ask(client, "Питання про землю")
    before = await events_count(session_pool)
    with caplog.at_level(logging.WARNING):
        calls = await client.click(who, data.pack())
    assert calls.alerts and calls.alerts[0] in {
        t.NOT_YOURS,
        t.NOT_ASSIGNED_TO_YOU.format(consultation_id=1),
        t.NOT_FOUND,
        t.WRONG_STATE.format(status=t.STATUS[ConsultationStatus.OPEN]),
    }
    consultation = await load(session_pool)
    assert consultation.status == ConsultationStatus.OPEN and consultation.lawyer_id is None
    assert await events_count(session_pool) == before
    assert "Питання про землю" not in calls.text  # nothing of the question leaks


async def test_refusal_is_logged(
    client: TelegramClient, session_pool: Any, people: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    await ask(client, "Питання")
    with caplog.at_level(logging.WARNING):
        await client.click(OTHER_OFFICIAL, ConsultationCb(action=ConsultationAction.OPEN, id=1).pack())
    assert any("refused" in r.message and str(OTHER_OFFICIAL) in r.message for r in caplog.records)


async def test_garbage_callback_data_gets_a_stale_button_answer(client: TelegramClient, people: dict[str, Any]) -> None:
    calls = await client.click(OFFICIAL, "cs:zz:abc")
    assert calls.alerts and "застаріла" in calls.alerts[0]


async def test_lawyer_acts_only_on_what_is_assigned_to_them(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any]
) -> None:
    await ask(client, "Питання")
    await workers.drain()
    await press(client, LAWYER, t.BTN_TAKE)
    for action in (
        ConsultationAction.ANSWER,
        ConsultationAction.CLARIFY,
        ConsultationAction.RELEASE,
        ConsultationAction.CLOSE,
        ConsultationAction.HANDOVER,
    ):
        calls = await client.click(OTHER_TOPIC_LAWYER, ConsultationCb(action=action, id=1).pack())
        assert calls.alerts, action
    consultation = await load(session_pool)
    assert consultation.lawyer_id == people["lawyer"].id and consultation.status == ConsultationStatus.ASSIGNED


async def test_official_sees_only_their_own_list(client: TelegramClient, people: dict[str, Any]) -> None:
    await ask(client, "Моє питання")
    calls = await client.send(OTHER_OFFICIAL, "/my")
    assert "№1" not in calls.text and t.MY_EMPTY in calls.text


async def test_a_state_change_after_a_stale_button_is_refused(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any]
) -> None:
    """The buttons of the card stay on screen after the answer: pressed, they change nothing."""
    await ask(client, "Питання")
    await workers.drain()
    await press(client, LAWYER, t.BTN_TAKE)
    await press(client, LAWYER, t.BTN_ANSWER)
    await compose_and_send(client, LAWYER, "Відповідь")
    calls = await press(client, LAWYER, t.BTN_RELEASE)
    assert t.WRONG_STATE.format(consultation_id=1, status=ConsultationStatus.ANSWERED) in calls.alerts
    assert calls.alerts == ["На звернення №1 уже надано відповідь."]
    async with session_pool() as session:
        assert (await session.get(Consultation, 1)).status == ConsultationStatus.ANSWERED  # type: ignore[union-attr]
