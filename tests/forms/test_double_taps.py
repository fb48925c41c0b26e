"""Every button of the form engine (bot/forms.py) pressed twice, in the training, newsletter,
indicator, answer template and answer publishing forms: the second press changes nothing, sends nothing, and gets a short alert.

The kinds of buttons (form and `FormCb` action) are enumerated from the keyboards each form shows
(`FormFlow.keyboards`, for sample drafts): a new kind fails
`test_every_form_button_has_a_double_tap_scenario` until it gets a scenario here. Each scenario
fills the form through the real dispatcher up to a screen showing the button.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram import Dispatcher
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks.forms import FormCb
from bot.forms import FLOWS
from bot.texts import answers as ta
from bot.texts import common as tc
from bot.texts import hotline as th
from bot.texts import indicators as ti
from bot.texts import newsletters as tn
from bot.texts import trainings as tt
from services.answers.form import PublishDraft
from services.answers.templates import TemplateDraft
from services.indicators.form import IndicatorDraft
from services.newsletters.form import NewsletterDraft
from services.trainings.form import TrainingDraft
from storage.models import (
    AnswerEvent,
    AnswerTemplate,
    AnswerTemplateEvent,
    IndicatorValue,
    IndicatorValueChange,
    Newsletter,
    NewsletterDelivery,
    OutboxMessage,
    PublishedAnswer,
    Role,
    ScheduledJob,
    Training,
    TrainingEvent,
    ValueKind,
)
from tests.conftest import ADMIN_ID
from tests.hotline.helpers import OFFICIAL, compose_and_send, start_question
from tests.indicators.test_recording import open_form, to_value
from tests.newsletters.test_bot import compose_to_review, make_admin
from tests.support.client import Calls, TelegramClient
from tests.support.double_tap import Scenarios, double_tap
from tests.support.factories import create_user
from tests.support.mocked_bot import MockedBot
from tests.trainings.helpers import training_draft
from tests.trainings.test_form import fill_until_summary, start_form

# --- the buttons the forms show ------------------------------------------------------------------

SAMPLE_DRAFTS: dict[str, list[Any]] = {
    "training": [TrainingDraft(), training_draft(datetime(2026, 12, 15, 8, 0, tzinfo=UTC))],
    "nl": [NewsletterDraft(), NewsletterDraft(topics=["land"], regions=["kyo"])],
    "indicator": [
        IndicatorDraft(),
        IndicatorDraft(kind=ValueKind.ACTUAL, code="1.1", year=2025, region="all", value=5),
    ],
    "kbt": [TemplateDraft(), TemplateDraft(topic="land", title="Оренда", text="Відповідно до статті 134")],
    "kb": [
        PublishDraft(question="", answer="", topic=""),
        PublishDraft(question="Як передати ділянку в оренду?", answer="На торгах.", legal_basis="ЗК", topic="land"),
    ],
}


def kind_of(data: str) -> str:
    press = FormCb.unpack(data)
    return f"{press.form}:{press.action.name}"


def button_kinds() -> set[str]:
    """Needs the dispatcher: the forms' choices read its clock and reference data."""
    kinds = set()
    for name, drafts in SAMPLE_DRAFTS.items():
        for draft in drafts:
            for markup in FLOWS[name].keyboards(draft):
                kinds |= {kind_of(b.callback_data) for row in markup.inline_keyboard for b in row if b.callback_data}
    return kinds


# --- scenarios: how each button comes to be shown -------------------------------------------------

Scenario = Callable[[TelegramClient, async_sessionmaker[AsyncSession]], Awaitable[str]]
SCENARIOS: Scenarios[Scenario] = Scenarios()
scenario = SCENARIOS.of


async def _send(client: TelegramClient, text: str) -> Calls:
    return await client.send(ADMIN_ID, text)


async def _press(client: TelegramClient, screen: Calls, label: str) -> Calls:
    return await client.click(ADMIN_ID, screen.button(label))


