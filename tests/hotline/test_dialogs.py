"""The composer's screens through the real dispatcher: back, cancel, change the topic, interruptions, stale buttons.

Asking is five taps from the menu to a numbered consultation (menu button, topic, the text,
"Done", "Send"); answering is five from the notice (take, answer, the text, "Done", "Send").
"""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.methods import EditMessageReplyMarkup, EditMessageText
from sqlalchemy import select

from bot.texts import common as tc
from bot.texts import hotline as t
from services.hotline.draft import QUESTION_MAX_UNITS, Purpose
from services.text import tg_len
from storage.models import Consultation, ConsultationStatus, FsmRecord, Role
from tests.hotline.helpers import (
    LAWYER,
    LAWYER2,
    OFFICIAL,
    ask,
    compose,
    compose_and_send,
    load,
    press,
    press_on,
    screen,
    start_question,
    topic_title,
)
from tests.support.client import Calls, TelegramClient
from tests.support.factories import create_user

LAND, BUDGET, EDUCATION = topic_title("land"), topic_title("budget"), topic_title("education")


@pytest.fixture
async def people(session_pool: Any) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL, full_name="Петренко Олена Іванівна")
    await create_user(
        session_pool, telegram_id=LAWYER, role=Role.LAWYER, full_name="Коваль Юрій Петрович", topics=["land"]
    )


async def consultations(session_pool: Any) -> list[Consultation]:
    async with session_pool() as session:
        return list((await session.scalars(select(Consultation))).all())


async def dialog_state(session_pool: Any, user_id: int) -> str | None:
    async with session_pool() as session:
        records = (await session.scalars(select(FsmRecord))).all()
    return next((r.state for r in records if f":{user_id}:{user_id}" in r.key), None)


def edits(calls: Calls) -> list[Any]:
    return [m for m in calls.items if isinstance(m, EditMessageText | EditMessageReplyMarkup)]


async def test_asking_takes_five_taps(client: TelegramClient, session_pool: Any, people: None) -> None:
    calls = await client.send(OFFICIAL, tc.BTN_ASK)  # 1
    calls = await client.click(OFFICIAL, calls.button(LAND))  # 2
    calls = await client.send(OFFICIAL, "Чи можна передати ділянку в оренду?")  # 3
    calls = await client.click(OFFICIAL, calls.button(t.BTN_DONE))  # 4
    calls = await client.click(OFFICIAL, calls.button(t.BTN_SEND))  # 5
    assert "№1" in calls.text and "Юрист відповість до" in calls.text


async def test_back_and_a_changed_topic_keep_the_text(client: TelegramClient, session_pool: Any, people: None) -> None:
    calls = await client.send(OFFICIAL, "/ask")
    assert tc.BTN_BACK not in [label for label, _ in calls.buttons()]  # nothing before the first step
    topics = calls
    calls = await client.click(OFFICIAL, topics.button(LAND))
    # The topic list is replaced by the choice: no buttons left on it.
    chosen = edits(calls)
    assert chosen and chosen[0].text.endswith(f"✓ {LAND}") and chosen[0].reply_markup is None
    again = await press_on(client, OFFICIAL, topics, BUDGET)  # the old list, pressed later
    assert again.alerts == [tc.STALE_BUTTON] and not again.of("SendMessage")

    calls = await client.send(OFFICIAL, "Питання про ділянку")
    calls = await client.click(OFFICIAL, calls.button(tc.BTN_BACK))  # back to the topic, the text is kept
    assert t.CHOOSE_TOPIC_TEXT_KEPT in calls.text
    calls = await client.click(OFFICIAL, calls.button(BUDGET))
    assert f"Тема: <b>{BUDGET}</b>" in calls.text and "Уже є: ~19 символів і 0 файлів" in calls.text
    preview = await client.click(OFFICIAL, calls.button(t.BTN_DONE))
    assert f"Тема: {BUDGET}" in preview.text and "Питання про ділянку" in preview.text

    # Change the topic from the preview: "Back" returns to the preview as it was.
    calls = await client.click(OFFICIAL, preview.button(t.BTN_TOPIC))
    assert t.CHANGE_TOPIC in calls.text
    calls = await client.click(OFFICIAL, calls.button(tc.BTN_BACK))
    assert f"Тема: {BUDGET}" in calls.text and calls.button(t.BTN_SEND)
    calls = await client.click(OFFICIAL, calls.button(t.BTN_TOPIC))
    calls = await client.click(OFFICIAL, calls.button(EDUCATION))  # straight back to the preview
    assert f"Тема: {EDUCATION}" in calls.text and "Питання про ділянку" in calls.text
    stale = await press_on(client, OFFICIAL, preview, t.BTN_SEND)  # the first preview is spent
    assert stale.alerts == [tc.STALE_BUTTON] and await consultations(session_pool) == []

    calls = await client.click(OFFICIAL, calls.button(t.BTN_SEND))
    assert "№1" in calls.text
    [consultation] = await consultations(session_pool)
    assert consultation.topic_code == "education" and consultation.question == "Питання про ділянку"


