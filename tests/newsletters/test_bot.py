"""Newsletters through the real dispatcher: subscriptions, composing, preview, scheduling, cancelling."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiogram.methods import EditMessageText, SendMessage
from aiogram.types import MessageEntity
from sqlalchemy import select

from bot.callbacks.newsletters import NewsletterCancelCb, SubscriptionAction, SubscriptionCb
from bot.texts import common as tc
from bot.texts import newsletters as t
from services.text import ALERT_LIMIT, tg_len
from storage.models import (
    ALL_TOPICS,
    DeliveryState,
    Newsletter,
    NewsletterDelivery,
    NewsletterStatus,
    Role,
    Subscription,
    User,
)
from tests.conftest import ADMIN_ID, FakeClock, Workers
from tests.support.client import TelegramClient
from tests.support.factories import create_user, register_via_bot

OFFICIAL = 5101


async def subscriptions_of(pool, telegram_id: int) -> set[str]:  # type: ignore[no-untyped-def]
    async with pool() as session:
        user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
        rows = await session.scalars(select(Subscription.topic_code).where(Subscription.user_id == user.id))
        return set(rows.all())


async def subscribe(pool, telegram_id: int, *codes: str) -> None:  # type: ignore[no-untyped-def]
    async with pool() as session:
        user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
        for code in codes:
            session.add(Subscription(user_id=user.id, topic_code=code))
        await session.commit()


async def make_admin(pool) -> None:  # type: ignore[no-untyped-def]
    await create_user(pool, telegram_id=ADMIN_ID, role=Role.ADMIN, full_name="Адмін Олег")


# --- subscriptions -------------------------------------------------------------


async def test_registration_offers_subscription_and_one_tap_subscribes_to_all(
    client: TelegramClient, session_pool
) -> None:
    await register_via_bot(client, OFFICIAL)
    calls = await client.send(OFFICIAL, "/start")  # registered: main menu
    assert tc.MAIN_MENU in calls.text
    # The offer came right after "registered".
    offer = [m for m in client.bot.session.requests if getattr(m, "text", None) == t.SUBSCRIBE_OFFER]
    assert len(offer) == 1
    everything = button_of(offer[0], t.BTN_SUBSCRIBE_ALL)
    calls = await client.click(OFFICIAL, everything)
    assert t.SAVED.format(summary=t.SUMMARY_ALL) in calls.text
    assert await subscriptions_of(session_pool, OFFICIAL) == {ALL_TOPICS}
    again = await client.click(OFFICIAL, everything)  # a double tap: done already, no error
    assert again.alerts == [t.ALREADY_SAVED] and await subscriptions_of(session_pool, OFFICIAL) == {ALL_TOPICS}


def button_of(method: Any, contains: str) -> str:
    return next(b.callback_data for row in method.reply_markup.inline_keyboard for b in row if contains in b.text)


async def test_offer_not_now_twice_changes_nothing(client: TelegramClient, session_pool) -> None:
    await register_via_bot(client, OFFICIAL)
    offer = next(m for m in client.bot.session.requests if getattr(m, "text", None) == t.SUBSCRIBE_OFFER)
    not_now = button_of(offer, t.BTN_NOT_NOW)
    first = await client.click(OFFICIAL, not_now)
    assert t.NOT_NOW in first.text
    second = await client.click(OFFICIAL, not_now)
    assert second.alerts == [] and not second.of("SendMessage")
    assert await subscriptions_of(session_pool, OFFICIAL) == set()


async def test_subscriptions_toggle_topics_and_unsubscribe_everything(client: TelegramClient, session_pool) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL)
    screen = await client.send(OFFICIAL, tc.BTN_SUBSCRIPTIONS)
    assert t.SUMMARY_NONE in screen.text
    calls = await client.click(OFFICIAL, screen.button("Земельні"))
    assert await subscriptions_of(session_pool, OFFICIAL) == {"land"}
    assert tc.FORM_PICKED + "Земельні відносини" in [text for text, _ in calls.buttons()]
    await client.click(OFFICIAL, calls.button("Бюджет"))
    assert await subscriptions_of(session_pool, OFFICIAL) == {"land", "budget"}
    calls = await client.click(OFFICIAL, calls.button("Земельні"))
    assert await subscriptions_of(session_pool, OFFICIAL) == {"budget"}
    # "all", then dropping one topic keeps every other topic.
    calls = await client.click(OFFICIAL, calls.button(t.BTN_ALL_TOPICS))
    assert await subscriptions_of(session_pool, OFFICIAL) == {ALL_TOPICS}
    calls = await client.click(OFFICIAL, calls.button("Земельні"))
    remaining = await subscriptions_of(session_pool, OFFICIAL)
    assert "land" not in remaining and ALL_TOPICS not in remaining and "budget" in remaining
    calls = await client.click(OFFICIAL, calls.button(t.BTN_UNSUBSCRIBE_ALL))
    assert await subscriptions_of(session_pool, OFFICIAL) == set()
    assert t.SUMMARY_NONE in calls.text
    done = calls.button(t.BTN_DONE)
    calls = await client.click(OFFICIAL, done)
    assert t.SAVED.format(summary=t.SUMMARY_NONE) in calls.text
    again = await client.click(OFFICIAL, done)  # a double tap: the same screen, no error
    assert again.alerts == [] and not again.of("SendMessage")
    assert await subscriptions_of(session_pool, OFFICIAL) == set()


async def test_a_forged_topic_is_refused_in_words(client: TelegramClient, session_pool) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL)
    calls = await client.click(OFFICIAL, SubscriptionCb(action=SubscriptionAction.TOGGLE, code="nope", on=True).pack())
    assert calls.alerts == [t.TOPIC_GONE]


async def test_subscriptions_need_registration(client: TelegramClient) -> None:
    calls = await client.send(OFFICIAL, "/subscriptions")
    assert calls.text == tc.NOT_REGISTERED
    calls = await client.click(OFFICIAL, SubscriptionCb(action=SubscriptionAction.ALL).pack())
    assert calls.alerts == [tc.NOT_REGISTERED]


# --- composing -----------------------------------------------------------------

BODY = "Зміни до Бюджетного кодексу <з 1 січня>"
BODY_HTML = "<b>Зміни</b> до Бюджетного кодексу &lt;з 1 січня&gt;"


async def compose_to_review(  # type: ignore[no-untyped-def]
    client: TelegramClient, author: int, *topics: str, regions: tuple[str, ...] = (), when: str | None = None
):
    """Fills the form by its buttons (topics and regions by their titles); returns the summary's calls."""
    calls = await client.send(author, "/newsletter")
    assert t.PROMPTS["content"] in calls.text
    calls = await client.send(author, BODY, entities=[MessageEntity(type="bold", offset=0, length=5)])
    return await pick_to_review(client, author, calls, topics, regions, when)