# The training form (admins, from /trainings).


async def _training_kind(client: TelegramClient) -> Calls:
    await start_form(client)
    return await _send(client, "Земельні торги")


@scenario("training:PICK")
async def _training_pick(client: TelegramClient, pool: Any) -> str:
    return (await _training_kind(client)).button(tt.KIND_TITLES["webinar"])


@scenario("training:BACK")
async def _training_back(client: TelegramClient, pool: Any) -> str:
    return (await _training_kind(client)).button(tc.BTN_BACK)


@scenario("training:SKIP")
async def _training_skip(client: TelegramClient, pool: Any) -> str:
    audience = await _press(client, await _training_kind(client), tt.KIND_TITLES["webinar"])
    topic = await _press(client, audience, tt.AUDIENCE_TITLES["officials"])
    return topic.button(tc.BTN_SKIP)


@scenario("training:CANCEL")
async def _training_cancel(client: TelegramClient, pool: Any) -> str:
    return (await start_form(client)).button(tc.BTN_CANCEL)


@scenario("training:CHANGE")
async def _training_change(client: TelegramClient, pool: Any) -> str:
    return (await fill_until_summary(client)).button(tt.FIELD_LABELS["title"])


@scenario("training:CONFIRM")
async def _training_confirm(client: TelegramClient, pool: Any) -> str:
    return (await fill_until_summary(client)).button(tc.BTN_CONFIRM)


@scenario("training:CONTINUE")
async def _training_continue(client: TelegramClient, pool: Any) -> str:
    await start_form(client)
    return (await _send(client, "/trainings")).button(tc.BTN_CONTINUE)


# The newsletter form (/newsletter).


async def _topics(client: TelegramClient, pool: Any) -> Calls:
    await make_admin(pool)
    await _send(client, "/newsletter")
    return await _send(client, "Зміни до Бюджетного кодексу")


@scenario("nl:TICK")
async def _nl_tick(client: TelegramClient, pool: Any) -> str:
    return (await _topics(client, pool)).button("Земельні")


@scenario("nl:UNTICK")
async def _nl_untick(client: TelegramClient, pool: Any) -> str:
    ticked = await _press(client, await _topics(client, pool), "Земельні")
    return ticked.button("Земельні")


@scenario("nl:PICK")
async def _nl_pick(client: TelegramClient, pool: Any) -> str:
    ticked = await _press(client, await _topics(client, pool), "Земельні")
    return ticked.button(tn.BTN_DONE_PICKING)


@scenario("nl:BACK")
async def _nl_back(client: TelegramClient, pool: Any) -> str:
    return (await _topics(client, pool)).button(tc.BTN_BACK)


@scenario("nl:CANCEL")
async def _nl_cancel(client: TelegramClient, pool: Any) -> str:
    return (await _topics(client, pool)).button(tc.BTN_CANCEL)


async def _nl_summary(client: TelegramClient, pool: Any) -> Calls:
    await make_admin(pool)
    return await compose_to_review(client, ADMIN_ID, "Земельні")  # type: ignore[no-any-return]


@scenario("nl:CHANGE")
async def _nl_change(client: TelegramClient, pool: Any) -> str:
    return (await _nl_summary(client, pool)).button(tn.FIELD_LABELS["topics"])


@scenario("nl:CONFIRM")
async def _nl_confirm(client: TelegramClient, pool: Any) -> str:
    return (await _nl_summary(client, pool)).button(tc.BTN_CONFIRM)


@scenario("nl:CONTINUE")
async def _nl_continue(client: TelegramClient, pool: Any) -> str:
    await _topics(client, pool)
    return (await _send(client, "/help")).button(tc.BTN_CONTINUE)


# The indicator form (/indicators, "record a value").


@scenario("indicator:PICK")
async def _ind_pick(client: TelegramClient, pool: Any) -> str:
    return (await open_form(client)).button(ti.KIND_ACTUAL)


