"""Every button of the hot line pressed twice: the second press gets a short alert and changes nothing.

The buttons are enumerated from the keyboard builders (`bot/keyboards/hotline.py`): a new
kind of button fails `test_every_button_has_a_double_tap_scenario` until it gets one here.
Buttons that only show something (`kb.SHOWS_ONLY`) may show it twice, and change nothing either.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.callbacks.answers import AnswerCb
from bot.callbacks.hotline import ConsultationCb, DraftCb, HandoverCb, RatingCb, TopicCb
from bot.keyboards import hotline as kb
from bot.texts import answers as answers_texts
from bot.texts import common as tc
from bot.texts import hotline as t
from knowledge.loader import default_knowledge
from services.hotline.draft import Purpose
from services.text import ALERT_LIMIT, tg_len
from storage.models import Consultation, ConsultationEvent, ConsultationStatus, FsmRecord, OutboxMessage, Role, User
from tests.hotline.helpers import (
    LAWYER,
    LAWYER2,
    OFFICIAL,
    ask,
    compose,
    compose_and_send,
    press,
    screen,
    start_question,
)
from tests.support.client import TelegramClient
from tests.support.double_tap import Scenarios, builder_kinds, builders
from tests.support.factories import create_user

# --- the buttons the builders make ------------------------------------------------------------------

_SAMPLE_CONSULTATION = Consultation(id=1, topic_code="land", status=ConsultationStatus.ASSIGNED)
_SAMPLES: dict[str, list[Any]] = {
    "knowledge": [default_knowledge()],
    "consultation_id": [1],
    "consultation": [_SAMPLE_CONSULTATION],
    "consultations": [[_SAMPLE_CONSULTATION]],
    "lawyers": [[User(id=2, telegram_id=2, full_name="Коваль Олена Петрівна")]],
    "status": list(ConsultationStatus),
    "purpose": list(Purpose),
    "step": [True, False],
    "back": [True, False],
    "done": [True, False],
}


def kind_of(data: str) -> str:
    """A button's kind: its callback class and action, without the ids."""
    if data.startswith(TopicCb.__prefix__ + ":"):
        return "topic"
    if data.startswith(DraftCb.__prefix__ + ":"):
        return f"draft:{DraftCb.unpack(data).action.name}"
    if data.startswith(ConsultationCb.__prefix__ + ":"):
        return f"consultation:{ConsultationCb.unpack(data).action.name}"
    if data.startswith(RatingCb.__prefix__ + ":"):
        return "rating"
    if data.startswith(HandoverCb.__prefix__ + ":"):
        return "handover:lawyer" if HandoverCb.unpack(data).lawyer else "handover:topic"
    if data.startswith(AnswerCb.__prefix__ + ":"):  # the base of answers' buttons on the lawyer's card
        return f"answers:{AnswerCb.unpack(data).action.name}"
    raise AssertionError(f"a button of another feature: {data}")


def button_kinds() -> set[str]:
    return builder_kinds(builders(kb), _SAMPLES, kind_of)


SHOWS_ONLY = {f"consultation:{action.name}" for action in kb.SHOWS_ONLY} | {"answers:SIMILAR", "answers:TEMPLATES"}

# --- scenarios: how each button comes to be pressed -----------------------------------------------------

Scenario = Callable[[TelegramClient, Any], Awaitable[tuple[int, str]]]
SCENARIOS: Scenarios[Scenario] = Scenarios()
scenario = SCENARIOS.of


async def _shown(client: TelegramClient, user_id: int, label: str) -> tuple[int, str]:
    """The newest button with `label` shown to `user_id` (to press twice)."""
    for text, data in reversed(screen(client, user_id).buttons()):
        if label in text and data:
            return user_id, data
    raise AssertionError(f"no {label!r} shown to {user_id}")


async def _preview(client: TelegramClient, workers: Any) -> None:
    await start_question(client)
    await compose(client, OFFICIAL, "Питання про землю")


async def _taken(client: TelegramClient, workers: Any) -> None:
    await ask(client, "Питання про землю")
    await workers.drain()
    await press(client, LAWYER, t.BTN_TAKE)


async def _answered(client: TelegramClient, workers: Any) -> None:
    await _taken(client, workers)
    await press(client, LAWYER, t.BTN_ANSWER)
    await compose_and_send(client, LAWYER, "Відповідь")
    await workers.drain()


@scenario("topic")
async def _topic(client: TelegramClient, workers: Any) -> tuple[int, str]:
    await client.send(OFFICIAL, "/ask")
    return await _shown(client, OFFICIAL, "Земельні")