async def _at_topic(client: TelegramClient) -> Calls:
    return await client.send(OFFICIAL, "/ask")


async def _at_text(client: TelegramClient) -> Calls:
    await start_question(client)
    return await client.send(OFFICIAL, "Чернетка")


async def _at_preview(client: TelegramClient) -> Calls:
    await start_question(client)
    return await compose(client, OFFICIAL, "Чернетка")


async def _interrupted(client: TelegramClient) -> Calls:
    await _at_text(client)
    return await client.send(OFFICIAL, tc.BTN_MY)


@pytest.mark.parametrize(
    ("step", "label"),
    [
        (_at_topic, tc.BTN_CANCEL),
        (_at_text, tc.BTN_CANCEL),
        (_at_preview, tc.BTN_CANCEL),
        (_interrupted, tc.BTN_DISCARD),
    ],
    ids=["topic", "text", "preview", "interrupted"],
)
async def test_cancel_on_every_step(
    client: TelegramClient, session_pool: Any, people: None, step: Any, label: str
) -> None:
    shown = await step(client)
    calls = await client.click(OFFICIAL, shown.button(label))
    assert t.DRAFT_DISCARDED in calls.text and calls.buttons()  # the main menu
    assert await dialog_state(session_pool, OFFICIAL) is None
    again = await press_on(client, OFFICIAL, shown, label)
    assert again.alerts == [tc.STALE_BUTTON] and not again.of("SendMessage")
    assert await consultations(session_pool) == []


@pytest.mark.parametrize("interruption", ["/start", "/help", tc.BTN_MY, tc.BTN_ASK])
async def test_a_command_or_menu_button_mid_question_keeps_the_draft(
    client: TelegramClient, session_pool: Any, people: None, interruption: str
) -> None:
    await start_question(client)
    typed = await client.send(OFFICIAL, "Перша частина")
    calls = await client.send(OFFICIAL, interruption)
    assert calls.text == tc.FORM_INTERRUPTED.format(title=t.PURPOSES[Purpose.ASK].title)
    assert calls.button(tc.BTN_CONTINUE) and calls.button(tc.BTN_DISCARD)
    assert (await press_on(client, OFFICIAL, typed, t.BTN_DONE)).alerts == [tc.STALE_BUTTON]  # asked first
    # Kept by default: whoever ignores the question goes on typing.
    calls = await client.send(OFFICIAL, "Друга частина")
    assert "Додано до питання" in calls.text
    preview = await client.click(OFFICIAL, calls.button(t.BTN_DONE))
    assert "Перша частина" in preview.text and "Друга частина" in preview.text
    assert interruption not in preview.text


async def test_continue_after_an_interruption_returns_to_the_same_step(client: TelegramClient, people: None) -> None:
    preview = await _at_preview(client)
    calls = await client.send(OFFICIAL, "/start")
    calls = await client.click(OFFICIAL, calls.button(tc.BTN_CONTINUE))
    assert "Перевірте" in calls.text and "Чернетка" in calls.text and calls.button(t.BTN_SEND)
    assert (await press_on(client, OFFICIAL, preview, t.BTN_SEND)).alerts == [tc.STALE_BUTTON]


async def take_and_open_answer(client: TelegramClient, workers: Any) -> Calls:
    await ask(client, "Питання про землю")
    await workers.drain()
    await press(client, LAWYER, t.BTN_TAKE)
    return await press(client, LAWYER, t.BTN_ANSWER)