@scenario("indicator:BACK")
async def _ind_back(client: TelegramClient, pool: Any) -> str:
    return (await _press(client, await open_form(client), ti.KIND_ACTUAL)).button(tc.BTN_BACK)


async def _ind_comment(client: TelegramClient) -> Calls:
    await to_value(client)
    return await _send(client, "7")


@scenario("indicator:SKIP")
async def _ind_skip(client: TelegramClient, pool: Any) -> str:
    return (await _ind_comment(client)).button(tc.BTN_SKIP)


@scenario("indicator:CANCEL")
async def _ind_cancel(client: TelegramClient, pool: Any) -> str:
    return (await open_form(client)).button(tc.BTN_CANCEL)


async def _ind_summary(client: TelegramClient) -> Calls:
    return await _press(client, await _ind_comment(client), tc.BTN_SKIP)


@scenario("indicator:CHANGE")
async def _ind_change(client: TelegramClient, pool: Any) -> str:
    return (await _ind_summary(client)).button(ti.FIELD_LABELS["value"])


@scenario("indicator:CONFIRM")
async def _ind_confirm(client: TelegramClient, pool: Any) -> str:
    return (await _ind_summary(client)).button(tc.BTN_CONFIRM)


@scenario("indicator:CONTINUE")
async def _ind_continue(client: TelegramClient, pool: Any) -> str:
    await open_form(client)
    return (await _send(client, "/help")).button(tc.BTN_CONTINUE)


# The answer template form (/templates, "➕ Новий шаблон"; admins are staff).


async def _kbt_topic(client: TelegramClient, pool: Any) -> Calls:
    await make_admin(pool)
    return await _press(client, await _send(client, "/templates"), ta.BTN_NEW_TEMPLATE)


async def _kbt_summary(client: TelegramClient, pool: Any) -> Calls:
    await _press(client, await _kbt_topic(client, pool), "Освіта")
    await _send(client, "Атестація")
    return await _send(client, "Текст шаблону")


@scenario("kbt:PICK")
async def _kbt_pick(client: TelegramClient, pool: Any) -> str:
    return (await _kbt_topic(client, pool)).button("Освіта")


@scenario("kbt:BACK")
async def _kbt_back(client: TelegramClient, pool: Any) -> str:
    return (await _press(client, await _kbt_topic(client, pool), "Освіта")).button(tc.BTN_BACK)


@scenario("kbt:CANCEL")
async def _kbt_cancel(client: TelegramClient, pool: Any) -> str:
    return (await _kbt_topic(client, pool)).button(tc.BTN_CANCEL)


@scenario("kbt:CHANGE")
async def _kbt_change(client: TelegramClient, pool: Any) -> str:
    return (await _kbt_summary(client, pool)).button(ta.TEMPLATE_LABELS["title"])


@scenario("kbt:CONFIRM")
async def _kbt_confirm(client: TelegramClient, pool: Any) -> str:
    return (await _kbt_summary(client, pool)).button(tc.BTN_CONFIRM)


@scenario("kbt:CONTINUE")
async def _kbt_continue(client: TelegramClient, pool: Any) -> str:
    await _kbt_topic(client, pool)
    return (await _send(client, "/help")).button(tc.BTN_CONTINUE)


# The answer publishing form ("📚 Опублікувати в базі" on an answered consultation; admins are staff).