@scenario("draft:DONE")
async def _done(client: TelegramClient, workers: Any) -> tuple[int, str]:
    await start_question(client)
    await client.send(OFFICIAL, "Питання")
    return await _shown(client, OFFICIAL, t.BTN_DONE)


@scenario("draft:BACK")
async def _back(client: TelegramClient, workers: Any) -> tuple[int, str]:
    await start_question(client)
    return await _shown(client, OFFICIAL, tc.BTN_BACK)


@scenario("draft:SEND")
async def _send(client: TelegramClient, workers: Any) -> tuple[int, str]:
    await _preview(client, workers)
    return await _shown(client, OFFICIAL, t.BTN_SEND)


@scenario("draft:EDIT")
async def _edit(client: TelegramClient, workers: Any) -> tuple[int, str]:
    await _preview(client, workers)
    return await _shown(client, OFFICIAL, t.BTN_EDIT)


@scenario("draft:TOPIC")
async def _change_topic(client: TelegramClient, workers: Any) -> tuple[int, str]:
    await _preview(client, workers)
    return await _shown(client, OFFICIAL, t.BTN_TOPIC)


@scenario("draft:DISCARD")
async def _discard(client: TelegramClient, workers: Any) -> tuple[int, str]:
    await _preview(client, workers)
    return await _shown(client, OFFICIAL, tc.BTN_CANCEL)


@scenario("draft:RESUME")
async def _resume(client: TelegramClient, workers: Any) -> tuple[int, str]:
    await start_question(client)
    await client.send(OFFICIAL, "Питання")
    await client.send(OFFICIAL, "/start")
    return await _shown(client, OFFICIAL, tc.BTN_CONTINUE)


@scenario("consultation:TAKE")
async def _take(client: TelegramClient, workers: Any) -> tuple[int, str]:
    await ask(client, "Питання про землю")
    await workers.drain()
    return await _shown(client, LAWYER, t.BTN_TAKE)


async def _lawyer_button(client: TelegramClient, workers: Any, label: str) -> tuple[int, str]:
    await _taken(client, workers)
    return await _shown(client, LAWYER, label)


@scenario("consultation:ANSWER")
async def _answer(client: TelegramClient, workers: Any) -> tuple[int, str]:
    return await _lawyer_button(client, workers, t.BTN_ANSWER)


@scenario("consultation:CLARIFY")
async def _clarify(client: TelegramClient, workers: Any) -> tuple[int, str]:
    return await _lawyer_button(client, workers, t.BTN_CLARIFY)


@scenario("consultation:HANDOVER")
async def _handover(client: TelegramClient, workers: Any) -> tuple[int, str]:
    return await _lawyer_button(client, workers, t.BTN_HANDOVER)


@scenario("consultation:RELEASE")
async def _release(client: TelegramClient, workers: Any) -> tuple[int, str]:
    return await _lawyer_button(client, workers, t.BTN_RELEASE)


@scenario("consultation:CLOSE")
async def _close(client: TelegramClient, workers: Any) -> tuple[int, str]:
    return await _lawyer_button(client, workers, t.BTN_CLOSE)


@scenario("consultation:HISTORY")
async def _history(client: TelegramClient, workers: Any) -> tuple[int, str]:
    return await _lawyer_button(client, workers, t.BTN_HISTORY)


@scenario("answers:SIMILAR")
async def _similar(client: TelegramClient, workers: Any) -> tuple[int, str]:
    return await _lawyer_button(client, workers, answers_texts.BTN_SIMILAR)


@scenario("answers:TEMPLATES")
async def _templates(client: TelegramClient, workers: Any) -> tuple[int, str]:
    return await _lawyer_button(client, workers, answers_texts.BTN_TEMPLATES)


@scenario("answers:PUBLISH")
async def _publish(client: TelegramClient, workers: Any) -> tuple[int, str]:
    await _answered(client, workers)
    return await _shown(client, LAWYER, answers_texts.BTN_PUBLISH)


@scenario("consultation:BUTTONS")
async def _handover_back(client: TelegramClient, workers: Any) -> tuple[int, str]:
    await _taken(client, workers)
    await press(client, LAWYER, t.BTN_HANDOVER)
    return await _shown(client, LAWYER, tc.BTN_BACK)


@scenario("handover:lawyer")
async def _to_lawyer(client: TelegramClient, workers: Any) -> tuple[int, str]:
    await _taken(client, workers)
    await press(client, LAWYER, t.BTN_HANDOVER)
    return await _shown(client, LAWYER, "Марія Правник")