async def test_answering_takes_five_taps_and_the_used_buttons_go(
    client: TelegramClient, workers: Any, session_pool: Any, people: None
) -> None:
    await ask(client, "Питання про землю")
    notice = Calls(await workers.drain()).to(LAWYER)
    calls = await client.click(LAWYER, notice.button(t.BTN_TAKE))  # 1
    assert any(m.reply_markup is None for m in edits(calls))  # the notice loses its "take"
    card = calls
    calls = await client.click(LAWYER, card.button(t.BTN_ANSWER))  # 2
    calls = await client.send(LAWYER, "Так, можна.")  # 3
    calls = await client.click(LAWYER, calls.button(t.BTN_DONE))  # 4
    calls = await client.click(LAWYER, calls.button(t.BTN_SEND))  # 5
    assert t.ANSWER_SENT.format(number=1) in calls.text and "передано до надсилання" in calls.text
    # The card that opened the composer keeps only what applies to an answered consultation.
    [card_edit] = [m for m in edits(calls) if isinstance(m, EditMessageReplyMarkup) and m.reply_markup]
    labels = [b.text for row in card_edit.reply_markup.inline_keyboard for b in row]
    assert t.BTN_ANSWER not in labels and t.BTN_CLOSE in labels
    assert (await load(session_pool)).status == ConsultationStatus.ANSWERED


async def test_back_from_the_answer_shows_the_card_and_keeps_the_draft(
    client: TelegramClient, workers: Any, session_pool: Any, people: None
) -> None:
    calls = await take_and_open_answer(client, workers)
    calls = await client.click(LAWYER, calls.button(tc.BTN_BACK))  # nothing typed yet: just the card
    assert "Чернетку збережено" not in calls.text and calls.button(t.BTN_ANSWER)
    calls = await client.click(LAWYER, calls.button(t.BTN_ANSWER))
    calls = await client.send(LAWYER, "Половина відповіді")
    calls = await client.click(LAWYER, calls.button(tc.BTN_BACK))
    assert t.DRAFT_PARKED.format(button=t.BTN_ANSWER) in calls.text and "Звернення №1" in calls.text
    assert await dialog_state(session_pool, LAWYER) is None
    calls = await client.click(LAWYER, calls.button(t.BTN_ANSWER))
    assert t.DRAFT_RESUMED in calls.text and "Уже є: ~18 символів" in calls.text
    calls = await client.send(LAWYER, "і друга половина")
    calls = await compose_and_send(client, LAWYER)
    assert t.ANSWER_SENT.format(number=1) in calls.text
    assert (await load(session_pool)).status == ConsultationStatus.ANSWERED
    sent = Calls(await workers.drain()).to(OFFICIAL)
    assert "Половина відповіді\n\nі друга половина" in sent.text


async def test_the_composer_refuses_at_once_once_answered(
    client: TelegramClient, workers: Any, session_pool: Any, people: None
) -> None:
    await take_and_open_answer(client, workers)
    await compose_and_send(client, LAWYER, "Відповідь")
    # Another copy of the card (the one shown after the take was edited; the notice of a reply etc.).
    for label, data in reversed(screen(client, LAWYER).buttons()):
        if label == t.BTN_ANSWER:
            calls = await client.click(LAWYER, data)
            break
    assert calls.alerts == ["На звернення №1 уже надано відповідь."] and not calls.of("SendMessage")
    assert await dialog_state(session_pool, LAWYER) is None


async def test_another_composer_asks_before_leaving_a_draft(
    client: TelegramClient, workers: Any, session_pool: Any, people: None
) -> None:
    await ask(client, "Друге питання")  # №1
    await take_and_open_answer(client, workers)  # №2
    await client.send(LAWYER, "Відповідь на друге")
    await press(client, LAWYER, t.BTN_TAKE, 1)
    calls = await press(client, LAWYER, t.BTN_ANSWER, 1)
    assert tc.FORM_INTERRUPTED.format(title=t.PURPOSES[Purpose.ANSWER].title.format(number=2)) in calls.text
    calls = await client.click(LAWYER, calls.button(tc.BTN_CONTINUE))
    assert "Відповідь на звернення №2" in calls.text and "Уже є" in calls.text