async def _kb_summary(client: TelegramClient, pool: Any) -> Calls:
    """The admin takes an official's question from /queue, answers it and opens its draft for the base."""
    await make_admin(pool)
    await create_user(pool, telegram_id=OFFICIAL, role=Role.OFFICIAL, full_name="Петренко Олена Іванівна")
    await start_question(client)
    await compose_and_send(client, OFFICIAL, "Як сільська рада може передати земельну ділянку в оренду?")
    card = await _press(client, await _send(client, "/queue"), th.BTN_OPEN.format(number=1))
    await _press(client, await _press(client, card, th.BTN_TAKE), th.BTN_ANSWER)
    await _send(client, "Земельні ділянки комунальної власності передаються в оренду на земельних торгах.")
    preview = await _press(client, await client.send(ADMIN_ID, th.BTN_DONE), th.BTN_SEND)
    review = await _press(client, preview, ta.BTN_PUBLISH)
    asked = await _press(client, review, tc.BTN_CHANGE.format(label=ta.LABELS["legal_basis"]))
    assert ta.PROMPTS["legal_basis"] in asked.text
    return await _send(client, "Земельний кодекс України, ст. 124, 134")


@scenario("kb:CONFIRM")
async def _kb_confirm(client: TelegramClient, pool: Any) -> str:
    return (await _kb_summary(client, pool)).button(tc.BTN_CONFIRM)


@scenario("kb:CHANGE")
async def _kb_change(client: TelegramClient, pool: Any) -> str:
    return (await _kb_summary(client, pool)).button(tc.BTN_CHANGE.format(label=ta.LABELS["question"]))


@scenario("kb:CANCEL")
async def _kb_cancel(client: TelegramClient, pool: Any) -> str:
    return (await _kb_summary(client, pool)).button(tc.BTN_CANCEL)


async def _kb_topic(client: TelegramClient, pool: Any) -> Calls:
    return await _press(client, await _kb_summary(client, pool), tc.BTN_CHANGE.format(label=ta.LABELS["topic"]))


@scenario("kb:PICK")
async def _kb_pick(client: TelegramClient, pool: Any) -> str:
    return (await _kb_topic(client, pool)).button("Освіта")


@scenario("kb:BACK")
async def _kb_back(client: TelegramClient, pool: Any) -> str:
    return (await _kb_topic(client, pool)).button(tc.BTN_BACK)


@scenario("kb:CONTINUE")
async def _kb_continue(client: TelegramClient, pool: Any) -> str:
    await _kb_summary(client, pool)
    return (await _send(client, "/help")).button(tc.BTN_CONTINUE)


# --- the test -------------------------------------------------------------------------------------


async def test_every_form_button_has_a_double_tap_scenario(dp: Dispatcher) -> None:
    kinds = button_kinds()
    assert kinds == set(SCENARIOS), "every kind of button needs a scenario here (and no scenario is left over)"
    assert len(kinds) >= 20  # the enumeration found the buttons


async def snapshot(pool: async_sessionmaker[AsyncSession], dp: Dispatcher, bot: MockedBot) -> Any:
    """What a press could change: the records the forms make, messages and jobs queued, the form itself."""
    async with pool() as session:
        counts = [
            await session.scalar(select(func.count()).select_from(model))
            for model in (
                Training,
                TrainingEvent,
                Newsletter,
                NewsletterDelivery,
                IndicatorValue,
                IndicatorValueChange,
                OutboxMessage,
                ScheduledJob,
                AnswerTemplate,
                AnswerTemplateEvent,
                PublishedAnswer,
                AnswerEvent,
            )
        ]
    context = dp.fsm.get_context(bot=bot, chat_id=ADMIN_ID, user_id=ADMIN_ID)
    return counts, await context.get_state(), await context.get_data()


@pytest.mark.parametrize("kind", sorted(SCENARIOS))
async def test_a_second_press_changes_nothing(
    kind: str,
    client: TelegramClient,
    dp: Dispatcher,
    bot: MockedBot,
    session_pool: async_sessionmaker[AsyncSession],
    clock: Any,
) -> None:
    data = await SCENARIOS[kind](client, session_pool)
    assert kind_of(data) == kind
    await double_tap(
        client,
        ADMIN_ID,
        data,
        lambda: snapshot(session_pool, dp, bot),
        between=lambda: clock.advance(minutes=1),
    )