@scenario("handover:topic")
async def _to_topic(client: TelegramClient, workers: Any) -> tuple[int, str]:
    await _taken(client, workers)
    await press(client, LAWYER, t.BTN_HANDOVER)
    return await _shown(client, LAWYER, default_knowledge().topic_title("budget"))


@scenario("consultation:OPEN")
async def _open(client: TelegramClient, workers: Any) -> tuple[int, str]:
    await ask(client, "Питання про землю")
    await client.send(OFFICIAL, "/my")
    return await _shown(client, OFFICIAL, t.BTN_OPEN.format(number=1))


@scenario("consultation:REPLY")
async def _reply(client: TelegramClient, workers: Any) -> tuple[int, str]:
    await _taken(client, workers)
    await press(client, LAWYER, t.BTN_CLARIFY)
    await compose_and_send(client, LAWYER, "Яка площа?")
    await workers.drain()
    return await _shown(client, OFFICIAL, t.BTN_REPLY_CLARIFY)


@scenario("consultation:RESOLVED")
async def _resolved(client: TelegramClient, workers: Any) -> tuple[int, str]:
    await _answered(client, workers)
    return await _shown(client, OFFICIAL, t.BTN_RESOLVED)


@scenario("consultation:FOLLOW_UP")
async def _follow_up(client: TelegramClient, workers: Any) -> tuple[int, str]:
    await _answered(client, workers)
    return await _shown(client, OFFICIAL, t.BTN_FOLLOW_UP)


@scenario("rating")
async def _rating(client: TelegramClient, workers: Any) -> tuple[int, str]:
    await _answered(client, workers)
    await press(client, OFFICIAL, t.BTN_RESOLVED)
    return await _shown(client, OFFICIAL, t.BTN_RATING.format(stars=5))


# --- the test -------------------------------------------------------------------------------------------


def test_every_button_has_a_double_tap_scenario() -> None:
    kinds = button_kinds()
    assert kinds == set(SCENARIOS), "every kind of button needs a scenario here (and no scenario is left over)"
    assert len(kinds) >= 20  # the enumeration found the buttons


@pytest.fixture
async def people(session_pool: Any) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL, full_name="Петренко Олена Іванівна")
    await create_user(session_pool, telegram_id=LAWYER, role=Role.LAWYER, full_name="Юрій Юрист", topics=["land"])
    await create_user(session_pool, telegram_id=LAWYER2, role=Role.LAWYER, full_name="Марія Правник")


async def snapshot(session_pool: Any) -> tuple[Any, ...]:
    """What a press could change: the consultations, their events, messages queued, dialogs in progress."""
    async with session_pool() as session:
        consultations = (await session.scalars(select(Consultation).order_by(Consultation.id))).all()
        rows = [(c.id, c.status, c.version, c.lawyer_id, c.topic_code, c.rating) for c in consultations]
        events = await session.scalar(select(func.count()).select_from(ConsultationEvent))
        outbox = await session.scalar(select(func.count()).select_from(OutboxMessage))
        dialogs = [(r.key, r.state, r.data) for r in (await session.scalars(select(FsmRecord))).all()]
    return rows, events, outbox, sorted(dialogs, key=lambda d: d[0])


SENDS = ("SendMessage", "SendDocument", "SendPhoto")


@pytest.mark.parametrize("kind", sorted(SCENARIOS))
async def test_a_second_press_changes_nothing(
    kind: str, client: TelegramClient, workers: Any, session_pool: Any, people: None, clock: Any
) -> None:
    user_id, data = await SCENARIOS[kind](client, workers)
    message_id, _ = client.shown.get(data, (None, ""))  # both presses on the same message (notices: unknown)
    first = await client.click(user_id, data, message_id=message_id)
    assert first.items, "the first press did something"
    await workers.drain()
    before = await snapshot(session_pool)
    clock.advance(minutes=5)  # a moment later: any new row would differ
    second = await client.click(user_id, data, message_id=message_id)
    await workers.drain()
    assert await snapshot(session_pool) == before
    if kind in SHOWS_ONLY:
        return
    assert not [m for m in second.items if type(m).__name__ in SENDS], "nothing is sent again"
    assert len(second.alerts) == 1 and tg_len(second.alerts[0]) <= ALERT_LIMIT
    assert not any(word in second.alerts[0] for word in ("Error", "error", "Exception", "None")), second.alerts
