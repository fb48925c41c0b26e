"""/forget: after a confirmation the person's data is gone from every table, while the indicators stay the same."""

from __future__ import annotations

import re
from typing import Any

import pytest
from aiogram.methods import EditMessageText
from sqlalchemy import select

from bot.texts import hotline as th
from bot.texts import privacy as t
from bot.texts import registration as tr
from storage.models import (
    Consultation,
    ConsultationStatus,
    DeliveryState,
    Newsletter,
    NewsletterDelivery,
    NewsletterStatus,
    RegistrationStatus,
    Role,
    Subscription,
    TrainingRegistration,
    User,
)
from tests.conftest import ADMIN_ID
from tests.hotline.helpers import compose_and_send, press, start_question
from tests.privacy.helpers import LAWYER, live_a_life, person, user_of
from tests.privacy.scan import traces
from tests.support.client import TelegramClient
from tests.support.factories import create_user, register_via_bot


@pytest.fixture(autouse=True)
async def staff(session_pool: Any) -> None:
    await create_user(session_pool, telegram_id=LAWYER, role=Role.LAWYER, full_name="Юрій Юрист")
    await create_user(session_pool, telegram_id=ADMIN_ID, full_name="Адмін")


# What is there right now, not a total of the period: her open consultation is closed and her subscription
# gone (as when anyone unsubscribes). Every indicator and every count of the period stays.
CURRENT_STATE = re.compile(r"відкрито зараз: \d+|підписників (зараз: )?\d+")


async def indicators(client: TelegramClient) -> str:
    return CURRENT_STATE.sub("", (await client.send(ADMIN_ID, "/indicators")).text)


async def _pending_newsletter(session_pool: Any, telegram_id: int) -> None:
    async with session_pool() as session:
        author = await session.scalar(select(User).where(User.telegram_id == ADMIN_ID))
        reader = await session.scalar(select(User).where(User.telegram_id == telegram_id))
        assert author is not None and reader is not None
        newsletter = Newsletter(author_id=author.id, author_chat_id=ADMIN_ID, status=NewsletterStatus.SENDING)
        session.add(newsletter)
        await session.flush()
        session.add(NewsletterDelivery(newsletter_id=newsletter.id, user_id=reader.id, chat_id=telegram_id))
        await session.commit()


