"""A whole consultation played by the real `python -m bot` process against the fake Bot API.

Both people register through the bot, an admin makes one a lawyer with
`/staff add`, the official asks (text and a file), the lawyer is notified and takes it, asks for
a clarification, gets the reply, answers (text and a file), the official rates.
Then a second consultation whose answer cannot be delivered: the official blocked
the bot (403), the consultation records it, and the lawyer is told (with the phone, if any).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.commands import LAWYER as LAWYER_COMMANDS
from bot.texts import common as tc
from bot.texts import hotline as t
from bot.texts import registration as tr
from bot.texts import staff as ts
from knowledge.loader import default_knowledge
from services.hotline.draft import Purpose
from storage.models import Consultation, ConsultationEvent, ConsultationStatus, EventKind, Role, User
from tests.conftest import ADMIN_ID
from tests.e2e.conftest import StartBot
from tests.e2e.harness import eventually
from tests.hotline.helpers import event_kinds, load
from tests.support.factories import create_user
from tests.support.fake_bot_api import FakeBotAPI, UserChat

pytestmark = pytest.mark.e2e

OFFICIAL = 5301
LAWYER = 6301
LAND = default_knowledge().topic_title("land")


async def register(chat: UserChat, name: str) -> None:
    """The /start dialog, by buttons, as a person would do it."""
    chat.send("/start")
    chat.click("Погоджуюсь", await chat.expect(tr.CONSENT_QUESTION))
    await chat.expect(tr.ASK_FULL_NAME)
    chat.send(name)
    await chat.expect(tr.ASK_POSITION)
    chat.send("Секретар сільської ради")
    await chat.expect(tr.ASK_COMMUNITY)
    chat.send("Гатненська сільська рада")
    chat.click("Київська", await chat.expect(tr.ASK_REGION))
    chat.click(tc.BTN_CONFIRM, await chat.expect(tr.SUMMARY_TITLE))  # no phone
    await chat.expect("Реєстрацію завершено")


def prompt(purpose: Purpose, number: int) -> str:
    """The composer's first screen about consultation `number`."""
    return t.PURPOSES[purpose].prompt.format(number=number, done=t.BTN_DONE)


async def compose(chat: UserChat, *parts: str, document: tuple[bytes, str] | None = None) -> None:
    """Types the parts (and a file), presses "Done" under the last reply, sees the preview, sends it."""
    added = None
    for part in parts:
        chat.send(part)
        added = await chat.expect("Додано до")
    if document is not None:
        chat.send_document(document[0], document[1])
        added = await chat.expect("Додано до")
    assert added is not None
    chat.click(t.BTN_DONE, added)
    preview = await chat.expect("Перевірте")
    for part in parts:
        assert html.escape(part, quote=False) in "".join(m.body for m in chat.messages[-3:])
    chat.click(t.BTN_SEND, preview)


async def load_when(
    pool: async_sessionmaker[AsyncSession], number: int, ready: Callable[[Consultation], bool]
) -> Consultation:
    """The consultation once `ready`: the bot commits after its handler has replied, so a reply can come first."""

    async def check() -> Consultation | None:
        consultation = await load(pool, number)
        return consultation if ready(consultation) else None

    return await eventually(check, what=f"consultation {number} to reach the expected state")


