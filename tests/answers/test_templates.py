"""Lawyers' templates through the real dispatcher: /templates lists them by topic; a template opens with its
buttons (change the text, the title, retire it); a new one on the form; retired ones are never offered;
officials are refused whatever the callback data says. Every change is an `answer_template_events` row."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.callbacks.answers import TemplateAction, TemplateCb
from bot.texts import answers as ta
from bot.texts import common as tc
from bot.texts import hotline as t
from services.answers.templates import TEXT_MAX, TITLE_MAX
from services.text import MESSAGE_LIMIT
from storage.models import AnswerTemplate, AnswerTemplateEvent, TemplateEventKind
from tests.answers.test_bot import count, people
from tests.hotline.helpers import LAWYER, OFFICIAL, compose_and_send, press, start_question
from tests.support.client import TelegramClient

TEXT = "Відповідно до статті 134 Земельного кодексу України..."
RETIRED_ALREADY = "Цей шаблон уже прибрано: його більше не пропонують."
LAWYERS_ONLY = "Це можуть робити лише юристи й адміністратори."


async def template(session_pool: Any, template_id: int = 1) -> AnswerTemplate:
    async with session_pool() as session:
        row: AnswerTemplate | None = await session.get(AnswerTemplate, template_id)
        assert row is not None
        return row


async def events(session_pool: Any) -> list[AnswerTemplateEvent]:
    async with session_pool() as session:
        return list((await session.scalars(select(AnswerTemplateEvent).order_by(AnswerTemplateEvent.id))).all())


async def test_a_lawyer_opens_edits_and_retires_a_template(client: TelegramClient, session_pool: Any) -> None:
    await people(session_pool)
    await client.send(LAWYER, f"/template land Оренда | {TEXT}")
    listed = await client.send(LAWYER, "/templates")
    assert "<b>Земельні відносини</b>\n1. Оренда" in listed.text
    card = await client.click(LAWYER, listed.button(ta.BTN_TEMPLATE_ITEM.format(n=1, title="Оренда")))
    assert TEXT in card.text and card.of("EditMessageText")  # in place of the list

    # The text: a too long one is refused with its length, asked again; the draft keeps the rest.
    asked = await client.click(LAWYER, card.button(ta.BTN_TEMPLATE_TEXT))
    assert ta.TEMPLATE_PROMPTS["text"] in asked.text
    assert asked.of("EditMessageReplyMarkup")  # the card's buttons are used up
    refused = await client.send(LAWYER, "я" * (TEXT_MAX + 1))
    assert f"Текст задовгий: {TEXT_MAX + 1} символів, можна до {TEXT_MAX}" in refused.text
    assert ta.TEMPLATE_PROMPTS["text"] in refused.text
    summary = await client.send(LAWYER, "Новий текст: оренда <лише> на торгах & без винятків.")
    assert "<b>Назва:</b> Оренда" in summary.text
    assert "оренда &lt;лише&gt; на торгах &amp; без" in summary.text  # escaped
    assert (await template(session_pool)).text == TEXT  # nothing saved before the confirmation
    saved = await client.click(LAWYER, summary.button(tc.BTN_CONFIRM))
    assert ta.TEMPLATE_CHANGED.format(title="Оренда") in saved.text
    assert (await template(session_pool)).text == "Новий текст: оренда <лише> на торгах & без винятків."

    # The title, from the card sent after the save.
    asked = await client.click(LAWYER, saved.button(ta.BTN_TEMPLATE_TITLE))
    assert ta.TEMPLATE_PROMPTS["title"] in asked.text
    refused = await client.send(LAWYER, "д" * (TITLE_MAX + 5))
    assert f"Назва задовга: {TITLE_MAX + 5} символів" in refused.text
    summary = await client.send(LAWYER, "Оренда   <без торгів>")
    saved = await client.click(LAWYER, summary.button(tc.BTN_CONFIRM))
    assert "Оренда &lt;без торгів&gt;" in saved.text
    assert (await template(session_pool)).title == "Оренда <без торгів>"

    # Retire, confirmed; a second press does nothing twice.
    asked = await client.click(LAWYER, saved.button(ta.BTN_TEMPLATE_RETIRE))
    assert ta.TEMPLATE_RETIRE_CONFIRM.format(title="Оренда &lt;без торгів&gt;") in asked.text
    kept = await client.click(LAWYER, asked.button(ta.BTN_TEMPLATE_RETIRE_NO))
    assert ta.BTN_TEMPLATE_RETIRE in [text for text, _ in kept.buttons()]
    asked = await client.click(LAWYER, kept.button(ta.BTN_TEMPLATE_RETIRE))
    retired = await client.click(LAWYER, asked.button(ta.BTN_TEMPLATE_RETIRE_YES))
    assert ta.TEMPLATE_RETIRED.format(title="Оренда &lt;без торгів&gt;") in retired.text
    assert (await template(session_pool)).retired
    again = await client.click(LAWYER, asked.button(ta.BTN_TEMPLATE_RETIRE_YES))
    assert again.alerts == [RETIRED_ALREADY]
    empty = await client.send(LAWYER, "/templates")
    assert ta.TEMPLATES_LIST_EMPTY.format(new=ta.BTN_NEW_TEMPLATE) in empty.text

    logged = await events(session_pool)
    assert [e.kind for e in logged] == [
        TemplateEventKind.CREATED,
        TemplateEventKind.EDITED,
        TemplateEventKind.EDITED,
        TemplateEventKind.RETIRED,
    ]
    assert logged[0].payload == {"topic": "land", "title": "Оренда", "text": TEXT}
    assert logged[1].payload == {
        "text": {"before": TEXT, "after": "Новий текст: оренда <лише> на торгах & без винятків."}
    }
    assert logged[2].payload == {"title": {"before": "Оренда", "after": "Оренда <без торгів>"}}
    assert {e.actor_id for e in logged} == {(await template(session_pool)).author_id}


async def test_a_lawyer_adds_a_template_on_the_form(client: TelegramClient, session_pool: Any) -> None:
    await people(session_pool)
    listed = await client.send(LAWYER, "/templates")
    asked = await client.click(LAWYER, listed.button(ta.BTN_NEW_TEMPLATE))
    assert ta.TEMPLATE_PROMPTS["topic"] in asked.text
    typed = await client.send(LAWYER, "Освіта")  # typed, not picked: asked again
    assert "Оберіть тему кнопками" in typed.text
    title = await client.click(LAWYER, typed.button("Освіта"))
    assert ta.TEMPLATE_PROMPTS["title"] in title.text
    text = await client.send(LAWYER, "Атестація педагогів")
    assert ta.TEMPLATE_PROMPTS["text"] in text.text
    longest = "т" * TEXT_MAX  # the longest text allowed still fits a message with the summary around it
    summary = await client.send(LAWYER, longest)
    assert all(len(sent) <= MESSAGE_LIMIT for sent in summary.texts)
    assert "<b>Тема:</b> Освіта" in summary.text and "<b>Назва:</b> Атестація педагогів" in summary.text
    assert await count(session_pool, AnswerTemplate) == 0
    done = await client.click(LAWYER, summary.button(tc.BTN_CONFIRM))
    assert ta.TEMPLATE_ADDED.format(title="Атестація педагогів", topic="Освіта") in done.text
    assert all(len(sent) <= MESSAGE_LIMIT for sent in done.texts)
    saved = await template(session_pool)
    assert (saved.topic_code, saved.title, saved.text) == ("education", "Атестація педагогів", longest)
    assert [e.kind for e in await events(session_pool)] == [TemplateEventKind.CREATED]


async def test_a_retired_template_is_never_offered(client: TelegramClient, workers: Any, session_pool: Any) -> None:
    await people(session_pool)
    await client.send(LAWYER, f"/template land Оренда | {TEXT}")
    await start_question(client)
    await compose_and_send(client, OFFICIAL, "Питання про оренду")
    await workers.drain()
    await press(client, LAWYER, t.BTN_TAKE)
    offered = await press(client, LAWYER, ta.BTN_TEMPLATES)
    use = offered.button(ta.BTN_USE_TEMPLATE.format(title="Оренда"))
    managed = await client.click(LAWYER, offered.button(ta.BTN_MANAGE_TEMPLATES))  # the list, in place
    card = await client.click(LAWYER, managed.button(ta.BTN_TEMPLATE_ITEM.format(n=1, title="Оренда")))
    asked = await client.click(LAWYER, card.button(ta.BTN_TEMPLATE_RETIRE))
    await client.click(LAWYER, asked.button(ta.BTN_TEMPLATE_RETIRE_YES))
    refused = await client.click(LAWYER, use)  # the button of a list shown before
    assert refused.alerts == [RETIRED_ALREADY]
    assert not refused.of("SendMessage")
    none = await press(client, LAWYER, ta.BTN_TEMPLATES)
    assert "ще немає шаблонів" in none.text
    assert ta.BTN_USE_TEMPLATE.format(title="Оренда") not in [text for text, _ in none.buttons()]


async def test_an_official_cannot_list_add_edit_or_retire_templates(client: TelegramClient, session_pool: Any) -> None:
    await people(session_pool)
    await client.send(LAWYER, f"/template land Оренда | {TEXT}")
    listed = await client.send(OFFICIAL, "/templates")
    assert "Оренда" not in listed.text  # not a command of theirs
    for action in TemplateAction:
        refused = await client.click(OFFICIAL, TemplateCb(action=action, id=1).pack())
        assert refused.alerts == [LAWYERS_ONLY], action
        assert not refused.of("SendMessage") and not refused.of("EditMessageText")
    stored = await template(session_pool)
    assert not stored.retired and stored.text == TEXT
    assert [e.kind for e in await events(session_pool)] == [TemplateEventKind.CREATED]
