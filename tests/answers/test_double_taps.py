"""Every button of the base of answers (bot/keyboards/answers.py) pressed twice: the second press changes
nothing, sends nothing; one-shot buttons get a short alert, the others show the same screen.

The kinds (callback class and action) are enumerated from the keyboard builders: a new kind fails
`test_every_button_has_a_double_tap_scenario` until it gets a scenario here. The composer's "✖️ Скасувати"
(`draft:DISCARD`) under the suggestions is pressed here; the lawyer's card's buttons of the base (publish,
similar answers, templates) in tests/hotline/test_double_taps.py, the publish form's in tests/forms.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiogram import Dispatcher
from sqlalchemy import func, select

from bot.callbacks.answers import (
    AnswerAction,
    AnswerCb,
    AnswerRateCb,
    AnswerTopicCb,
    IntoDraftCb,
    SuggestionCb,
    TemplateCb,
)
from bot.callbacks.hotline import DraftCb
from bot.keyboards import answers as kb
from bot.texts import answers as ta
from bot.texts import common as tc
from bot.texts import hotline as th
from knowledge.loader import default_knowledge
from storage.models import (
    AnswerEvent,
    AnswerTemplate,
    AnswerTemplateEvent,
    Consultation,
    ConsultationEvent,
    OutboxMessage,
    PublishedAnswer,
)
from tests.answers.helpers import OFFICIAL2, publish_directly
from tests.answers.test_bot import ANSWER, ASKED_OTHERWISE, QUESTION, people
from tests.hotline import test_double_taps as hotline_taps
from tests.hotline.helpers import LAWYER, OFFICIAL, compose, compose_and_send, press, start_question
from tests.support.client import Calls, TelegramClient
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
    "card_id": [7],
    "template_id": [1],
}


def kind_of(data: str) -> str:
    """A button's kind: its callback class and action, without the ids."""
    for cb, name in ((AnswerCb, "answer"), (SuggestionCb, "suggestion"), (TemplateCb, "template"), (DraftCb, "draft")):
        if data.startswith(cb.__prefix__ + ":"):
            return f"{name}:{cb.unpack(data).action.name}"
    if data.startswith(AnswerRateCb.__prefix__ + ":"):
        return "rate"
    if data.startswith(AnswerTopicCb.__prefix__ + ":"):
        topic = AnswerTopicCb.unpack(data)
        return "topic:MORE" if topic.page else "topic:OPEN" if topic.code else "topic:LIST"
    if data.startswith(IntoDraftCb.__prefix__ + ":"):
        return "into_draft:ANSWER" if IntoDraftCb.unpack(data).answer else "into_draft:TEMPLATE"
    raise AssertionError(f"a button of another feature: {data}")


# Buttons that only show a screen (in place): pressed twice, the same screen.
SHOWS_ONLY = {
    "template:LIST",
    "template:OPEN",
    "template:RETIRE",
    "template:RETIRE_NO",
    "answer:RETIRE",
    "answer:RETIRE_NO",
    "topic:LIST",
    "topic:OPEN",
    "topic:MORE",
}

Scenario = Callable[[TelegramClient, Any, Any], Awaitable[tuple[int, str]]]
SCENARIOS: Scenarios[Scenario] = Scenarios()
scenario = SCENARIOS.of


# --- a published answer: search, browse, open, edit, retire (/kb) ---------------------------------------


async def _found(client: TelegramClient, pool: Any, user_id: int = LAWYER) -> Calls:
    await publish_directly(pool, LAWYER, "land", QUESTION, ANSWER)
    return await client.send(user_id, f"/kb {ASKED_OTHERWISE}")


async def _opened(client: TelegramClient, pool: Any) -> Calls:
    return await client.click(LAWYER, (await _found(client, pool)).button(ta.BTN_OPEN_SUGGESTION.format(n=1)))