async def pick_to_review(  # type: ignore[no-untyped-def]
    client: TelegramClient, author: int, calls, topics: tuple[str, ...], regions: tuple[str, ...], when: str | None
):
    assert t.PROMPTS["topics"] in calls.text
    shown = calls
    for title in topics:
        await client.click(author, shown.button(title))
    calls = await client.click(author, shown.button(t.BTN_DONE_PICKING))
    assert t.PROMPTS["regions"] in calls.text
    shown = calls
    for title in regions:
        await client.click(author, shown.button(title))
    calls = await client.click(author, shown.button(t.BTN_DONE_PICKING))
    assert "Коли надіслати?" in calls.text
    if when is None:
        return await client.click(author, calls.button(t.BTN_SEND_NOW))
    return await client.send(author, when)


async def test_compose_preview_send_now_and_delivery(client: TelegramClient, session_pool, workers: Workers) -> None:
    await make_admin(session_pool)
    land = await create_user(session_pool)
    everything = await create_user(session_pool)
    other_topic = await create_user(session_pool)
    await subscribe(session_pool, land.telegram_id, "budget")
    await subscribe(session_pool, everything.telegram_id, ALL_TOPICS)
    await subscribe(session_pool, other_topic.telegram_id, "health")

    calls = await compose_to_review(client, ADMIN_ID, "Бюджет")
    # The preview is the newsletter exactly as subscribers get it: formatting kept, user text escaped.
    assert t.PREVIEW_BELOW in calls.text
    preview = next(m for m in calls.of("SendMessage") if m.text == BODY_HTML)
    assert preview.reply_markup.inline_keyboard[0][0].text == t.UNSUBSCRIBE_BUTTON
    assert "Коли: " + t.WHEN_NOW in calls.text
    assert "Отримувачів зараз: <b>2</b>" in calls.text
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    async with session_pool() as session:
        newsletter = await session.scalar(select(Newsletter))
    assert newsletter.status == NewsletterStatus.SCHEDULED
    assert t.QUEUED.format(id=newsletter.id) in calls.text

    requests = await workers.drain()
    sent = [m for m in requests if isinstance(m, SendMessage) and m.text == preview.text]
    assert sorted(m.chat_id for m in sent) == sorted([land.telegram_id, everything.telegram_id])
    async with session_pool() as session:
        newsletter = await session.scalar(select(Newsletter))
        rows = (await session.scalars(select(NewsletterDelivery))).all()
    assert newsletter.status == NewsletterStatus.DONE
    assert {r.state for r in rows} == {DeliveryState.SENT} and len(rows) == 2
    # One progress message for the author, edited to the final figures, and a final report.
    to_author = [m for m in requests if getattr(m, "chat_id", None) == ADMIN_ID]
    progress = [m for m in to_author if isinstance(m, SendMessage) and "триває" in m.text]
    assert len(progress) == 1
    final = t.FINISHED.format(id=newsletter.id, sent=2, failed=0, blocked=0, total=2)
    assert any(isinstance(m, EditMessageText) and m.text == final for m in to_author)
    assert any(isinstance(m, SendMessage) and m.text == final for m in to_author)