async def test_whole_consultation(
    fake_api: FakeBotAPI, start_bot: StartBot, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    await create_user(session_pool, telegram_id=ADMIN_ID, full_name="Адміністратор АМУ")
    fake_api.strict_private_chats = True  # nobody is messaged before they wrote to the bot
    await start_bot()
    admin, lawyer, official = fake_api.user(ADMIN_ID), fake_api.user(LAWYER), fake_api.user(OFFICIAL)

    # Both people start the bot first (Telegram lets a bot message only those who did).
    await register(lawyer, "Юрист Юрій Петрович")
    await register(official, "Петренко Олена Іванівна")

    # The admin makes a lawyer for land questions; the lawyer is told and gets the lawyer's command menu.
    admin.send(f"/staff add {LAWYER} lawyer land")
    added = await admin.expect("юрист")
    assert added.body == ts.ADDED_LAWYER.format(name="Юрист Юрій Петрович", topics=LAND)
    told = await lawyer.expect("Вас додано до юристів")
    assert told.body == ts.TO_LAWYER_ADDED.format(topics=LAND)
    assert tc.BTN_QUEUE in told.button_texts()  # the lawyer's menu comes with the notice
    await fake_api.wait_until(lambda: fake_api.commands_for_chat(LAWYER), what="the lawyer's command menu")
    assert [c["command"] for c in fake_api.commands_for_chat(LAWYER) or []] == [c.command for c in LAWYER_COMMANDS]
    async with session_pool() as session:
        lawyer_row = await session.scalar(select(User).where(User.telegram_id == LAWYER))
    assert lawyer_row is not None and lawyer_row.role == Role.LAWYER and lawyer_row.full_name == "Юрист Юрій Петрович"

    # The official asks: topic by button, the question in two messages and a file.
    official.send(tc.BTN_ASK)
    official.click(LAND, await official.expect(t.CHOOSE_TOPIC))
    await official.expect("Опишіть питання")
    await compose(
        official,
        "Чи можна передати <земельну ділянку> в оренду без аукціону?",
        "Громада має 300 мешканців.",
        document=(b"%PDF-1.4 draft decision", "proekt-rishennia.pdf"),
    )
    created = await official.expect("прийнято")
    assert "№1" in created.body and "Юрист відповість до" in created.body

    # The lawyer is notified with a button and takes it: the whole question and the file arrive.
    notice = await lawyer.expect("Нове звернення")
    assert "&lt;земельну ділянку&gt;" in notice.body and LAND in notice.body
    query = lawyer.click(t.BTN_TAKE, notice)
    assert (await lawyer.answer_to(query)).get("text") == t.TAKEN_BY_YOU.format(number=1)
    card = await lawyer.expect(card_of(1))  # after the thread and the files
    thread = "\n".join(m.body for m in lawyer.messages if m.seq > notice.seq)
    assert "&lt;земельну ділянку&gt;" in thread and "300 мешканців" in thread
    documents = [m for m in lawyer.messages if m.document and m.seq > notice.seq]
    assert [d.document["file_name"] for d in documents if d.document] == ["proekt-rishennia.pdf"]
    await official.expect(t.TAKEN_NOTICE.masculine.format(number=1, lawyer="Юрист Юрій Петрович"))

    # A clarification: to the official and back to the same lawyer.
    lawyer.click(t.BTN_CLARIFY, card)
    await lawyer.expect(prompt(Purpose.CLARIFY, 1))
    await compose(lawyer, "Яка площа ділянки?")
    await lawyer.expect(t.CLARIFY_SENT.format(number=1))
    request = await official.expect("Юрист просить уточнити")
    assert "Яка площа ділянки?" in request.body
    official.click(t.BTN_REPLY_CLARIFY, request)
    await official.expect(prompt(Purpose.REPLY, 1))
    await compose(official, "2 гектари")
    await official.expect(t.REPLY_SENT.format(number=1))
    reply = await lawyer.expect("2 гектари")
    await load_when(session_pool, 1, lambda c: c.status == ConsultationStatus.ASSIGNED)

    # The answer, with a file; user text escaped.
    lawyer.click(t.BTN_ANSWER, reply)
    await lawyer.expect(prompt(Purpose.ANSWER, 1))
    await compose(lawyer, "Так, <можна> за ст. 134 ЗК & ст. 93", document=(b"%PDF-1.4 answer", "roz-yasnennia.pdf"))
    await lawyer.expect(t.ANSWER_SENT.format(number=1))
    answer = await official.expect("Відповідь на звернення №1")
    assert "Так, &lt;можна&gt; за ст. 134 ЗК &amp; ст. 93" in answer.body
    assert "Юрист Юрій Петрович" in answer.body
    reaction = await official.expect(t.ANSWER_FOOTER)
    files = [m.document["file_name"] for m in official.messages if m.document and m.seq > request.seq]
    assert files == ["roz-yasnennia.pdf"]

    # Resolved, five stars, a comment.
    official.click(t.BTN_RESOLVED, reaction)
    stars = await official.expect(t.RATE_PROMPT.format(number=1))
    official.click("5 ⭐", stars)
    await official.expect("Дякуємо за оцінку")
    official.send("Дуже допомогли <3")
    await official.expect(t.COMMENT_SAVED)

    consultation = await load_when(session_pool, 1, lambda c: c.rating_comment is not None)
    assert consultation.status == ConsultationStatus.CLOSED
    assert (consultation.rating, consultation.rating_comment) == (5, "Дуже допомогли <3")
    assert consultation.lawyer_id == lawyer_row.id and not consultation.answer_undelivered
    assert await event_kinds(session_pool, 1) == [
        EventKind.CREATED,
        EventKind.ROUTED,
        EventKind.TAKEN,
        EventKind.CLARIFICATION_REQUESTED,
        EventKind.CLARIFICATION_PROVIDED,
        EventKind.ANSWERED,
        EventKind.CLOSED,
        EventKind.RATED,
        EventKind.RATED,
    ]
    official.send("/my")
    mine = await official.expect(t.MY_HEADER)
    assert "№1" in mine.body and t.STATUS[ConsultationStatus.CLOSED] in mine.body

    # --- a second consultation: the official blocks the bot before the answer (403) ---
    official.send("/ask")
    official.click(LAND, await official.expect(t.CHOOSE_TOPIC))
    await official.expect("Опишіть питання")
    await compose(official, "Друге питання про землю")
    await official.expect("№2")
    card = await take(lawyer, number=2)
    await official.expect(t.TAKEN_NOTICE.masculine.format(number=2, lawyer="Юрист Юрій Петрович"))
    fake_api.block(OFFICIAL)
    lawyer.click(t.BTN_ANSWER, card)
    await lawyer.expect(prompt(Purpose.ANSWER, 2))
    await compose(lawyer, "Відповідь, яку не доставлять")
    await lawyer.expect(t.ANSWER_SENT.format(number=2))

    await load_when(session_pool, 2, lambda c: c.answer_undelivered)
    assert 403 in [r.status for r in fake_api.calls("sendMessage", chat_id=OFFICIAL)]
    assert EventKind.DELIVERY_FAILED in await event_kinds(session_pool, 2)
    async with session_pool() as session:
        official_row = await session.scalar(select(User).where(User.telegram_id == OFFICIAL))
        failure = await session.scalar(
            select(ConsultationEvent).where(
                ConsultationEvent.consultation_id == 2, ConsultationEvent.kind == EventKind.DELIVERY_FAILED
            )
        )
    assert official_row is not None and official_row.blocked_bot_at is not None
    assert failure is not None and failure.payload.get("reason") == "blocked"

    # The lawyer is told (the official left no phone), and sees it in the history and on the card.
    told = await lawyer.expect(t.UNDELIVERED_YOUR_ANSWER)
    assert "№2" in told.body and t.UNDELIVERED_NO_PHONE in told.body
    lawyer.click(t.BTN_HISTORY, card)
    history = await lawyer.expect(t.HISTORY_HEADER.format(number=2))
    assert t.EVENT[EventKind.DELIVERY_FAILED] in history.body
    lawyer.click(t.BTN_OPEN.format(number=2), told)
    reopened = await lawyer.expect(f"Звернення №2</b> · {t.STATUS[ConsultationStatus.ANSWERED]}")
    assert t.UNDELIVERED_MARK.strip() in reopened.body
    lawyer.send("/queue")
    queue = await lawyer.expect(t.UNDELIVERED_HEADER.format(count=1))
    assert "№2" in queue.body and t.NO_PHONE in queue.body


async def take(lawyer: UserChat, *, number: int) -> Any:
    """The lawyer takes consultation `number` from its notice; returns the card."""
    notice = await lawyer.expect(f"Нове звернення <b>№{number}</b>")
    lawyer.click(t.BTN_TAKE, notice)
    return await lawyer.expect(card_of(number))


def card_of(number: int) -> str:
    """The start of the card of a consultation in work (the thread before it starts with its number too)."""
    return f"Звернення №{number}</b> · {t.STATUS[ConsultationStatus.ASSIGNED]}"
