"""The hot line through the real dispatcher: ask, route, take, clarify, answer, follow up, rate.

Every step presses a button the person was shown (`press`); forged callback data is for refusals (test_access).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.texts import common as tc
from bot.texts import hotline as t
from services.hotline.draft import Purpose
from storage.models import Consultation, ConsultationStatus, EventKind, JobState, Role, ScheduledJob
from tests.conftest import ADMIN_ID
from tests.hotline.helpers import (
    LAWYER,
    LAWYER2,
    OFFICIAL,
    ask,
    compose,
    compose_and_send,
    event_kinds,
    live_reaction_questions,
    load,
    messages_now,
    press,
    sent_texts,
    sent_to,
    start_question,
    topic_title,
)
from tests.support.client import TelegramClient
from tests.support.factories import create_user


@pytest.fixture
async def people(session_pool: Any) -> dict[str, Any]:
    return {
        "official": await create_user(session_pool, telegram_id=OFFICIAL, full_name="Олена Петренко"),
        "lawyer": await create_user(
            session_pool, telegram_id=LAWYER, role=Role.LAWYER, full_name="Юрій Юрист", topics=["land"]
        ),
        "lawyer2": await create_user(session_pool, telegram_id=LAWYER2, role=Role.LAWYER, full_name="Марія Правник"),
        "admin": await create_user(session_pool, telegram_id=ADMIN_ID, full_name="Адмін"),
    }


async def take(client: TelegramClient, workers: Any, lawyer: int = LAWYER, number: int = 1) -> Any:
    """The lawyer presses "take" on the notice of a new consultation."""
    await workers.drain()
    return await press(client, lawyer, t.BTN_TAKE, number)


async def answer(client: TelegramClient, text: str, lawyer: int = LAWYER, number: int = 1) -> Any:
    await press(client, lawyer, t.BTN_ANSWER, number)
    return await compose_and_send(client, lawyer, text)


async def test_whole_lifecycle(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any], clock: Any
) -> None:
    calls = await ask(client, "Чи можна передати земельну ділянку в оренду без аукціону?", "Громада має 300 мешканців.")
    assert "№1" in calls.text and "прийнято" in calls.text
    consultation = await load(session_pool)
    assert consultation.status == ConsultationStatus.OPEN
    assert "без аукціону" in consultation.question and "300 мешканців" in consultation.question
    assert consultation.due_at > consultation.created_at

    # Routing: the lawyer of the topic and the lawyer with no topics are told, with a take button.
    sent = await workers.drain()
    assert "Нове звернення" in sent_texts(sent, LAWYER)
    assert "Нове звернення" in sent_texts(sent, LAWYER2)
    assert sent_to(sent, LAWYER).button(t.BTN_TAKE) and sent_to(sent, LAWYER2).button(t.BTN_TAKE)

    calls = await press(client, LAWYER, t.BTN_TAKE)
    assert t.TAKEN_BY_YOU.format(number=1) in calls.alerts
    assert "без аукціону" in calls.to(LAWYER).text  # the whole question
    # The second lawyer is told who has it.
    calls = await press(client, LAWYER2, t.BTN_TAKE)
    assert t.ALREADY_TAKEN.unknown.format(consultation_id=1, lawyer="Юрій Юрист") in calls.alerts
    sent = await workers.drain()
    assert t.TAKEN_NOTICE.unknown.format(number=1, lawyer="Юрій Юрист") in sent_texts(sent, OFFICIAL)

    # Clarification goes to the official and the reply comes back to the same lawyer.
    await press(client, LAWYER, t.BTN_CLARIFY)
    calls = await compose_and_send(client, LAWYER, "Яка площа ділянки?")
    assert t.CLARIFY_SENT.format(number=1) in calls.text
    assert (await load(session_pool)).status == ConsultationStatus.CLARIFICATION
    sent = await workers.drain()
    assert "Яка площа ділянки?" in sent_texts(sent, OFFICIAL)
    await press(client, OFFICIAL, t.BTN_REPLY_CLARIFY)
    calls = await compose_and_send(client, OFFICIAL, "2 гектари")
    assert t.REPLY_SENT.format(number=1) in calls.text
    assert (await load(session_pool)).status == ConsultationStatus.ASSIGNED
    sent = await workers.drain()
    assert "2 гектари" in sent_texts(sent, LAWYER)

    # The answer (from the buttons under the reply), escaped, with the resolved / follow-up choice.
    calls = await answer(client, "Так, <можна> за ст. 134 ЗК & ст. 93")
    assert t.ANSWER_SENT.format(number=1) in calls.text
    consultation = await load(session_pool)
    first_answer = consultation.first_answered_at
    assert consultation.status == ConsultationStatus.ANSWERED and first_answer is not None
    sent = await workers.drain()
    official_text = sent_texts(sent, OFFICIAL)
    assert "Так, &lt;можна&gt; за ст. 134 ЗК &amp; ст. 93" in official_text
    assert sent_to(sent, OFFICIAL).button(t.BTN_RESOLVED)

    # A follow-up goes back to the same lawyer with a new deadline.
    clock.advance(hours=2)
    await press(client, OFFICIAL, t.BTN_FOLLOW_UP)
    calls = await compose_and_send(client, OFFICIAL, "А якщо ділянка в межах населеного пункту?")
    assert "знову в роботі" in calls.text
    consultation = await load(session_pool)
    assert consultation.status == ConsultationStatus.ASSIGNED and consultation.lawyer_id == people["lawyer"].id
    sent = await workers.drain()
    assert "в межах населеного пункту" in sent_texts(sent, LAWYER)
    assert sent_to(sent, LAWYER).button(t.BTN_ANSWER)
    assert live_reaction_questions(client, OFFICIAL) == []  # back in work: the next answer asks again
    await answer(client, "Так само.")
    consultation = await load(session_pool)
    assert consultation.first_answered_at == first_answer  # the first answer is never rewritten
    assert consultation.last_answered_at > first_answer

    # Resolved, rated, commented.
    await workers.drain()
    calls = await press(client, OFFICIAL, t.BTN_RESOLVED)
    assert t.RATE_PROMPT.format(number=1) in calls.text
    calls = await client.click(OFFICIAL, calls.button("5 ⭐"))
    assert "Дякуємо за оцінку" in calls.text
    calls = await client.send(OFFICIAL, "Дуже допомогли <3")
    assert t.COMMENT_SAVED in calls.text
    consultation = await load(session_pool)
    assert consultation.status == ConsultationStatus.CLOSED
    assert consultation.rating == 5 and consultation.rating_comment == "Дуже допомогли <3"
    # Closed: no «Чи вирішено ваше питання?» under either answer can still be pressed.
    await workers.drain()
    assert live_reaction_questions(client, OFFICIAL) == []
    assert await event_kinds(session_pool) == [
        EventKind.CREATED,
        EventKind.ROUTED,
        EventKind.TAKEN,
        EventKind.CLARIFICATION_REQUESTED,
        EventKind.CLARIFICATION_PROVIDED,
        EventKind.ANSWERED,
        EventKind.FOLLOW_UP,
        EventKind.ANSWERED,
        EventKind.CLOSED,
        EventKind.RATED,
        EventKind.RATED,
    ]
    # Rating twice (another star on the same buttons) is refused.
    calls = await press(client, OFFICIAL, "3 ⭐")
    assert t.ALREADY_RATED in calls.alerts
    assert (await load(session_pool)).rating == 5

    # /my shows the consultation with its status.
    calls = await client.send(OFFICIAL, "/my")
    assert "№1" in calls.text and t.STATUS[ConsultationStatus.CLOSED] in calls.text


async def test_attachments_reach_the_lawyer(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any]
) -> None:
    await start_question(client)
    await client.send_document(OFFICIAL, file_id="doc-rishennia", caption="Проєкт рішення")
    await client.send_photo(OFFICIAL, file_id="photo-plan")
    await compose_and_send(client, OFFICIAL)
    calls = await take(client, workers)
    assert [m.document for m in calls.of("SendDocument")] == ["doc-rishennia"]
    assert [m.photo for m in calls.of("SendPhoto")] == ["photo-plan"]
    assert "Проєкт рішення" in calls.text


async def test_unsupported_content_keeps_the_draft(
    client: TelegramClient, session_pool: Any, people: dict[str, Any]
) -> None:
    await start_question(client, "budget")
    await client.send(OFFICIAL, "Перша частина питання")
    calls = await client.send_sticker(OFFICIAL)
    assert "не обробляю" in calls.text
    calls = await press(client, OFFICIAL, t.BTN_DONE)
    assert "Перша частина питання" in calls.text


async def test_long_question_is_accepted_and_split(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any]
) -> None:
    await start_question(client)
    chunk = ("Дуже докладний опис ситуації з земельною ділянкою. " * 80)[:4000]
    for _ in range(3):
        await client.send(OFFICIAL, chunk)
    preview = await press(client, OFFICIAL, t.BTN_DONE)
    assert len(preview.texts) >= 3 and all(len(text) <= 4096 for text in preview.texts)
    await client.click(OFFICIAL, preview.button(t.BTN_SEND))
    consultation = await load(session_pool)
    assert len(consultation.question) > 12_000
    calls = await take(client, workers)
    texts = calls.to(LAWYER).texts
    assert all(len(text) <= 4096 for text in texts)
    assert sum(text.count("Дуже докладний") for text in texts) >= 3 * 70


async def test_long_answer_is_split_for_the_official(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any]
) -> None:
    await ask(client, "Питання")
    await take(client, workers)
    await press(client, LAWYER, t.BTN_ANSWER)
    text = "Роз'яснення & норми закону. " * 400  # about 11,000 characters, more once escaped
    await compose_and_send(client, LAWYER, text[:5000], text[5000:])
    sent = await workers.drain()
    parts = [
        r.text for r in sent if type(r).__name__ == "SendMessage" and r.chat_id == OFFICIAL and "Роз'яснення" in r.text
    ]
    assert len(parts) >= 3 and all(len(p) <= 4096 for p in parts)
    assert sum(p.count("&amp;") for p in parts) == 400
    assert t.ANSWER_HEADER.format(number=1, topic=topic_title("land"), lawyer="Юрій Юрист") in parts[0]
    assert sent_to(sent, OFFICIAL).button(t.BTN_RESOLVED)  # after the whole answer


async def test_hand_over_and_release(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any]
) -> None:
    await ask(client, "Питання про землю")
    await take(client, workers)
    await workers.drain()
    calls = await press(client, LAWYER, t.BTN_HANDOVER)
    assert "Марія Правник" in str(calls.buttons())
    calls = await client.click(LAWYER, calls.button("Марія Правник"))
    assert t.HANDED_TO_LAWYER.format(number=1, lawyer="Марія Правник") in calls.text
    consultation = await load(session_pool)
    assert consultation.lawyer_id == people["lawyer2"].id and consultation.status == ConsultationStatus.ASSIGNED
    sent = await workers.drain()
    assert "Юрій Юрист передає вам звернення" in sent_texts(sent, LAWYER2)
    # The official, told who took it, is told who has it now.
    assert "Ваше звернення №1 передано іншому юристу: Марія Правник." in sent_texts(sent, OFFICIAL)
    # The former lawyer can no longer act on it (the buttons they still have are refused).
    calls = await press(client, LAWYER, t.BTN_RELEASE)
    assert t.NOT_ASSIGNED_TO_YOU.format(consultation_id=1) in calls.alerts
    # The new lawyer hands it to another topic (from the notice's buttons): back to the queue of that topic.
    calls = await press(client, LAWYER2, t.BTN_HANDOVER)
    calls = await client.click(LAWYER2, calls.button(topic_title("budget")))
    assert t.HANDED_TO_TOPIC.format(number=1, topic=topic_title("budget")) in calls.text
    consultation = await load(session_pool)
    assert (
        consultation.topic_code == "budget"
        and consultation.status == ConsultationStatus.OPEN
        and consultation.lawyer_id is None
    )
    await take(client, workers, LAWYER2)
    await press(client, LAWYER2, t.BTN_RELEASE)
    consultation = await load(session_pool)
    assert consultation.status == ConsultationStatus.OPEN and consultation.lawyer_id is None
    kinds = await event_kinds(session_pool)
    assert kinds.count(EventKind.HANDED_OVER) == 2 and EventKind.RELEASED in kinds
    # The history says to whom and to which topic, and who handed it over.
    history = (await press(client, LAWYER2, t.BTN_HISTORY)).text
    assert "передано юристу: Марія Правник · Юрій Юрист" in history
    assert f"передано на тему «{topic_title('budget')}» · Марія Правник" in history
    # Released, it is offered again to the lawyers of its topic, but not to the one who released it.
    sent = await workers.drain()
    assert "Нове звернення" not in sent_texts(sent, LAWYER2)


async def test_queue_shows_open_consultations_of_the_lawyers_topics_oldest_first(
    client: TelegramClient, session_pool: Any, people: dict[str, Any], clock: Any
) -> None:
    await ask(client, "Перше про землю", topic="land")
    clock.advance(minutes=5)
    await ask(client, "Про бюджет", topic="budget")
    clock.advance(minutes=5)
    await ask(client, "Друге про землю", topic="land")
    calls = await client.send(LAWYER, "/queue")
    assert "№1" in calls.text and "№3" in calls.text and "№2" not in calls.text
    assert calls.text.index("№1") < calls.text.index("№3")
    calls = await client.send(LAWYER2, "/queue")  # no topics: every topic
    assert all(f"№{n}" in calls.text for n in (1, 2, 3))
    calls = await client.send(OFFICIAL, "/queue")
    assert "Черга" not in calls.text


async def test_queue_lists_the_lawyers_own_work_first_and_opens_it(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any]
) -> None:
    await ask(client, "Перше про землю")
    await ask(client, "Друге про землю")
    await take(client, workers, number=2)
    calls = await client.send(LAWYER, "/queue")
    assert t.MY_ASSIGNED_HEADER.format(count=1) in calls.texts[0] and "№2" in calls.texts[0]
    assert t.QUEUE_HEADER.format(count=1) in calls.texts[1] and "№1" in calls.texts[1]
    calls = await client.click(LAWYER, calls.button(t.BTN_OPEN.format(number=2)))
    assert "Друге про землю" in calls.text and calls.button(t.BTN_ANSWER)


async def test_overdue_reminds_the_lawyer_then_the_admins(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any], clock: Any
) -> None:
    await ask(client, "Питання")
    await take(client, workers)
    consultation = await load(session_pool)
    await workers.drain()
    clock.current = consultation.due_at
    clock.advance(minutes=1)
    sent = await workers.drain()
    assert "прострочено" in sent_texts(sent, LAWYER)
    assert sent_to(sent, LAWYER).button(t.BTN_ANSWER)  # the reminder carries the lawyer's buttons
    assert sent_texts(sent, ADMIN_ID) == ""
    clock.advance(hours=24)
    sent = await workers.drain()
    assert "прострочено на 24 год" in sent_texts(sent, ADMIN_ID)
    kinds = await event_kinds(session_pool)
    assert EventKind.OVERDUE_LAWYER_REMINDED in kinds and EventKind.OVERDUE_ADMIN_ESCALATED in kinds
    # Done jobs are not run again.
    clock.advance(days=3)
    assert sent_texts(await workers.drain(), LAWYER) == ""


async def test_overdue_in_the_queue_reminds_the_lawyers_of_the_topic(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any], clock: Any
) -> None:
    await ask(client, "Питання")
    await workers.drain()
    clock.current = (await load(session_pool)).due_at
    clock.advance(minutes=1)
    sent = await workers.drain()
    assert "досі ніхто не взяв" in sent_texts(sent, LAWYER) and "досі ніхто не взяв" in sent_texts(sent, LAWYER2)
    calls = await client.click(LAWYER, sent_to(sent, LAWYER).button(t.BTN_TAKE))
    assert t.TAKEN_BY_YOU.format(number=1) in calls.alerts


async def test_answered_in_time_gets_no_reminder(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any], clock: Any
) -> None:
    await ask(client, "Питання")
    await take(client, workers)
    await answer(client, "Відповідь")
    await workers.drain()
    clock.advance(days=5)
    sent = await workers.drain()
    assert "прострочено" not in sent_texts(sent, LAWYER)
    async with session_pool() as session:
        states = {job.kind: job.state for job in (await session.scalars(select(ScheduledJob))).all()}
    assert states["consultation.overdue"] == JobState.CANCELLED


async def test_answered_consultation_without_reaction_closes_itself(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any], clock: Any, settings: Any
) -> None:
    await ask(client, "Питання")
    await take(client, workers)
    await answer(client, "Відповідь")
    await workers.drain()
    clock.advance(days=settings.auto_close_days - 1)
    await workers.drain()
    assert (await load(session_pool)).status == ConsultationStatus.ANSWERED
    [question] = live_reaction_questions(client, OFFICIAL)
    clock.advance(days=1, minutes=1)
    sent = await workers.drain()
    consultation = await load(session_pool)
    assert consultation.status == ConsultationStatus.CLOSED and consultation.closed_at == clock.now()
    assert "закрито автоматично" in sent_texts(sent, OFFICIAL)
    assert (await event_kinds(session_pool))[-1] == EventKind.AUTO_CLOSED
    # «Чи вирішено ваше питання?» no longer applies: its buttons go, and it says why.
    assert live_reaction_questions(client, OFFICIAL) == []
    assert messages_now(client, OFFICIAL)[question] == (t.ANSWER_FOOTER_CLOSED.format(number=1), False)
    # The notice offers the rating, and says so.
    assert "Оцініть, будь ласка, консультацію" in sent_texts(sent, OFFICIAL)
    calls = await client.click(OFFICIAL, sent_to(sent, OFFICIAL).button("5 ⭐"))
    assert "Дякуємо за оцінку" in calls.text


async def test_an_answered_consultation_closed_by_the_lawyer_takes_the_question_away(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any]
) -> None:
    await ask(client, "Питання")
    await take(client, workers)
    await answer(client, "Відповідь")
    await workers.drain()
    assert live_reaction_questions(client, OFFICIAL)
    await press(client, LAWYER, t.BTN_CLOSE)
    sent = await workers.drain()
    assert t.CLOSED_NOTICE.format(number=1) in sent_texts(sent, OFFICIAL)
    assert live_reaction_questions(client, OFFICIAL) == []


async def test_a_question_not_yet_sent_when_the_consultation_closes_is_not_sent(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any]
) -> None:
    await ask(client, "Питання")
    await take(client, workers)
    await answer(client, "Відповідь")  # its notices wait in the outbox
    await press(client, LAWYER, t.BTN_CLOSE)
    sent = await workers.drain()
    assert "Відповідь" in sent_texts(sent, OFFICIAL)
    assert t.ANSWER_FOOTER not in sent_texts(sent, OFFICIAL)
    assert t.CLOSED_NOTICE.format(number=1) in sent_texts(sent, OFFICIAL)


async def test_closed_by_the_lawyer_the_official_is_told(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any]
) -> None:
    await ask(client, "Питання")
    await take(client, workers)
    calls = await press(client, LAWYER, t.BTN_CLOSE)
    assert t.CLOSED_BY_STAFF.format(number=1) in calls.text
    sent = await workers.drain()
    assert t.CLOSED_NOTICE.format(number=1) in sent_texts(sent, OFFICIAL)
    assert (await load(session_pool)).status == ConsultationStatus.CLOSED


async def test_no_lawyer_for_topic_tells_the_admins(client: TelegramClient, workers: Any, session_pool: Any) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL)
    await create_user(session_pool, telegram_id=LAWYER, role=Role.LAWYER, topics=["land"])
    await ask(client, "Про освіту", topic="education")
    sent = await workers.drain()
    assert "немає юристів" in sent_texts(sent, ADMIN_ID)
    assert sent_texts(sent, LAWYER) == ""


async def test_cancel_drops_the_draft(
    client: TelegramClient, session_pool: Any, people: dict[str, Any], dp: Any, bot: Any
) -> None:
    await start_question(client)
    await client.send(OFFICIAL, "Чернетка")
    calls = await client.send(OFFICIAL, "/cancel")
    assert "Скасовано" in calls.text
    calls = await press(client, OFFICIAL, t.BTN_DONE)  # the button under the last reply is spent
    assert calls.alerts == [tc.STALE_BUTTON] and "Чернетка" not in calls.text
    async with session_pool() as session:
        assert (await session.scalars(select(Consultation))).first() is None


async def test_the_preview_can_be_completed_or_discarded(
    client: TelegramClient, session_pool: Any, people: dict[str, Any]
) -> None:
    await start_question(client)
    preview = await compose(client, OFFICIAL, "Перша частина")
    calls = await client.click(OFFICIAL, preview.button(t.BTN_EDIT))
    assert "Опишіть питання" in calls.text and "Уже є: ~13 символів і 0 файлів" in calls.text
    preview = await compose(client, OFFICIAL, "Друга частина")
    assert "Перша частина" in preview.text and "Друга частина" in preview.text
    calls = await client.click(OFFICIAL, preview.button(tc.BTN_CANCEL))
    assert t.DRAFT_DISCARDED in calls.text
    async with session_pool() as session:
        assert (await session.scalars(select(Consultation))).first() is None


async def test_free_text_becomes_a_question_without_retyping(
    client: TelegramClient, session_pool: Any, people: dict[str, Any]
) -> None:
    calls = await client.send(OFFICIAL, "Як оформити відпустку секретарю ради?")
    assert t.FREE_TEXT_OFFER in calls.text
    calls = await client.click(OFFICIAL, calls.button(topic_title("service")))
    assert "Уже є" in calls.text
    preview = await client.click(OFFICIAL, calls.button(t.BTN_DONE))
    assert "Як оформити відпустку секретарю ради?" in preview.text
    calls = await client.click(OFFICIAL, preview.button(t.BTN_SEND))
    assert "№1" in calls.text
    consultation = await load(session_pool)
    assert consultation.topic_code == "service" and consultation.question == "Як оформити відпустку секретарю ради?"


async def test_a_command_while_composing_is_not_part_of_the_draft(
    client: TelegramClient, people: dict[str, Any]
) -> None:
    await start_question(client)
    await client.send(OFFICIAL, "Текст питання")
    calls = await client.send(OFFICIAL, "/help")
    assert tc.FORM_INTERRUPTED.format(title=t.PURPOSES[Purpose.ASK].title) in calls.text
    calls = await client.click(OFFICIAL, calls.button(tc.BTN_CONTINUE))
    assert "Уже є: ~13 символів" in calls.text
    preview = await press(client, OFFICIAL, t.BTN_DONE)
    assert "Текст питання" in preview.text and "/help" not in preview.text


async def test_too_long_a_draft_is_refused_and_kept(client: TelegramClient, people: dict[str, Any]) -> None:
    await start_question(client)
    for _ in range(4):
        await client.send(OFFICIAL, "ж" * 4000)
    calls = await client.send(OFFICIAL, "ж" * 4000)  # 20,008 characters with the paragraph breaks
    assert t.DRAFT_TOO_LONG.format(limit=20_000) in calls.text
    preview = await press(client, OFFICIAL, t.BTN_DONE)
    assert sum(text.count("ж" * 4000) for text in preview.texts) == 4


async def test_reply_to_a_clarification_after_the_lawyer_released_it_is_kept(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any]
) -> None:
    await ask(client, "Питання")
    await take(client, workers)
    await press(client, LAWYER, t.BTN_CLARIFY)
    await compose_and_send(client, LAWYER, "Уточніть дату рішення")
    await press(client, LAWYER, t.BTN_RELEASE)
    await workers.drain()
    await press(client, OFFICIAL, t.BTN_REPLY_CLARIFY)
    calls = await compose_and_send(client, OFFICIAL, "Рішення від 01.10.2026")
    assert t.REPLY_SENT.format(number=1) in calls.text
    consultation = await load(session_pool)
    assert consultation.status == ConsultationStatus.OPEN
    calls = await press(client, LAWYER2, t.BTN_TAKE)
    assert "Рішення від 01.10.2026" in calls.text  # the next lawyer sees the reply in the thread