async def test_unsubscribe_button_under_a_newsletter(client: TelegramClient, session_pool, workers: Workers) -> None:
    await make_admin(session_pool)
    await create_user(session_pool, telegram_id=OFFICIAL)
    await subscribe(session_pool, OFFICIAL, ALL_TOPICS)
    calls = await compose_to_review(client, ADMIN_ID, "Земельні")
    await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    requests = await workers.drain()
    delivered = [m for m in requests if getattr(m, "chat_id", None) == OFFICIAL]
    button = delivered[0].reply_markup.inline_keyboard[0][0]
    calls = await client.click(OFFICIAL, button.callback_data)
    assert calls.alerts == [t.UNSUBSCRIBED_FROM.format(topics="Земельні відносини")]
    remaining = await subscriptions_of(session_pool, OFFICIAL)
    assert "land" not in remaining and "budget" in remaining
    calls = await client.click(OFFICIAL, button.callback_data)
    assert calls.alerts == [t.ALREADY_UNSUBSCRIBED]


async def test_regions_narrow_the_recipients(client: TelegramClient, session_pool, workers: Workers) -> None:
    await make_admin(session_pool)
    kyiv = await create_user(session_pool, region_code="kyo")
    lviv = await create_user(session_pool, region_code="lvi")
    for user in (kyiv, lviv):
        await subscribe(session_pool, user.telegram_id, ALL_TOPICS)
    calls = await compose_to_review(client, ADMIN_ID, t.BTN_ALL_TOPICS, regions=("Львівська",))
    assert "Отримувачів зараз: <b>1</b>" in calls.text
    await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    requests = await workers.drain()
    assert {getattr(m, "chat_id", None) for m in requests} - {ADMIN_ID} == {lviv.telegram_id}


