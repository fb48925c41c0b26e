"""What a person did holds when Telegram refuses the bot's replies for a while.

The real `python -m bot` against the fake Bot API enforcing Telegram's limits
(1 message a second per chat, 30 a second in all): a bot that answers a step
with two messages, or shows a lawyer a consultation in several, goes past the
per-chat limit and gets 429. And Telegram goes down now and then. A refused
reply must be sent again later (retried, or handed to the outbox), and must
never undo what the person did: the registration, the take, the answer.

These run on SQLite only: the replies' path (retries, outbox) is the same code
on both backends, and each bot process costs seconds to start.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.texts import common as tc
from bot.texts import hotline as t
from bot.texts import newsletters as nt
from bot.texts import registration as tr
from bot.views.privacy import default_consent_text
from knowledge.loader import default_knowledge
from services.hotline.draft import Purpose
from storage.models import Consultation, ConsultationStatus, EventKind, OutboxMessage, Role, User
from tests.e2e.conftest import StartBot
from tests.e2e.harness import eventually
from tests.hotline.helpers import event_kinds, load
from tests.support.factories import create_user
from tests.support.fake_bot_api import SENDING_METHODS, FakeBotAPI, StoredMessage, UserChat

pytestmark = [pytest.mark.e2e, pytest.mark.sqlite_only]

NEW_OFFICIAL = 5401
OFFICIAL = 5402
LAWYER = 6402
LAWYER_NAME = "Юрист Юрій Петрович"
LAND = default_knowledge().topic_title("land")
QUESTION = "Чи можна передати земельну ділянку в оренду без аукціону?"
ANSWER = "Так, за ст. 134 Земельного кодексу."
# After an outage the outbox retries with backoff; this bounds the wait, not the expected time.
AFTER_OUTAGE = 90.0
# How long the people of the take and answer tests read before acting: Telegram's per-chat window,
# so that what meets the limit is the bot's own bursts (several messages for one action), as in real
# use. The registration test acts at once instead, so every one of its steps meets the limit.
READING = 1.0


@pytest.fixture(autouse=True)
def telegram_limits(fake_api: FakeBotAPI) -> None:
    fake_api.enforce_rate_limits(global_per_second=30, per_chat_per_second=1.0)


def delivered_once(fake: FakeBotAPI, chat_id: int) -> list[str]:
    """The texts that reached the chat; fails if Telegram refused one that never arrived later, or one came twice."""
    sends = [r for r in fake.calls(chat_id=chat_id) if r.method in SENDING_METHODS]
    delivered = [m.body for m in fake.messages_to(chat_id)]
    refused = [str(r.params.get("text") or r.params.get("caption") or "") for r in sends if not r.ok]
    missing = [text for text in refused if text not in delivered]
    assert not missing, f"refused and never sent again: {missing}"
    doubled = sorted({text for text in delivered if delivered.count(text) > 1})
    assert not doubled, f"sent twice: {doubled}"
    return delivered


async def outbox_rows(pool: async_sessionmaker[AsyncSession], chat_id: int, text: str) -> list[OutboxMessage]:
    async with pool() as session:
        rows = await session.scalars(select(OutboxMessage).where(OutboxMessage.chat_id == chat_id))
        return [row for row in rows if row.params.get("text") == text]


async def consultation_when(
    pool: async_sessionmaker[AsyncSession], ready: Callable[[Consultation], bool], what: str
) -> Consultation:
    async def check() -> Consultation | None:
        consultation = await load(pool, 1)
        return consultation if ready(consultation) else None

    return await eventually(check, timeout=30, what=what)


async def test_registration_holds_and_every_message_arrives(
    fake_api: FakeBotAPI, start_bot: StartBot, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    await start_bot()
    official = fake_api.user(NEW_OFFICIAL)

    # /start answers with two messages at once: the second goes past the per-chat limit.
    official.send("/start")
    await official.expect(tr.WELCOME)
    official.click("Погоджуюсь", await official.expect(tr.CONSENT_QUESTION))
    await official.expect(tr.ASK_FULL_NAME)
    official.send("Петренко Олена Іванівна")
    await official.expect(tr.ASK_POSITION)
    official.send("Секретар сільської ради")
    await official.expect(tr.ASK_COMMUNITY)
    official.send("Гатненська сільська рада")
    official.click("Київська", await official.expect(tr.ASK_REGION))
    summary = await official.expect(tr.SUMMARY_TITLE)
    await official.expect(tr.PHONE_AT_SUMMARY)
    # Sharing the number confirms; two messages answer it: the registration, then the newsletter offer.
    official.send_contact("+380501234567")
    await official.expect(tr.REGISTERED.format(name="Петренко Олена Іванівна"))
    await official.expect(nt.SUBSCRIBE_OFFER)

    async def registered() -> User | None:
        async with session_pool() as session:
            user = await session.scalar(select(User).where(User.telegram_id == NEW_OFFICIAL))
            return user if user is not None and user.is_registered else None

    user = await eventually(registered, what="the registration to be committed")
    assert (user.full_name, user.region_code) == ("Петренко Олена Іванівна", "kyo")
    assert user.phone is not None and user.phone.endswith("501234567")

    # The next step: a registered person gets the menu and can ask; nobody asks for the phone again.
    official.send("/start")
    await official.expect(tc.MAIN_MENU)
    official.send(tc.BTN_ASK)
    await official.expect(t.CHOOSE_TOPIC)

    # The bot may pace itself or retry after a 429: either way each message arrived, once, in order
    # (a screen whose button was pressed was edited afterwards to show the choice: "✓ …").
    choice = "\n\n" + tc.FORM_CHOSEN.format(value="")
    delivered = [body.split(choice)[0] for body in delivered_once(fake_api, NEW_OFFICIAL)]
    assert delivered == [
        tr.WELCOME,
        default_consent_text(),
        tr.ASK_FULL_NAME,
        tr.ASK_POSITION,
        tr.ASK_COMMUNITY,
        tr.ASK_REGION,
        summary.body.split(choice)[0],
        tr.PHONE_AT_SUMMARY,
        tr.REGISTERED.format(name="Петренко Олена Іванівна"),
        nt.SUBSCRIBE_OFFER,
        tc.MAIN_MENU,
        t.CHOOSE_TOPIC,
    ]


async def read(chat: UserChat, contains: str, timeout: float = 30.0) -> StoredMessage:
    """The next message containing `contains`, once the person has read it."""
    message = await chat.expect(contains, timeout)
    await asyncio.sleep(READING)
    return message


async def ask(official: UserChat) -> None:
    """Typed outside any dialog, the question is offered to be sent: topic, a file, done, send."""
    official.send(QUESTION)
    official.click(LAND, await read(official, t.FREE_TEXT_OFFER))
    await read(official, "Опишіть питання")
    official.send_document(b"%PDF-1.4 draft decision", "proekt-rishennia.pdf")
    official.click(t.BTN_DONE, await read(official, "Додано до"))
    official.click(t.BTN_SEND, await read(official, "Перевірте звернення"))
    await official.expect("прийнято")


async def question_asked(
    fake_api: FakeBotAPI, start_bot: StartBot, session_pool: async_sessionmaker[AsyncSession]
) -> tuple[UserChat, UserChat]:
    """A registered official (registration has its own test above) has asked №1; a land lawyer is notified."""
    await create_user(session_pool, telegram_id=OFFICIAL, full_name="Петренко Олена Іванівна")
    await create_user(session_pool, telegram_id=LAWYER, full_name=LAWYER_NAME, role=Role.LAWYER, topics=["land"])
    await start_bot()
    official, lawyer = fake_api.user(OFFICIAL), fake_api.user(LAWYER)
    await ask(official)
    return official, lawyer


async def test_take_holds_when_the_full_view_hits_the_limit(
    fake_api: FakeBotAPI, start_bot: StartBot, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    official, lawyer = await question_asked(fake_api, start_bot, session_pool)

    query = lawyer.click(t.BTN_TAKE, await read(lawyer, "Нове звернення <b>№1</b>"))
    # The press is answered at once (callback answers are not rate limited)...
    assert (await lawyer.answer_to(query)).get("text") == t.TAKEN_BY_YOU.format(number=1)
    # ...the take holds whatever happens to the messages of the full view: the thread, the file, the card.
    taken = await consultation_when(
        session_pool, lambda c: c.status == ConsultationStatus.ASSIGNED, "the take to be committed"
    )
    await official.expect(t.TAKEN_NOTICE.masculine.format(number=1, lawyer=LAWYER_NAME), timeout=30)
    await lawyer.expect("Від: Петренко", timeout=30)

    async with session_pool() as session:
        lawyer_row = await session.scalar(select(User).where(User.telegram_id == LAWYER))
    assert lawyer_row is not None and taken.lawyer_id == lawyer_row.id
    assert (await event_kinds(session_pool, 1)).count(EventKind.TAKEN) == 1
    view = delivered_once(fake_api, LAWYER)
    assert any(QUESTION in text for text in view)
    files = [m.document["file_name"] for m in fake_api.messages_to(LAWYER) if m.document]
    assert files == ["proekt-rishennia.pdf"]
    delivered_once(fake_api, OFFICIAL)


async def test_answer_sent_during_an_outage_reaches_the_official_after_it(
    fake_api: FakeBotAPI, start_bot: StartBot, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    official, lawyer = await question_asked(fake_api, start_bot, session_pool)
    lawyer.click(t.BTN_TAKE, await read(lawyer, "Нове звернення <b>№1</b>"))
    card = await read(lawyer, "Від: Петренко")
    await official.expect(t.TAKEN_NOTICE.masculine.format(number=1, lawyer=LAWYER_NAME), timeout=30)

    lawyer.click(t.BTN_ANSWER, card)
    await read(lawyer, t.PURPOSES[Purpose.ANSWER].prompt.format(number=1, done=t.BTN_DONE))
    lawyer.send(ANSWER)
    lawyer.click(t.BTN_DONE, await read(lawyer, "Додано до"))
    preview = await read(lawyer, ANSWER)
    # The press on «Send» reaches the bot, and Telegram goes down right then: every reply to it fails.
    lawyer.click(t.BTN_SEND, preview)
    fake_api.go_down_after_delivering(fake_api.updates[-1]["update_id"])
    await fake_api.wait_until(lambda: fake_api.down_mode, what="the outage to begin")
    # The answer is kept while Telegram is down (no second press needed).
    await consultation_when(
        session_pool, lambda c: c.status == ConsultationStatus.ANSWERED, "the answer to be committed"
    )
    # Telegram stays away until the handler has given up retrying its reply (bot.telegram_calls: 0.5 s,
    # then 1 s) and handed it to the outbox, as a 20 s outage would make it do, in a few seconds.
    handed_over = await eventually(
        lambda: outbox_rows(session_pool, LAWYER, t.ANSWER_SENT.format(number=1)),
        timeout=30,
        what="the lawyer's confirmation to be handed to the outbox",
    )
    assert [row.purpose for row in handed_over] == ["reply"]
    assert not [m for m in fake_api.messages_to(OFFICIAL) if ANSWER in m.body]
    await fake_api.come_back()

    # After the outage: the official gets the answer, and the lawyer is told it went out.
    answer = await official.expect("Відповідь на звернення №1</b>", AFTER_OUTAGE)
    assert ANSWER in answer.body
    await official.expect(t.ANSWER_FOOTER, AFTER_OUTAGE)  # with the buttons to close or ask more
    await lawyer.expect(t.ANSWER_SENT.format(number=1), AFTER_OUTAGE)
    assert (await event_kinds(session_pool, 1)).count(EventKind.ANSWERED) == 1
    delivered_once(fake_api, OFFICIAL)
    delivered_once(fake_api, LAWYER)
