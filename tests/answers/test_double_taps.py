"""The template buttons of the base of answers (bot/keyboards/answers.py) pressed twice: the second press
changes nothing, sends nothing; one-shot buttons get a short alert, the others show the same screen.

The kinds are enumerated from the keyboard builders: a new kind of template button fails
`test_every_template_button_has_a_double_tap_scenario` until it gets a scenario here. The other buttons of
the module (suggestions, search, publishing) are pressed twice elsewhere or not yet: `NOT_HERE` names them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiogram import Dispatcher
from sqlalchemy import func, select

from bot.callbacks.answers import AnswerCb, AnswerRateCb, AnswerTopicCb, IntoDraftCb, SuggestionCb, TemplateCb
from bot.callbacks.hotline import DraftCb
from bot.keyboards import answers as kb
from bot.texts import answers as ta
from knowledge.loader import default_knowledge
from storage.models import AnswerTemplate, AnswerTemplateEvent, OutboxMessage
from tests.answers.test_bot import people
from tests.hotline.helpers import LAWYER
from tests.support.client import TelegramClient
from tests.support.double_tap import Scenarios, builder_kinds, builders, double_tap
from tests.support.mocked_bot import MockedBot

_SAMPLES: dict[str, list[Any]] = {
    "answer_ids": [[1, 2]],
    "answer_id": [1],
    "published": [True, False],
    "knowledge": [default_knowledge()],
    "counts": [{"land": 1}],
    "topic": ["land"],
    "page": [0],
    "more": [True],
    "consultation_id": [1],
    "items": [[(1, "Оренда")]],
    "template_id": [1],
}


def kind_of(data: str) -> str:
    if data.startswith(TemplateCb.__prefix__ + ":"):
        return f"template:{TemplateCb.unpack(data).action.name}"
    for other in (AnswerCb, SuggestionCb, AnswerRateCb, AnswerTopicCb, IntoDraftCb, DraftCb):
        if data.startswith(other.__prefix__ + ":"):
            return f"not here:{other.__name__}"
    raise AssertionError(f"a button of another feature: {data}")


# Pressed twice in tests/hotline/test_double_taps.py (the lawyer's card) or not yet (a known gap).
NOT_HERE = {
    f"not here:{cb.__name__}" for cb in (AnswerCb, SuggestionCb, AnswerRateCb, AnswerTopicCb, IntoDraftCb, DraftCb)
}
# Buttons that only show a screen (in place): pressed twice, the same screen.
SHOWS_ONLY = {"template:LIST", "template:OPEN", "template:RETIRE", "template:RETIRE_NO"}

Scenario = Callable[[TelegramClient], Awaitable[str]]
SCENARIOS: Scenarios[Scenario] = Scenarios()
scenario = SCENARIOS.of


async def _card(client: TelegramClient) -> Any:
    await client.send(LAWYER, "/template land Оренда | Відповідно до статті 134 Земельного кодексу")
    listed = await client.send(LAWYER, "/templates")
    return await client.click(LAWYER, listed.button(ta.BTN_TEMPLATE_ITEM.format(n=1, title="Оренда")))


@scenario("template:LIST")
async def _list(client: TelegramClient) -> str:
    return str((await _card(client)).button(ta.BTN_ALL_TEMPLATES))


@scenario("template:OPEN")
async def _open(client: TelegramClient) -> str:
    await client.send(LAWYER, "/template land Оренда | Відповідно до статті 134 Земельного кодексу")
    return (await client.send(LAWYER, "/templates")).button(ta.BTN_TEMPLATE_ITEM.format(n=1, title="Оренда"))


@scenario("template:NEW")
async def _new(client: TelegramClient) -> str:
    return (await client.send(LAWYER, "/templates")).button(ta.BTN_NEW_TEMPLATE)


@scenario("template:TEXT")
async def _text(client: TelegramClient) -> str:
    return str((await _card(client)).button(ta.BTN_TEMPLATE_TEXT))


@scenario("template:TITLE")
async def _title(client: TelegramClient) -> str:
    return str((await _card(client)).button(ta.BTN_TEMPLATE_TITLE))


@scenario("template:RETIRE")
async def _retire(client: TelegramClient) -> str:
    return str((await _card(client)).button(ta.BTN_TEMPLATE_RETIRE))


async def _asked(client: TelegramClient) -> Any:
    return await client.click(LAWYER, (await _card(client)).button(ta.BTN_TEMPLATE_RETIRE))


@scenario("template:RETIRE_YES")
async def _retire_yes(client: TelegramClient) -> str:
    return str((await _asked(client)).button(ta.BTN_TEMPLATE_RETIRE_YES))


@scenario("template:RETIRE_NO")
async def _retire_no(client: TelegramClient) -> str:
    return str((await _asked(client)).button(ta.BTN_TEMPLATE_RETIRE_NO))


def test_every_template_button_has_a_double_tap_scenario() -> None:
    kinds = builder_kinds(builders(kb), _SAMPLES, kind_of)
    assert kinds - NOT_HERE == set(SCENARIOS)
    assert kinds >= NOT_HERE  # the enumeration found the module's other buttons too


async def snapshot(pool: Any, dp: Dispatcher, bot: MockedBot) -> Any:
    async with pool() as session:
        counts = [
            await session.scalar(select(func.count()).select_from(model))
            for model in (AnswerTemplate, AnswerTemplateEvent, OutboxMessage)
        ]
        retired = list(await session.scalars(select(AnswerTemplate.retired).order_by(AnswerTemplate.id)))
    context = dp.fsm.get_context(bot=bot, chat_id=LAWYER, user_id=LAWYER)
    return counts, retired, await context.get_state(), await context.get_data()


@pytest.mark.parametrize("kind", sorted(SCENARIOS))
async def test_a_second_press_does_nothing_twice(
    kind: str, client: TelegramClient, dp: Dispatcher, bot: MockedBot, session_pool: Any
) -> None:
    await people(session_pool)
    data = await SCENARIOS[kind](client)
    assert kind_of(data) == kind
    await double_tap(client, LAWYER, data, lambda: snapshot(session_pool, dp, bot), shows_only=kind in SHOWS_ONLY)