async def test_document_with_caption_is_delivered_as_a_document(
    client: TelegramClient, session_pool, workers: Workers
) -> None:
    await make_admin(session_pool)
    reader = await create_user(session_pool)
    await subscribe(session_pool, reader.telegram_id, ALL_TOPICS)
    await client.send(ADMIN_ID, "/newsletter")
    calls = await client.send_document(ADMIN_ID, file_id="law-1", caption="Новий закон")
    calls = await pick_to_review(client, ADMIN_ID, calls, (t.BTN_ALL_TOPICS,), (), None)
    assert calls.of("SendDocument")[0].document == "law-1"
    await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    requests = await workers.drain()
    docs = [m for m in requests if type(m).__name__ == "SendDocument"]
    assert [(d.chat_id, d.document, d.caption) for d in docs] == [(reader.telegram_id, "law-1", "Новий закон")]


async def test_topics_are_required(client: TelegramClient, session_pool) -> None:
    await make_admin(session_pool)
    await client.send(ADMIN_ID, "/newsletter")
    calls = await client.send(ADMIN_ID, "Текст")
    done = await client.click(ADMIN_ID, calls.button(t.BTN_DONE_PICKING))
    assert done.alerts == [t.NEED_TOPIC]
    assert not done.of("EditMessageReplyMarkup") and not done.of("SendMessage")  # the keyboard stays
    await client.click(ADMIN_ID, calls.button("Освіта"))
    done = await client.click(ADMIN_ID, calls.button(t.BTN_DONE_PICKING))
    assert t.PROMPTS["regions"] in done.text and "✓ Освіта" in done.text


async def test_schedule_then_start_at_its_time(
    client: TelegramClient, session_pool, workers: Workers, clock: FakeClock
) -> None:
    await make_admin(session_pool)
    reader = await create_user(session_pool)
    await subscribe(session_pool, reader.telegram_id, "budget")
    calls = await compose_to_review(client, ADMIN_ID, "Бюджет", when="завтра")
    # The clock is 23.11.2026 09:00 Kyiv: the example is tomorrow at 10:00, never in the past.
    assert "Не розібрав дату" in calls.text and "<code>24.11.2026 10:00</code>" in calls.text
    assert "Europe/Kyiv" not in calls.text
    calls = await client.send(ADMIN_ID, "01.01.2020 10:00")
    assert t.WHEN_IN_PAST in calls.text and "Коли надіслати?" in calls.text
    # 10:30 Kyiv is 08:30 UTC.
    calls = await client.send(ADMIN_ID, "23.11.2026 10:30")
    assert "Коли: 23.11.2026 10:30" in calls.text and "Отримувачів зараз: <b>1</b>" in calls.text
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    async with session_pool() as session:
        newsletter = await session.scalar(select(Newsletter))
    assert newsletter.status == NewsletterStatus.SCHEDULED
    assert newsletter.scheduled_at == datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
    assert t.SCHEDULED.format(id=newsletter.id, when="23.11.2026 10:30") in calls.text

    assert [m for m in await workers.drain() if getattr(m, "chat_id", None) == reader.telegram_id] == []
    clock.advance(minutes=89)
    assert [m for m in await workers.drain() if getattr(m, "chat_id", None) == reader.telegram_id] == []
    clock.advance(minutes=2)
    requests = await workers.drain()
    assert [m.chat_id for m in requests if isinstance(m, SendMessage) and m.chat_id == reader.telegram_id] == [
        reader.telegram_id
    ]