async def test_forget_leaves_no_trace_and_the_indicators_unchanged(
    client: TelegramClient, session_pool: Any, workers: Any, clock: Any
) -> None:
    olena, maria = person(5601, "Коваленко"), person(5602, "Шевчук")
    await live_a_life(client, session_pool, workers, clock, olena)  # №1: answered, rated, closed
    await live_a_life(client, session_pool, workers, clock, maria, rate=False)  # №2
    # №3: open and with the lawyer, a question with a second secret.
    still_open = f"Друге питання {olena.name}: звільнення працівниці Мельник"
    await start_question(client, user_id=olena.telegram_id)
    await compose_and_send(client, olena.telegram_id, still_open)
    await workers.drain()
    await press(client, LAWYER, th.BTN_TAKE, 3)
    await workers.drain()
    await _pending_newsletter(session_pool, olena.telegram_id)
    olena_row = await user_of(session_pool, olena.telegram_id)

    indicators_before = await indicators(client)

    asked = await client.send(olena.telegram_id, "/forget")
    assert t.FORGET_ASK.split("\n")[0] in asked.text
    assert "питання, на які ви знайшли відповідь у базі" in asked.text  # erased too, and she is told so
    done = await client.click(olena.telegram_id, asked.button(t.BTN_FORGET))
    assert t.FORGOTTEN.format(closed=1) in done.text
    assert done.of("EditMessageReplyMarkup")  # the used keyboard goes away
    again = await client.click(olena.telegram_id, asked.button(t.BTN_FORGET))
    assert again.alerts == [t.ALREADY_FORGOTTEN]

    # The lawyer of the open one is told (ids only), the offer to take it (which quoted her question) is
    # replaced, and nothing else goes to anyone about her.
    sent = await workers.drain()
    to_lawyer = [m.text for m in sent if getattr(m, "chat_id", None) == LAWYER]  # type: ignore[attr-defined]
    assert to_lawyer == [t.OFFER_ERASED.format(number=3), t.WITHDRAWN_NOTICE.format(number=3)]
    assert not [m for m in sent if getattr(m, "chat_id", None) == olena.telegram_id]

    # No trace of her name, position, phone, username, questions, answers, files or comment in any table...
    secrets = [*olena.secrets, still_open, f"user{olena.telegram_id}"]
    assert await traces(session_pool, secrets) == []
    # ...while the other official's data is all there (the scan does find what is kept).
    assert {found.split(": ")[1] for found in await traces(session_pool, maria.secrets)} == set(maria.secrets) - {
        maria.comment  # she did not rate
    }

    async with session_pool() as session:
        forgotten = await session.get(User, olena_row.id)
        assert forgotten is not None and forgotten.forgotten_at == clock.now()
        assert (forgotten.community, forgotten.region_code) == (olena_row.community, olena_row.region_code)
        assert forgotten.telegram_id != olena.telegram_id
        consultations = (
            await session.scalars(select(Consultation).where(Consultation.official_id == olena_row.id))
        ).all()
        assert {c.status for c in consultations} == {ConsultationStatus.CLOSED}
        assert all(c.anonymised_at == clock.now() for c in consultations)
        assert [c.rating for c in consultations] == [5, None]  # the average rating counts it still
        assert (await session.scalars(select(Subscription).where(Subscription.user_id == olena_row.id))).all() == []
        deliveries = (
            await session.scalars(select(NewsletterDelivery).where(NewsletterDelivery.user_id == olena_row.id))
        ).all()
        assert [d.state for d in deliveries] == [DeliveryState.CANCELLED]
        registrations = (
            await session.scalars(select(TrainingRegistration).where(TrainingRegistration.user_id == olena_row.id))
        ).all()
        assert [r.status for r in registrations] == [RegistrationStatus.CANCELLED]

    assert await indicators(client) == indicators_before

    # The bot no longer knows her: /start is a new registration, as a new person.
    assert (await client.send(olena.telegram_id, "/mydata")).text == t.MYDATA_NOT_REGISTERED
    calls = await client.send(olena.telegram_id, "/start")
    assert tr.CONSENT_QUESTION in calls.text
    await register_via_bot(client, olena.telegram_id, name="Нова Особа Петрівна")
    again_registered = await user_of(session_pool, olena.telegram_id)
    assert again_registered.id != olena_row.id and again_registered.full_name == "Нова Особа Петрівна"


async def test_staff_are_refused_and_keeping_changes_nothing(client: TelegramClient, session_pool: Any) -> None:
    refused = await client.send(LAWYER, "/forget")
    assert t.STAFF_CANNOT_FORGET in refused.text
    olena = person(5603, "Бондар")
    await create_user(session_pool, telegram_id=olena.telegram_id, full_name=olena.name)
    asked = await client.send(olena.telegram_id, "/forget")
    kept = await client.click(olena.telegram_id, asked.button(t.BTN_KEEP))
    assert t.FORGET_KEPT in kept.text and kept.of("EditMessageReplyMarkup")
    assert (await user_of(session_pool, olena.telegram_id)).full_name == olena.name


async def test_offers_that_quoted_the_question_are_replaced_in_the_lawyers_chats(
    client: TelegramClient, session_pool: Any, workers: Any
) -> None:
    who = person(5301, "Ткаченко")
    await register_via_bot(client, who.telegram_id, name=who.name, position=who.position)
    await start_question(client, user_id=who.telegram_id)
    await compose_and_send(client, who.telegram_id, who.question)
    delivered = await workers.drain()
    offers = [m for m in delivered if getattr(m, "chat_id", None) == LAWYER and "Ткаченко" in (m.text or "")]
    assert offers, "the lawyer was offered the consultation, its question quoted"
    offer_id = client.bot.session.results[id(offers[-1])].message_id
    async with session_pool() as session:
        number = await session.scalar(select(Consultation.id))

    calls = await client.send(who.telegram_id, "/forget")
    await client.click(who.telegram_id, calls.button(t.BTN_FORGET))
    after = await workers.drain()
    edits = [m for m in after if isinstance(m, EditMessageText) and m.chat_id == LAWYER]
    assert [(m.message_id, m.text) for m in edits] == [(offer_id, t.OFFER_ERASED.format(number=number))]
    assert not any("Ткаченко" in (getattr(m, "text", None) or "") for m in after)