async def test_the_second_free_text_offer_replaces_the_first(
    client: TelegramClient, session_pool: Any, people: None
) -> None:
    first = await client.send(OFFICIAL, "Перше питання без меню")
    second = await client.send(OFFICIAL, "Друге питання без меню")
    assert any(m.reply_markup is None for m in edits(second))  # the first offer's topics go
    stale = await press_on(client, OFFICIAL, first, LAND)
    assert stale.alerts == [tc.STALE_BUTTON]
    calls = await client.click(OFFICIAL, second.button(LAND))
    assert edits(calls)[0].text.endswith(f"✓ {LAND}")
    preview = await client.click(OFFICIAL, calls.button(t.BTN_DONE))
    assert "Друге питання без меню" in preview.text and "Перше" not in preview.text


async def test_lengths_are_counted_as_telegram_counts_them(
    client: TelegramClient, workers: Any, session_pool: Any, people: None
) -> None:
    """UTF-16 code units: an emoji outside the BMP counts two, as in Telegram's own limits."""
    await start_question(client)
    emoji = "🏡" * 2000  # 4000 units in one message, as Telegram lets it through
    for _ in range(4):
        calls = await client.send(OFFICIAL, emoji)
    assert "~16006 символів" in calls.text  # 4 × 4000 units and three paragraph breaks
    calls = await client.send(OFFICIAL, "🏡" * 1997)  # 16006 + 2 + 3994 = 20002 units: over the limit
    assert t.DRAFT_TOO_LONG.format(limit=QUESTION_MAX_UNITS) in calls.text
    calls = await client.send(OFFICIAL, "🏡" * 1996)  # exactly 20000 units: accepted
    assert "~20000 символів" in calls.text
    await client.click(OFFICIAL, calls.button(t.BTN_DONE))
    await press(client, OFFICIAL, t.BTN_SEND)
    consultation = await load(session_pool)
    assert tg_len(consultation.question) == QUESTION_MAX_UNITS
    await workers.drain()
    calls = await press(client, LAWYER, t.BTN_TAKE)
    assert all(tg_len(text) <= 4096 for text in calls.to(LAWYER).texts)
    assert sum(text.count("🏡") for text in calls.to(LAWYER).texts) == 4 * 2000 + 1996


async def test_once_taken_every_offer_to_take_shows_who_took_it(
    client: TelegramClient, workers: Any, session_pool: Any, people: None
) -> None:
    await create_user(
        session_pool, telegram_id=LAWYER2, role=Role.LAWYER, full_name="Бондар Ірина Василівна", topics=["land"]
    )
    await ask(client, "Питання про межі земельної ділянки")
    delivered = Calls(await workers.drain())
    mine, theirs = delivered.to(LAWYER), delivered.to(LAWYER2)
    assert theirs.button(t.BTN_TAKE)

    await client.click(LAWYER, mine.button(t.BTN_TAKE))
    replaced = Calls(await workers.drain())
    [other] = [m for m in replaced.to(LAWYER2).items if isinstance(m, EditMessageText)]
    offer_id = client.bot.session.results[id(theirs.items[-1])].message_id
    assert other.message_id == offer_id and other.reply_markup is None
    assert "№1" in other.text and "взяв у роботу Коваль Юрій Петрович" in other.text
    [own] = [m for m in replaced.to(LAWYER).items if isinstance(m, EditMessageText)]
    assert "ви взяли" in own.text

    # The other lawyer's old button, pressed anyway (a client that had not refreshed): a friendly alert.
    late = await client.click(LAWYER2, theirs.button(t.BTN_TAKE))
    assert late.alerts and "Коваль" in late.alerts[0]
    assert (await load(session_pool)).lawyer_id is not None
    assert await workers.drain() == []  # nothing more to replace


async def test_an_offer_not_yet_sent_when_taken_is_never_sent(
    client: TelegramClient, workers: Any, session_pool: Any, people: None
) -> None:
    await create_user(
        session_pool, telegram_id=LAWYER2, role=Role.LAWYER, full_name="Бондар Ірина Василівна", topics=["land"]
    )
    await ask(client, "Питання про межі земельної ділянки")
    queue = await client.send(LAWYER, "/queue")
    card = await client.click(LAWYER, queue.button("Відкрити №1"))
    await client.click(LAWYER, card.button(t.BTN_TAKE))  # before the workers sent the offers
    delivered = Calls(await workers.drain())
    assert "Нове звернення" not in delivered.to(LAWYER2).text + delivered.to(LAWYER).text
    assert not [m for m in delivered.items if isinstance(m, EditMessageText)]
    assert "взяла в роботу" in delivered.to(OFFICIAL).text or "взяв у роботу" in delivered.to(OFFICIAL).text