async def test_cancel_a_scheduled_newsletter(
    client: TelegramClient, session_pool, workers: Workers, clock: FakeClock
) -> None:
    await make_admin(session_pool)
    reader = await create_user(session_pool)
    await subscribe(session_pool, reader.telegram_id, ALL_TOPICS)
    calls = await compose_to_review(client, ADMIN_ID, "Бюджет", when="24.11.2026 10:00")
    await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    calls = await client.send(ADMIN_ID, "/newsletters")
    assert "заплановано" in calls.text
    calls = await client.click(ADMIN_ID, calls.button("Скасувати №"))
    async with session_pool() as session:
        newsletter = await session.scalar(select(Newsletter))
    assert newsletter.status == NewsletterStatus.CANCELLED
    assert "скасовано" in calls.text
    clock.advance(days=2)
    requests = await workers.drain()
    assert [m for m in requests if getattr(m, "chat_id", None) == reader.telegram_id] == []
    calls = await client.click(ADMIN_ID, f"nx:{newsletter.id}")
    assert calls.alerts == [t.CANNOT_CANCEL]


async def test_cancel_a_running_newsletter_keeps_what_was_sent(
    client: TelegramClient, session_pool, workers: Workers
) -> None:
    await make_admin(session_pool)
    readers = [await create_user(session_pool) for _ in range(3)]
    for reader in readers:
        await subscribe(session_pool, reader.telegram_id, ALL_TOPICS)
    calls = await compose_to_review(client, ADMIN_ID, "Бюджет")
    await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    worker = next(w for w in workers.workers if w.name == "newsletters")
    worker.batch = 1  # one recipient per round, so we can stop in the middle
    await worker.run_once()  # starts, adds recipients, sends one
    # A full batch leaves its send going while the next is claimed: let the one send finish (on a busy
    # machine it may not have yet, and the cancel would then find three unsent).
    await worker.wait_background()
    async with session_pool() as session:
        newsletter = await session.scalar(select(Newsletter))
    calls = await client.click(ADMIN_ID, f"nx:{newsletter.id}")
    assert t.CANCELLED_REPORT.format(id=newsletter.id, sent=1, failed=0, blocked=0, cancelled=2) in calls.text
    await workers.drain()
    async with session_pool() as session:
        states = sorted(r.state for r in (await session.scalars(select(NewsletterDelivery))).all())
    assert states == [DeliveryState.CANCELLED, DeliveryState.CANCELLED, DeliveryState.SENT]


async def test_officials_cannot_compose_and_editors_can(client: TelegramClient, session_pool) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL)
    calls = await client.send(OFFICIAL, "/newsletter")
    assert calls.text == t.NOT_AUTHOR
    lawyer = await create_user(session_pool, role=Role.LAWYER, full_name="Юрист Марія")
    calls = await client.send(lawyer.telegram_id, "/newsletter")
    assert calls.text == t.NOT_AUTHOR
    # Admins make editors in /staff.
    await make_admin(session_pool)
    await client.send(ADMIN_ID, f"/staff add {lawyer.telegram_id} editor")
    async with session_pool() as session:
        assert (await session.get(User, lawyer.id)).is_editor is True
    calls = await client.send(lawyer.telegram_id, "/newsletter")
    assert t.PROMPTS["content"] in calls.text
    assert t.BTN_LIST not in [text for text, _ in calls.buttons()]  # the list is the admins'
    # Someone else pressing the editor's buttons is refused, and nothing is sent.
    calls = await client.send(lawyer.telegram_id, "Текст")
    calls = await pick_to_review(client, lawyer.telegram_id, calls, ("Бюджет",), (), None)
    confirm = calls.button(tc.BTN_CONFIRM)
    calls = await client.click(OFFICIAL, confirm)
    assert calls.alerts == [tc.STALE_BUTTON]
    async with session_pool() as session:
        assert await session.scalar(select(Newsletter)) is None
    await client.click(lawyer.telegram_id, confirm)
    async with session_pool() as session:
        newsletter = await session.scalar(select(Newsletter))
    assert newsletter.author_id == lawyer.id and newsletter.status == NewsletterStatus.SCHEDULED
    calls = await client.click(OFFICIAL, NewsletterCancelCb(newsletter_id=newsletter.id).pack())
    assert calls.alerts == [t.NOT_AUTHOR]