@scenario("answer:OPEN")
async def _answer_open(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    return OFFICIAL2, str((await _found(client, pool, OFFICIAL2)).button(ta.BTN_OPEN_SUGGESTION.format(n=1)))


@scenario("answer:EDIT")
async def _answer_edit(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    return LAWYER, str((await _opened(client, pool)).button(ta.BTN_EDIT_ANSWER))


@scenario("answer:RETIRE")
async def _answer_retire(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    return LAWYER, str((await _opened(client, pool)).button(ta.BTN_RETIRE))


async def _retire_asked(client: TelegramClient, pool: Any) -> Calls:
    return await client.click(LAWYER, (await _opened(client, pool)).button(ta.BTN_RETIRE))


@scenario("answer:RETIRE_YES")
async def _answer_retire_yes(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    return LAWYER, str((await _retire_asked(client, pool)).button(ta.BTN_RETIRE_YES))


@scenario("answer:RETIRE_NO")
async def _answer_retire_no(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    return LAWYER, str((await _retire_asked(client, pool)).button(ta.BTN_RETIRE_NO))


async def _topics(client: TelegramClient, pool: Any, answers: int = 1) -> Calls:
    for n in range(answers):
        await publish_directly(pool, LAWYER, "land", f"{QUESTION} ({n + 1})", ANSWER)
    return await client.send(OFFICIAL2, "/kb")


@scenario("topic:OPEN")
async def _topic_open(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    return OFFICIAL2, str((await _topics(client, pool)).button("Земельні відносини (1)"))


@scenario("topic:LIST")
async def _topic_list(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    land = await client.click(OFFICIAL2, (await _topics(client, pool)).button("Земельні відносини (1)"))
    return OFFICIAL2, str(land.button(ta.BTN_TOPICS))


@scenario("topic:MORE")
async def _topic_more(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    topics = await _topics(client, pool, answers=9)  # a page and one more
    land = await client.click(OFFICIAL2, topics.button("Земельні відносини (9)"))
    return OFFICIAL2, str(land.button(ta.BTN_MORE))


# --- suggestions while asking, and rating the answer that helped --------------------------------------


async def _suggested(client: TelegramClient, pool: Any) -> Calls:
    await publish_directly(pool, LAWYER, "land", QUESTION, ANSWER)
    await start_question(client, user_id=OFFICIAL2)
    shown = await compose(client, OFFICIAL2, ASKED_OTHERWISE)
    assert ta.SUGGESTIONS_HEADER in shown.text
    return shown


async def _suggestion_opened(client: TelegramClient, pool: Any) -> Calls:
    shown = await _suggested(client, pool)
    return await client.click(OFFICIAL2, shown.button(ta.BTN_OPEN_SUGGESTION.format(n=1)))


@scenario("suggestion:OPEN")
async def _suggestion_open(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    return OFFICIAL2, str((await _suggested(client, pool)).button(ta.BTN_OPEN_SUGGESTION.format(n=1)))


@scenario("suggestion:HELPED")
async def _suggestion_helped(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    return OFFICIAL2, str((await _suggestion_opened(client, pool)).button(ta.BTN_HELPED))


@scenario("suggestion:ANYWAY")
async def _suggestion_anyway(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    return OFFICIAL2, str((await _suggested(client, pool)).button(ta.BTN_ASK_ANYWAY))


@scenario("draft:DISCARD")
async def _draft_discard(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    return OFFICIAL2, str((await _suggested(client, pool)).button(tc.BTN_CANCEL))


@scenario("rate")
async def _rate(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    helped = await client.click(OFFICIAL2, (await _suggestion_opened(client, pool)).button(ta.BTN_HELPED))
    return OFFICIAL2, str(helped.button(ta.BTN_STARS.format(stars=4)))


# --- a lawyer's draft answer started from a similar answer or a template ------------------------------


async def _taken(client: TelegramClient, workers: Any) -> None:
    await start_question(client)
    await compose_and_send(client, OFFICIAL, "Питання про оренду землі громади")
    await workers.drain()
    await press(client, LAWYER, th.BTN_TAKE)


@scenario("into_draft:ANSWER")
async def _into_draft_answer(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    await _taken(client, workers)  # published after: the question itself gets no suggestions
    answer_id = await publish_directly(pool, LAWYER, "land", QUESTION, ANSWER)
    similar = await press(client, LAWYER, ta.BTN_SIMILAR)
    return LAWYER, str(similar.button(ta.BTN_USE.format(number=answer_id)))


@scenario("into_draft:TEMPLATE")
async def _into_draft_template(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    await client.send(LAWYER, "/template land Оренда | Відповідно до статті 134 Земельного кодексу")
    await _taken(client, workers)
    listed = await press(client, LAWYER, ta.BTN_TEMPLATES)
    return LAWYER, str(listed.button(ta.BTN_USE_TEMPLATE.format(title="Оренда")))


# --- lawyers' templates (/templates) ------------------------------------------------------------------


async def _template_card(client: TelegramClient) -> Any:
    await client.send(LAWYER, "/template land Оренда | Відповідно до статті 134 Земельного кодексу")
    listed = await client.send(LAWYER, "/templates")
    return await client.click(LAWYER, listed.button(ta.BTN_TEMPLATE_ITEM.format(n=1, title="Оренда")))


@scenario("template:LIST")
async def _template_list(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    return LAWYER, str((await _template_card(client)).button(ta.BTN_ALL_TEMPLATES))


@scenario("template:OPEN")
async def _template_open(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    await client.send(LAWYER, "/template land Оренда | Відповідно до статті 134 Земельного кодексу")
    return LAWYER, (await client.send(LAWYER, "/templates")).button(ta.BTN_TEMPLATE_ITEM.format(n=1, title="Оренда"))


@scenario("template:NEW")
async def _template_new(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    return LAWYER, (await client.send(LAWYER, "/templates")).button(ta.BTN_NEW_TEMPLATE)


@scenario("template:TEXT")
async def _template_text(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    return LAWYER, str((await _template_card(client)).button(ta.BTN_TEMPLATE_TEXT))


@scenario("template:TITLE")
async def _template_title(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    return LAWYER, str((await _template_card(client)).button(ta.BTN_TEMPLATE_TITLE))


@scenario("template:RETIRE")
async def _template_retire(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    return LAWYER, str((await _template_card(client)).button(ta.BTN_TEMPLATE_RETIRE))


async def _template_asked(client: TelegramClient) -> Any:
    return await client.click(LAWYER, (await _template_card(client)).button(ta.BTN_TEMPLATE_RETIRE))


@scenario("template:RETIRE_YES")
async def _template_retire_yes(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    return LAWYER, str((await _template_asked(client)).button(ta.BTN_TEMPLATE_RETIRE_YES))


@scenario("template:RETIRE_NO")
async def _template_retire_no(client: TelegramClient, pool: Any, workers: Any) -> tuple[int, str]:
    return LAWYER, str((await _template_asked(client)).button(ta.BTN_TEMPLATE_RETIRE_NO))


# --- the test -------------------------------------------------------------------------------------------


def test_every_button_has_a_double_tap_scenario() -> None:
    kinds = builder_kinds(builders(kb), _SAMPLES, kind_of)
    assert kinds == set(SCENARIOS), "every kind of button needs a scenario here (and none is left over)"
    assert len(kinds) >= 20  # the enumeration found the buttons


def test_every_answer_action_is_pressed_twice_somewhere() -> None:
    """`AnswerCb` buttons on the lawyer's consultation card (publish, similar answers, templates) are made by
    bot/keyboards/hotline.py: tests/hotline/test_double_taps.py presses them twice
    (test_a_second_press_changes_nothing[answers:PUBLISH], [answers:SIMILAR], [answers:TEMPLATES]); the
    publish form itself ("kb": confirm, change, cancel...) is pressed twice in tests/forms/test_double_taps.py.
    Similar answers and templates are "shows only" there: pressed again later, the card shows the lists as
    they are then (tests/answers/test_templates.py test_a_retired_template_is_never_offered)."""
    here = {kind.partition(":")[2] for kind in SCENARIOS if kind.startswith("answer:")}
    on_card = {kind.partition(":")[2] for kind in hotline_taps.SCENARIOS if kind.startswith("answers:")}
    assert here | on_card == {action.name for action in AnswerAction}


async def snapshot(pool: Any, dp: Dispatcher, bot: MockedBot, user_id: int) -> Any:
    """What a press could change: the base's rows and its log, consultations, messages queued, the dialog."""
    async with pool() as session:
        counts = [
            await session.scalar(select(func.count()).select_from(model))
            for model in (
                PublishedAnswer,
                AnswerEvent,
                AnswerTemplate,
                AnswerTemplateEvent,
                Consultation,
                ConsultationEvent,
                OutboxMessage,
            )
        ]
        answers = list(await session.execute(select(PublishedAnswer.status, PublishedAnswer.updated_at)))
        retired = list(await session.scalars(select(AnswerTemplate.retired).order_by(AnswerTemplate.id)))
    context = dp.fsm.get_context(bot=bot, chat_id=user_id, user_id=user_id)
    return counts, [tuple(row) for row in answers], retired, await context.get_state(), await context.get_data()


@pytest.mark.parametrize("kind", sorted(SCENARIOS))
async def test_a_second_press_does_nothing_twice(
    kind: str, client: TelegramClient, dp: Dispatcher, bot: MockedBot, session_pool: Any, workers: Any, clock: Any
) -> None:
    await people(session_pool)
    user_id, data = await SCENARIOS[kind](client, session_pool, workers)
    assert kind_of(data) == kind
    await double_tap(
        client,
        user_id,
        data,
        lambda: snapshot(session_pool, dp, bot, user_id),
        shows_only=kind in SHOWS_ONLY,
        between=lambda: clock.advance(minutes=1),
    )
