"""Newsletters through the real dispatcher: subscriptions, composing, preview, scheduling, cancelling."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram.methods import EditMessageText, SendMessage
from aiogram.types import MessageEntity
from sqlalchemy import select

from bot.texts import common as tc
from bot.texts import newsletters as t
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
from tests.client import TelegramClient
from tests.conftest import ADMIN_ID, FakeClock, Workers
from tests.factories import create_user, register_via_bot

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
    calls = await client.click(OFFICIAL, "ns:+all")
    assert t.SAVED.format(summary=t.SUMMARY_ALL) in calls.text
    assert await subscriptions_of(session_pool, OFFICIAL) == {ALL_TOPICS}


async def test_subscriptions_toggle_topics_and_unsubscribe_everything(client: TelegramClient, session_pool) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL)
    calls = await client.send(OFFICIAL, tc.BTN_SUBSCRIPTIONS)
    assert t.SUMMARY_NONE in calls.text
    calls = await client.click(OFFICIAL, calls.button("Земельні"))
    assert await subscriptions_of(session_pool, OFFICIAL) == {"land"}
    assert ("✅ Земельні відносини", "ns:land") in calls.buttons()
    await client.click(OFFICIAL, "ns:budget")
    assert await subscriptions_of(session_pool, OFFICIAL) == {"land", "budget"}
    await client.click(OFFICIAL, "ns:land")
    assert await subscriptions_of(session_pool, OFFICIAL) == {"budget"}
    # "all", then dropping one topic keeps every other topic.
    await client.click(OFFICIAL, "ns:all")
    assert await subscriptions_of(session_pool, OFFICIAL) == {ALL_TOPICS}
    await client.click(OFFICIAL, "ns:land")
    remaining = await subscriptions_of(session_pool, OFFICIAL)
    assert "land" not in remaining and ALL_TOPICS not in remaining and "budget" in remaining
    calls = await client.click(OFFICIAL, "ns:-all")
    assert await subscriptions_of(session_pool, OFFICIAL) == set()
    assert t.SUMMARY_NONE in calls.text


async def test_subscriptions_need_registration(client: TelegramClient) -> None:
    calls = await client.send(OFFICIAL, "/subscriptions")
    assert calls.text == tc.NOT_REGISTERED


# --- composing -----------------------------------------------------------------


async def compose_to_review(client: TelegramClient, author: int, *topics: str, regions: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    calls = await client.send(author, "/newsletter")
    assert t.COMPOSE in calls.text
    calls = await client.send(
        author,
        "Зміни до Бюджетного кодексу <з 1 січня>",
        entities=[MessageEntity(type="bold", offset=0, length=5)],
    )
    assert t.PICK_TOPICS in calls.text
    for code in topics:
        await client.click(author, f"nt:{code}")
    calls = await client.click(author, "nt:next")
    assert t.PICK_REGIONS in calls.text
    for code in regions:
        await client.click(author, f"nr:{code}")
    return await client.click(author, "nr:next")


async def test_compose_preview_send_now_and_delivery(client: TelegramClient, session_pool, workers: Workers) -> None:
    await make_admin(session_pool)
    land = await create_user(session_pool)
    everything = await create_user(session_pool)
    other_topic = await create_user(session_pool)
    await subscribe(session_pool, land.telegram_id, "budget")
    await subscribe(session_pool, everything.telegram_id, ALL_TOPICS)
    await subscribe(session_pool, other_topic.telegram_id, "health")

    calls = await compose_to_review(client, ADMIN_ID, "budget")
    # The preview is the newsletter exactly as subscribers get it: formatting kept, user text escaped.
    preview = calls.of("SendMessage")[0]
    assert preview.text == "<b>Зміни</b> до Бюджетного кодексу &lt;з 1 січня&gt;"
    assert preview.reply_markup.inline_keyboard[0][0].text == t.UNSUBSCRIBE_BUTTON
    assert "Отримувачів зараз: <b>2</b>" in calls.text
    calls = await client.click(ADMIN_ID, calls.button("Надіслати зараз"))
    assert t.CONFIRM_NOW.format(recipients=2) in calls.text
    calls = await client.click(ADMIN_ID, calls.button("Підтвердити"))
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
    calls = await compose_to_review(client, ADMIN_ID, "land")
    calls = await client.click(ADMIN_ID, calls.button("Надіслати зараз"))
    await client.click(ADMIN_ID, calls.button("Підтвердити"))
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
    calls = await compose_to_review(client, ADMIN_ID, ALL_TOPICS, regions=("lvi",))
    assert "Отримувачів зараз: <b>1</b>" in calls.text
    calls = await client.click(ADMIN_ID, calls.button("Надіслати зараз"))
    await client.click(ADMIN_ID, calls.button("Підтвердити"))
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
    assert t.PICK_TOPICS in calls.text
    await client.click(ADMIN_ID, "nt:all")
    await client.click(ADMIN_ID, "nt:next")
    calls = await client.click(ADMIN_ID, "nr:next")
    assert calls.of("SendDocument")[0].document == "law-1"
    calls = await client.click(ADMIN_ID, calls.button("Надіслати зараз"))
    await client.click(ADMIN_ID, calls.button("Підтвердити"))
    requests = await workers.drain()
    docs = [m for m in requests if type(m).__name__ == "SendDocument"]
    assert [(d.chat_id, d.document, d.caption) for d in docs] == [(reader.telegram_id, "law-1", "Новий закон")]


async def test_topics_are_required(client: TelegramClient, session_pool) -> None:
    await make_admin(session_pool)
    await client.send(ADMIN_ID, "/newsletter")
    await client.send(ADMIN_ID, "Текст")
    calls = await client.click(ADMIN_ID, "nt:next")
    assert calls.alerts == [t.NEED_TOPIC]


async def test_schedule_then_start_at_its_time(
    client: TelegramClient, session_pool, workers: Workers, clock: FakeClock
) -> None:
    await make_admin(session_pool)
    reader = await create_user(session_pool)
    await subscribe(session_pool, reader.telegram_id, "budget")
    calls = await compose_to_review(client, ADMIN_ID, "budget")
    calls = await client.click(ADMIN_ID, calls.button("Запланувати"))
    assert "Коли надіслати?" in calls.text
    calls = await client.send(ADMIN_ID, "завтра")
    assert "Не розібрав дату" in calls.text
    calls = await client.send(ADMIN_ID, "01.01.2020 10:00")
    assert calls.text == t.WHEN_IN_PAST
    # The clock is 23.11.2026 09:00 Kyiv; 10:30 Kyiv is 08:30 UTC.
    calls = await client.send(ADMIN_ID, "23.11.2026 10:30")
    assert t.CONFIRM_AT.format(when="23.11.2026 10:30", recipients=1) in calls.text
    calls = await client.click(ADMIN_ID, calls.button("Підтвердити"))
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
    calls = await compose_to_review(client, ADMIN_ID, "budget")
    await client.click(ADMIN_ID, calls.button("Запланувати"))
    calls = await client.send(ADMIN_ID, "24.11.2026 10:00")
    await client.click(ADMIN_ID, calls.button("Підтвердити"))
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
    calls = await compose_to_review(client, ADMIN_ID, "budget")
    calls = await client.click(ADMIN_ID, calls.button("Надіслати зараз"))
    await client.click(ADMIN_ID, calls.button("Підтвердити"))
    worker = next(w for w in workers.workers if w.name == "newsletters")
    worker.batch = 1  # one recipient per round, so we can stop in the middle
    await worker.run_once()  # starts, adds recipients, sends one
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
    assert t.COMPOSE in calls.text
    # A forged confirm button from someone else's draft is refused.
    calls = await client.send(lawyer.telegram_id, "Текст")
    await client.click(lawyer.telegram_id, "nt:budget")
    await client.click(lawyer.telegram_id, "nt:next")
    calls = await client.click(lawyer.telegram_id, "nr:next")
    draft = calls.button("Надіслати зараз")
    calls = await client.click(OFFICIAL, draft)
    assert calls.alerts == [tc.STALE_BUTTON]
    async with session_pool() as session:
        newsletter = await session.scalar(select(Newsletter))
    calls = await client.click(OFFICIAL, f"nx:{newsletter.id}")
    assert calls.alerts == [t.NOT_AUTHOR]


async def test_news_lists_and_opens_past_newsletters(client: TelegramClient, session_pool, workers: Workers) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL)
    calls = await client.send(OFFICIAL, tc.BTN_NEWS)
    assert calls.text == t.NEWS_EMPTY
    await make_admin(session_pool)
    calls = await compose_to_review(client, ADMIN_ID, "budget")
    calls = await client.click(ADMIN_ID, calls.button("Надіслати зараз"))
    await client.click(ADMIN_ID, calls.button("Підтвердити"))
    await workers.drain()
    calls = await client.send(OFFICIAL, "/news")
    assert t.NEWS_LIST in calls.text
    calls = await client.click(OFFICIAL, calls.button("Зміни до Бюджетного"))
    assert calls.of("SendMessage")[0].text == "<b>Зміни</b> до Бюджетного кодексу &lt;з 1 січня&gt;"


async def test_admin_list_shows_delivery_figures(client: TelegramClient, session_pool, workers: Workers) -> None:
    await make_admin(session_pool)
    reader = await create_user(session_pool)
    await subscribe(session_pool, reader.telegram_id, ALL_TOPICS)
    calls = await compose_to_review(client, ADMIN_ID, "budget")
    calls = await client.click(ADMIN_ID, calls.button("Надіслати зараз"))
    await client.click(ADMIN_ID, calls.button("Підтвердити"))
    await workers.drain()
    calls = await client.send(ADMIN_ID, "/newsletters")
    assert "завершено" in calls.text and "✅ 1 · ❌ 0 · 🚫 0 · ⏳ 0 з 1" in calls.text
    calls = await client.send(OFFICIAL, "/newsletters")
    assert "завершено" not in calls.text