async def test_news_lists_and_opens_past_newsletters(client: TelegramClient, session_pool, workers: Workers) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL)
    calls = await client.send(OFFICIAL, tc.BTN_NEWS)
    assert calls.text == t.NEWS_EMPTY
    await make_admin(session_pool)
    calls = await compose_to_review(client, ADMIN_ID, "Бюджет")
    await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    await workers.drain()
    calls = await client.send(OFFICIAL, "/news")
    assert t.NEWS_LIST in calls.text
    calls = await client.click(OFFICIAL, calls.button("Зміни до Бюджетного"))
    assert calls.of("SendMessage")[0].text == "<b>Зміни</b> до Бюджетного кодексу &lt;з 1 січня&gt;"


async def test_admin_list_shows_delivery_figures(client: TelegramClient, session_pool, workers: Workers) -> None:
    await make_admin(session_pool)
    reader = await create_user(session_pool)
    await subscribe(session_pool, reader.telegram_id, ALL_TOPICS)
    calls = await compose_to_review(client, ADMIN_ID, "Бюджет")
    await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    await workers.drain()
    calls = await client.send(ADMIN_ID, "/newsletters")
    assert "завершено" in calls.text and "✅ 1 · ❌ 0 · 🚫 0 · ⏳ 0 з 1" in calls.text
    calls = await client.send(OFFICIAL, "/newsletters")
    assert "завершено" not in calls.text


async def test_all_topics_newsletter_unsubscribe_alert_fits_and_confirm_twice_sends_once(
    client: TelegramClient, session_pool, workers: Workers
) -> None:
    await make_admin(session_pool)
    await create_user(session_pool, telegram_id=OFFICIAL)
    await subscribe(session_pool, OFFICIAL, ALL_TOPICS)
    calls = await compose_to_review(client, ADMIN_ID, t.BTN_ALL_TOPICS)
    confirm = calls.button(tc.BTN_CONFIRM)
    await client.click(ADMIN_ID, confirm)
    again = await client.click(ADMIN_ID, confirm)  # a double tap: one newsletter
    assert again.alerts == [tc.STALE_BUTTON]
    async with session_pool() as session:
        assert len((await session.scalars(select(Newsletter))).all()) == 1
    requests = await workers.drain()
    delivered = next(m for m in requests if getattr(m, "chat_id", None) == OFFICIAL)
    button = delivered.reply_markup.inline_keyboard[0][0].callback_data
    calls = await client.click(OFFICIAL, button)
    assert calls.alerts == [t.UNSUBSCRIBED_EVERYTHING] and tg_len(calls.alerts[0]) <= ALERT_LIMIT
    assert await subscriptions_of(session_pool, OFFICIAL) == set()
    calls = await client.click(OFFICIAL, button)
    assert calls.alerts == [t.ALREADY_UNSUBSCRIBED]
    # The author's first progress message does not say "0 left" before anyone was counted.
    progress = next(m for m in requests if isinstance(m, SendMessage) and "триває" in m.text)
    assert "Залишилось: 0" not in progress.text


async def test_editors_get_newsletter_in_their_command_menu(client: TelegramClient, session_pool) -> None:
    await make_admin(session_pool)
    lawyer = await create_user(session_pool, role=Role.LAWYER, full_name="Юрист Марія")
    calls = await client.send(ADMIN_ID, f"/staff add {lawyer.telegram_id} editor")
    menus = [m for m in calls.of("SetMyCommands") if m.scope.chat_id == lawyer.telegram_id]
    assert menus and "newsletter" in [c.command for c in menus[-1].commands]
    assert "newsletters" not in [c.command for c in menus[-1].commands]  # the list stays the admins'
