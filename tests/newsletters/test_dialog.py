"""The newsletter form through the real dispatcher: back, cancel, change a field, a command in the middle."""

from __future__ import annotations

from typing import Any

from aiogram.types import MessageEntity
from sqlalchemy import func, select

from bot.texts import common as tc
from bot.texts import newsletters as t
from storage.models import Newsletter
from tests.conftest import ADMIN_ID
from tests.newsletters.test_bot import BODY, compose_to_review, make_admin
from tests.support.client import Calls, TelegramClient


async def newsletters(session_pool: Any) -> list[Newsletter]:
    async with session_pool() as session:
        return list((await session.scalars(select(Newsletter))).all())


async def at_topics(client: TelegramClient) -> Calls:
    await client.send(ADMIN_ID, "/newsletter")
    calls = await client.send(ADMIN_ID, BODY, entities=[MessageEntity(type="bold", offset=0, length=5)])
    assert t.PROMPTS["topics"] in calls.text
    return calls


async def test_back_returns_to_the_text_and_keeps_the_ticked_topics(client: TelegramClient, session_pool: Any) -> None:
    await make_admin(session_pool)
    topics = await at_topics(client)
    await client.click(ADMIN_ID, topics.button("Бюджет"))
    calls = await client.click(ADMIN_ID, topics.button(tc.BTN_BACK))
    assert t.PROMPTS["content"] in calls.text
    calls = await client.send(ADMIN_ID, "Новий текст розсилки")
    assert t.PROMPTS["topics"] in calls.text
    ticked = [text for text, _ in calls.buttons() if text.startswith(tc.FORM_PICKED)]
    assert len(ticked) == 1 and "Бюджет" in ticked[0]  # the topic ticked before "Back" still is
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_DONE_PICKING))
    assert t.PROMPTS["regions"] in calls.text


async def test_cancel_saves_nothing(client: TelegramClient, session_pool: Any) -> None:
    await make_admin(session_pool)
    topics = await at_topics(client)
    await client.click(ADMIN_ID, topics.button("Бюджет"))
    regions = await client.click(ADMIN_ID, topics.button(t.BTN_DONE_PICKING))
    calls = await client.click(ADMIN_ID, regions.button(tc.BTN_CANCEL))
    assert tc.FORM_CANCELLED in calls.text
    assert await newsletters(session_pool) == []
    # The used keyboard is stale now: a press on it is a short alert, not a step.
    assert (await client.click(ADMIN_ID, regions.button(t.BTN_DONE_PICKING))).alerts == [tc.STALE_BUTTON]


async def test_change_a_field_from_the_summary_returns_to_the_summary(
    client: TelegramClient, session_pool: Any
) -> None:
    await make_admin(session_pool)
    summary = await compose_to_review(client, ADMIN_ID, "Бюджет")
    assert "Бюджет" in summary.text
    calls = await client.click(ADMIN_ID, summary.button(tc.BTN_CHANGE.format(label=t.FIELD_LABELS["topics"])))
    assert t.PROMPTS["topics"] in calls.text
    shown = calls
    await client.click(ADMIN_ID, shown.button("Бюджет"))  # untick
    await client.click(ADMIN_ID, shown.button("Земельні відносини"))
    calls = await client.click(ADMIN_ID, shown.button(t.BTN_DONE_PICKING))
    # Straight back to the summary: regions and time are not asked again.
    assert t.PROMPTS["regions"] not in calls.text and tc.BTN_CONFIRM in [b for b, _ in calls.buttons()]
    assert "Земельні відносини" in calls.text
    await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    [newsletter] = await newsletters(session_pool)
    assert newsletter.topics == ["land"]


async def test_a_command_in_the_middle_keeps_the_draft(client: TelegramClient, session_pool: Any) -> None:
    await make_admin(session_pool)
    topics = await at_topics(client)
    await client.click(ADMIN_ID, topics.button("Бюджет"))
    for command in ("/help", "/start"):
        calls = await client.send(ADMIN_ID, command)
        assert t.FORM_TITLE in calls.text and tc.BTN_CONTINUE in [b for b, _ in calls.buttons()]
        calls = await client.click(ADMIN_ID, calls.button(tc.BTN_CONTINUE))
        assert t.PROMPTS["topics"] in calls.text
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_DONE_PICKING))
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_DONE_PICKING))
    summary = await client.click(ADMIN_ID, calls.button(t.BTN_SEND_NOW))
    assert "Бюджет" in summary.text and "Зміни" in summary.text
    await client.click(ADMIN_ID, summary.button(tc.BTN_CONFIRM))
    async with session_pool() as session:
        assert await session.scalar(select(func.count()).select_from(Newsletter)) == 1
