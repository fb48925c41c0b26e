"""The hot line through the real dispatcher: ask, route, take, clarify, answer, follow up, rate."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.callbacks.hotline import (
    ConsultationAction,
    ConsultationCb,
    DraftAction,
    DraftCb,
    HandoverCb,
    RatingCb,
    TopicCb,
)
from bot.texts import hotline as t
from storage.models import Consultation, ConsultationEvent, ConsultationStatus, EventKind, JobState, Role, ScheduledJob
from tests.client import TelegramClient
from tests.conftest import ADMIN_ID
from tests.factories import create_user

OFFICIAL = 5001
LAWYER = 6001
LAWYER2 = 6002


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


async def compose_and_send(client: TelegramClient, user_id: int, *parts: str) -> Any:
    for part in parts:
        await client.send(user_id, part)
    preview = await client.send(user_id, t.BTN_DONE)
    assert preview.buttons(), "the preview offers buttons"
    return await client.click(user_id, DraftCb(action=DraftAction.SEND).pack())


async def ask(client: TelegramClient, *parts: str, topic: str = "land") -> Any:
    calls = await client.send(OFFICIAL, "/ask")
    assert t.CHOOSE_TOPIC in calls.text
    calls = await client.click(OFFICIAL, TopicCb(code=topic).pack())
    assert "Опишіть питання" in calls.text
    return await compose_and_send(client, OFFICIAL, *parts)


async def load(session_pool: Any, number: int = 1) -> Consultation:
    async with session_pool() as session:
        consultation = await session.get(Consultation, number)
        assert consultation is not None
        return consultation


async def event_kinds(session_pool: Any, number: int = 1) -> list[EventKind]:
    async with session_pool() as session:
        rows = await session.scalars(
            select(ConsultationEvent.kind)
            .where(ConsultationEvent.consultation_id == number)
            .order_by(ConsultationEvent.id)
        )
        return list(rows.all())


def sent_texts(requests: list[Any], chat_id: int) -> str:
    return "\n".join(
        getattr(r, "text", None) or getattr(r, "caption", None) or ""
        for r in requests
        if getattr(r, "chat_id", None) == chat_id
    )


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
    take = ConsultationCb(action=ConsultationAction.TAKE, id=1).pack()
    assert any(getattr(r, "reply_markup", None) and take in r.reply_markup.model_dump_json() for r in sent)

    calls = await client.click(LAWYER, take)
    assert t.TAKEN_BY_YOU.format(number=1) in calls.alerts
    assert "без аукціону" in calls.to(LAWYER).text  # the whole question
    # The second lawyer is told who has it.
    calls = await client.click(LAWYER2, take)
    assert t.ALREADY_TAKEN.format(consultation_id=1, lawyer="Юрій Юрист") in calls.alerts
    sent = await workers.drain()
    assert "взяв у роботу" in sent_texts(sent, OFFICIAL)

    # Clarification goes to the official and the reply comes back to the same lawyer.
    calls = await client.click(LAWYER, ConsultationCb(action=ConsultationAction.CLARIFY, id=1).pack())
    calls = await compose_and_send(client, LAWYER, "Яка площа ділянки?")
    assert t.CLARIFY_SENT.format(number=1) in calls.text
    assert (await load(session_pool)).status == ConsultationStatus.CLARIFICATION
    sent = await workers.drain()
    assert "Яка площа ділянки?" in sent_texts(sent, OFFICIAL)
    await client.click(OFFICIAL, ConsultationCb(action=ConsultationAction.REPLY, id=1).pack())
    calls = await compose_and_send(client, OFFICIAL, "2 гектари")
    assert t.REPLY_SENT.format(number=1) in calls.text
    assert (await load(session_pool)).status == ConsultationStatus.ASSIGNED
    sent = await workers.drain()
    assert "2 гектари" in sent_texts(sent, LAWYER)

    # The answer, escaped, with the resolved / follow-up choice.
    await client.click(LAWYER, ConsultationCb(action=ConsultationAction.ANSWER, id=1).pack())
    calls = await compose_and_send(client, LAWYER, "Так, <можна> за ст. 134 ЗК & ст. 93")
    assert t.ANSWER_SENT.format(number=1) in calls.text
    consultation = await load(session_pool)
    first_answer = consultation.first_answered_at
    assert consultation.status == ConsultationStatus.ANSWERED and first_answer is not None
    sent = await workers.drain()
    official_text = sent_texts(sent, OFFICIAL)
    assert "Так, &lt;можна&gt; за ст. 134 ЗК &amp; ст. 93" in official_text
    assert t.BTN_RESOLVED in str([getattr(r, "reply_markup", "") for r in sent])

    # A follow-up goes back to the same lawyer with a new deadline.
    clock.advance(hours=2)
    await client.click(OFFICIAL, ConsultationCb(action=ConsultationAction.FOLLOW_UP, id=1).pack())
    calls = await compose_and_send(client, OFFICIAL, "А якщо ділянка в межах населеного пункту?")
    assert "знову в роботі" in calls.text
    consultation = await load(session_pool)
    assert consultation.status == ConsultationStatus.ASSIGNED and consultation.lawyer_id == people["lawyer"].id
    sent = await workers.drain()
    assert "в межах населеного пункту" in sent_texts(sent, LAWYER)
    await client.click(LAWYER, ConsultationCb(action=ConsultationAction.ANSWER, id=1).pack())
    await compose_and_send(client, LAWYER, "Так само.")
    consultation = await load(session_pool)
    assert consultation.first_answered_at == first_answer  # the first answer is never rewritten
    assert consultation.last_answered_at > first_answer

    # Resolved, rated, commented.
    calls = await client.click(OFFICIAL, ConsultationCb(action=ConsultationAction.RESOLVED, id=1).pack())
    assert t.RATE_PROMPT.format(number=1) in calls.text
    calls = await client.click(OFFICIAL, RatingCb(id=1, stars=5).pack())
    assert "Дякуємо за оцінку" in calls.text
    calls = await client.send(OFFICIAL, "Дуже допомогли <3")
    assert t.COMMENT_SAVED in calls.text
    consultation = await load(session_pool)
    assert consultation.status == ConsultationStatus.CLOSED
    assert consultation.rating == 5 and consultation.rating_comment == "Дуже допомогли <3"
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
    # Rating twice is refused.
    calls = await client.click(OFFICIAL, RatingCb(id=1, stars=1).pack())
    assert t.ALREADY_RATED in calls.alerts
    assert (await load(session_pool)).rating == 5

    # /my shows the consultation with its status.
    calls = await client.send(OFFICIAL, "/my")
    assert "№1" in calls.text and t.STATUS[ConsultationStatus.CLOSED] in calls.text


async def test_attachments_reach_the_lawyer(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any]
) -> None:
    await client.send(OFFICIAL, "/ask")
    await client.click(OFFICIAL, TopicCb(code="land").pack())
    await client.send_document(OFFICIAL, file_id="doc-rishennia", caption="Проєкт рішення")
    await client.send_photo(OFFICIAL, file_id="photo-plan")
    await client.send(OFFICIAL, t.BTN_DONE)
    await client.click(OFFICIAL, DraftCb(action=DraftAction.SEND).pack())
    await workers.drain()
    calls = await client.click(LAWYER, ConsultationCb(action=ConsultationAction.TAKE, id=1).pack())
    assert [m.document for m in calls.of("SendDocument")] == ["doc-rishennia"]
    assert [m.photo for m in calls.of("SendPhoto")] == ["photo-plan"]
    assert "Проєкт рішення" in calls.text


async def test_unsupported_content_keeps_the_draft(
    client: TelegramClient, session_pool: Any, people: dict[str, Any]
) -> None:
    await client.send(OFFICIAL, "/ask")
    await client.click(OFFICIAL, TopicCb(code="budget").pack())
    await client.send(OFFICIAL, "Перша частина питання")
    calls = await client.send_sticker(OFFICIAL)
    assert "не обробляю" in calls.text
    calls = await client.send(OFFICIAL, t.BTN_DONE)
    assert "Перша частина питання" in calls.text


async def test_long_question_is_accepted_and_split(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any]
) -> None:
    await client.send(OFFICIAL, "/ask")
    await client.click(OFFICIAL, TopicCb(code="land").pack())
    chunk = ("Дуже докладний опис ситуації з земельною ділянкою. " * 80)[:4000]
    for _ in range(3):
        await client.send(OFFICIAL, chunk)
    preview = await client.send(OFFICIAL, t.BTN_DONE)
    assert len(preview.texts) >= 3 and all(len(text) <= 4096 for text in preview.texts)
    await client.click(OFFICIAL, DraftCb(action=DraftAction.SEND).pack())
    consultation = await load(session_pool)
    assert len(consultation.question) > 12_000
    await workers.drain()
    calls = await client.click(LAWYER, ConsultationCb(action=ConsultationAction.TAKE, id=1).pack())
    texts = calls.to(LAWYER).texts
    assert all(len(text) <= 4096 for text in texts)
    assert sum(text.count("Дуже докладний") for text in texts) >= 3 * 70


async def test_long_answer_is_split_for_the_official(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any]
) -> None:
    await ask(client, "Питання")
    await client.click(LAWYER, ConsultationCb(action=ConsultationAction.TAKE, id=1).pack())
    await client.click(LAWYER, ConsultationCb(action=ConsultationAction.ANSWER, id=1).pack())
    answer = "Роз'яснення & норми закону. " * 400  # about 11,000 characters, more once escaped
    await client.send(LAWYER, answer[:5000])
    await client.send(LAWYER, answer[5000:])
    await client.send(LAWYER, t.BTN_DONE)
    await client.click(LAWYER, DraftCb(action=DraftAction.SEND).pack())
    sent = await workers.drain()
    parts = [
        r.text for r in sent if type(r).__name__ == "SendMessage" and r.chat_id == OFFICIAL and "Роз'яснення" in r.text
    ]
    assert len(parts) >= 3 and all(len(p) <= 4096 for p in parts)
    assert sum(p.count("&amp;") for p in parts) == 400


async def test_hand_over_and_release(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any]
) -> None:
    await ask(client, "Питання про землю")
    await client.click(LAWYER, ConsultationCb(action=ConsultationAction.TAKE, id=1).pack())
    await workers.drain()
    calls = await client.click(LAWYER, ConsultationCb(action=ConsultationAction.HANDOVER, id=1).pack())
    assert "Марія Правник" in str(calls.buttons())
    await client.click(LAWYER, HandoverCb(id=1, lawyer=people["lawyer2"].id).pack())
    consultation = await load(session_pool)
    assert consultation.lawyer_id == people["lawyer2"].id and consultation.status == ConsultationStatus.ASSIGNED
    sent = await workers.drain()
    assert "Вам передано" in sent_texts(sent, LAWYER2)
    # The former lawyer can no longer act on it.
    calls = await client.click(LAWYER, ConsultationCb(action=ConsultationAction.RELEASE, id=1).pack())
    assert t.NOT_ASSIGNED_TO_YOU in calls.alerts
    # The new lawyer hands it to another topic: back to the queue of that topic.
    await client.click(LAWYER2, HandoverCb(id=1, topic="budget").pack())
    consultation = await load(session_pool)
    assert (
        consultation.topic_code == "budget"
        and consultation.status == ConsultationStatus.OPEN
        and consultation.lawyer_id is None
    )
    await client.click(LAWYER2, ConsultationCb(action=ConsultationAction.TAKE, id=1).pack())
    await client.click(LAWYER2, ConsultationCb(action=ConsultationAction.RELEASE, id=1).pack())
    consultation = await load(session_pool)
    assert consultation.status == ConsultationStatus.OPEN and consultation.lawyer_id is None
    kinds = await event_kinds(session_pool)
    assert kinds.count(EventKind.HANDED_OVER) == 2 and EventKind.RELEASED in kinds


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


async def test_overdue_reminds_the_lawyer_then_the_admins(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any], clock: Any
) -> None:
    await ask(client, "Питання")
    await client.click(LAWYER, ConsultationCb(action=ConsultationAction.TAKE, id=1).pack())
    consultation = await load(session_pool)
    await workers.drain()
    clock.current = consultation.due_at
    clock.advance(minutes=1)
    sent = await workers.drain()
    assert "прострочено" in sent_texts(sent, LAWYER)
    assert sent_texts(sent, ADMIN_ID) == ""
    clock.advance(hours=24)
    sent = await workers.drain()
    assert "прострочено на 24 год" in sent_texts(sent, ADMIN_ID)
    kinds = await event_kinds(session_pool)
    assert EventKind.OVERDUE_LAWYER_REMINDED in kinds and EventKind.OVERDUE_ADMIN_ESCALATED in kinds
    # Done jobs are not run again.
    clock.advance(days=3)
    assert sent_texts(await workers.drain(), LAWYER) == ""


async def test_answered_in_time_gets_no_reminder(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any], clock: Any
) -> None:
    await ask(client, "Питання")
    await client.click(LAWYER, ConsultationCb(action=ConsultationAction.TAKE, id=1).pack())
    await client.click(LAWYER, ConsultationCb(action=ConsultationAction.ANSWER, id=1).pack())
    await compose_and_send(client, LAWYER, "Відповідь")
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
    await client.click(LAWYER, ConsultationCb(action=ConsultationAction.TAKE, id=1).pack())
    await client.click(LAWYER, ConsultationCb(action=ConsultationAction.ANSWER, id=1).pack())
    await compose_and_send(client, LAWYER, "Відповідь")
    await workers.drain()
    clock.advance(days=settings.auto_close_days - 1)
    await workers.drain()
    assert (await load(session_pool)).status == ConsultationStatus.ANSWERED
    clock.advance(days=1, minutes=1)
    sent = await workers.drain()
    consultation = await load(session_pool)
    assert consultation.status == ConsultationStatus.CLOSED and consultation.closed_at == clock.now()
    assert "закрито автоматично" in sent_texts(sent, OFFICIAL)
    assert (await event_kinds(session_pool))[-1] == EventKind.AUTO_CLOSED


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
    await client.send(OFFICIAL, "/ask")
    await client.click(OFFICIAL, TopicCb(code="land").pack())
    await client.send(OFFICIAL, "Чернетка")
    calls = await client.send(OFFICIAL, "/cancel")
    assert "Скасовано" in calls.text
    calls = await client.send(OFFICIAL, t.BTN_DONE)
    assert "Чернетка" not in calls.text
    async with session_pool() as session:
        assert (await session.scalars(select(Consultation))).first() is None


async def test_free_text_becomes_a_question_without_retyping(
    client: TelegramClient, session_pool: Any, people: dict[str, Any]
) -> None:
    calls = await client.send(OFFICIAL, "Як оформити відпустку секретарю ради?")
    assert t.FREE_TEXT_OFFER in calls.text
    await client.click(OFFICIAL, TopicCb(code="service").pack())
    calls = await client.send(OFFICIAL, t.BTN_DONE)
    assert "Як оформити відпустку секретарю ради?" in calls.text
    calls = await client.click(OFFICIAL, DraftCb(action=DraftAction.SEND).pack())
    assert "№1" in calls.text
    consultation = await load(session_pool)
    assert consultation.topic_code == "service" and consultation.question == "Як оформити відпустку секретарю ради?"


async def test_a_command_while_composing_is_not_part_of_the_draft(
    client: TelegramClient, people: dict[str, Any]
) -> None:
    await client.send(OFFICIAL, "/ask")
    await client.click(OFFICIAL, TopicCb(code="land").pack())
    await client.send(OFFICIAL, "Текст питання")
    calls = await client.send(OFFICIAL, "/help")
    assert "Гаряча лінія" in calls.text
    calls = await client.send(OFFICIAL, t.BTN_DONE)
    assert "Текст питання" in calls.text and "/help" not in calls.text


async def test_reply_to_a_clarification_after_the_lawyer_released_it_is_kept(
    client: TelegramClient, workers: Any, session_pool: Any, people: dict[str, Any]
) -> None:
    await ask(client, "Питання")
    await client.click(LAWYER, ConsultationCb(action=ConsultationAction.TAKE, id=1).pack())
    await client.click(LAWYER, ConsultationCb(action=ConsultationAction.CLARIFY, id=1).pack())
    await compose_and_send(client, LAWYER, "Уточніть дату рішення")
    await client.click(LAWYER, ConsultationCb(action=ConsultationAction.RELEASE, id=1).pack())
    await client.click(OFFICIAL, ConsultationCb(action=ConsultationAction.REPLY, id=1).pack())
    calls = await compose_and_send(client, OFFICIAL, "Рішення від 01.10.2026")
    assert t.REPLY_SENT.format(number=1) in calls.text
    consultation = await load(session_pool)
    assert consultation.status == ConsultationStatus.OPEN
    calls = await client.click(LAWYER2, ConsultationCb(action=ConsultationAction.TAKE, id=1).pack())
    assert "Рішення від 01.10.2026" in calls.text  # the next lawyer sees the reply in the thread
