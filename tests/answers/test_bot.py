"""The base of answers through the real dispatcher: publishing with review, suggestions before asking,
search, lawyers' similar answers; refusals for officials."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from bot.callbacks.answers import AnswerAction, AnswerCb, IntoDraftCb
from bot.texts import answers as ta
from bot.texts import common as tc
from bot.texts import hotline as t
from storage.models import (
    AnswerEvent,
    AnswerEventKind,
    AnswerStatus,
    Consultation,
    ConsultationEvent,
    EventKind,
    PublishedAnswer,
    Role,
    User,
)
from tests.answers.helpers import OFFICIAL2, publish_directly
from tests.hotline.helpers import LAWYER, OFFICIAL, compose, compose_and_send, press, start_question
from tests.support.client import Calls, TelegramClient
from tests.support.factories import create_user

QUESTION = "Як сільська рада може передати земельну ділянку в оренду фермерському господарству? Мій тел. 067 123 45 67"
ANSWER = "Земельні ділянки комунальної власності передаються в оренду на земельних торгах, крім випадків статті 134."
ASKED_OTHERWISE = "фермер хоче взяти в оренду ділянку громади, чи потрібні земельні торги?"


async def people(session_pool: Any) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL, full_name="Петренко Олена Іванівна")
    await create_user(session_pool, telegram_id=OFFICIAL2, full_name="Коваль Сергій")
    await create_user(session_pool, telegram_id=LAWYER, role=Role.LAWYER, full_name="Юрій Юрист", topics=["land"])


async def answered_by_lawyer(client: TelegramClient, workers: Any) -> None:
    await start_question(client)
    await compose_and_send(client, OFFICIAL, QUESTION)
    await workers.drain()
    await press(client, LAWYER, t.BTN_TAKE)
    await press(client, LAWYER, t.BTN_ANSWER)
    await compose_and_send(client, LAWYER, ANSWER)
    await workers.drain()


async def count(session_pool: Any, model: Any, *where: Any) -> int:
    async with session_pool() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def test_the_official_is_told_before_typing_that_answers_may_be_published(
    client: TelegramClient, session_pool: Any
) -> None:
    await people(session_pool)
    prompt = await start_question(client)
    assert "бази відповідей" in prompt.text and "знеособленими" in prompt.text


async def test_a_lawyer_publishes_after_review(client: TelegramClient, workers: Any, session_pool: Any) -> None:
    await people(session_pool)
    await answered_by_lawyer(client, workers)
    review = await press(client, LAWYER, ta.BTN_PUBLISH)
    assert "Чернетка для бази" in review.text
    assert "[телефон]" in review.text and "067 123" not in review.text  # anonymised, shown for review
    assert await count(session_pool, PublishedAnswer) == 0  # nothing published before confirming
    asked = await client.click(LAWYER, review.button(tc.BTN_CHANGE.format(label=ta.LABELS["question"])))
    assert ta.PROMPTS["question"] in asked.text
    assert tc.BTN_CANCEL in [text for text, _ in asked.buttons()]
    basis = await client.send(LAWYER, "Як передати земельну ділянку в оренду фермерському господарству?")
    assert ta.PROMPTS["legal_basis"] in basis.text  # the legal basis is still missing: asked before the summary
    summary = await client.send(LAWYER, "Земельний кодекс України, ст. 124, 134")
    assert "Так відповідь побачать" in summary.text
    done = await client.click(LAWYER, summary.button(tc.BTN_CONFIRM))
    assert "опубліковано" in done.text
    async with session_pool() as session:
        answer = (await session.scalars(select(PublishedAnswer))).one()
        assert answer.question == "Як передати земельну ділянку в оренду фермерському господарству?"
        assert answer.legal_basis == "Земельний кодекс України, ст. 124, 134"
        assert answer.consultation_id == 1 and answer.topic_code == "land"
        event = (await session.scalars(select(AnswerEvent))).one()
        assert event.kind == AnswerEventKind.PUBLISHED and event.actor_id == answer.author_id


async def test_an_official_cannot_publish_edit_or_retire(
    client: TelegramClient, workers: Any, session_pool: Any
) -> None:
    await people(session_pool)
    await answered_by_lawyer(client, workers)
    forged = AnswerCb(action=AnswerAction.PUBLISH, id=1).pack()
    refused = await client.click(OFFICIAL, forged)
    assert refused.alerts == [ta.ERRORS[next(k for k in ta.ERRORS if k.__name__ == "LawyersOnly")]]
    answer_id = await publish_directly(session_pool, LAWYER, "land", "Оренда землі фермером", ANSWER)
    for action in (AnswerAction.EDIT, AnswerAction.RETIRE, AnswerAction.RETIRE_YES):
        refused = await client.click(OFFICIAL, AnswerCb(action=action, id=answer_id).pack())
        assert refused.alerts and "юристи" in refused.alerts[0]
    assert await count(session_pool, PublishedAnswer, PublishedAnswer.status == AnswerStatus.PUBLISHED) == 1
    assert await count(session_pool, AnswerEvent, AnswerEvent.kind != AnswerEventKind.PUBLISHED) == 0


async def test_a_suggestion_answers_the_question_and_no_consultation_is_made(
    client: TelegramClient, workers: Any, session_pool: Any
) -> None:
    await people(session_pool)
    answer_id = await publish_directly(session_pool, LAWYER, "land", QUESTION, ANSWER)
    await start_question(client, user_id=OFFICIAL2)
    shown = await compose(client, OFFICIAL2, ASKED_OTHERWISE)
    assert ta.SUGGESTIONS_HEADER in shown.text and "оренду" in shown.text
    opened = await client.click(OFFICIAL2, shown.button(ta.BTN_OPEN_SUGGESTION.format(n=1)))
    assert ANSWER[:40] in opened.text
    helped = await client.click(OFFICIAL2, opened.button(ta.BTN_HELPED))
    assert ta.HELPED in helped.text
    assert await count(session_pool, Consultation) == 0
    again = await client.click(OFFICIAL2, opened.button(ta.BTN_HELPED))  # a double tap
    assert again.alerts == [tc.STALE_BUTTON]
    rated = await client.click(OFFICIAL2, helped.button(ta.BTN_STARS.format(stars=5)))
    assert rated.alerts == [ta.RATED]
    twice = await client.click(OFFICIAL2, helped.button(ta.BTN_STARS.format(stars=4)))
    assert twice.alerts == ["Ви вже оцінили цю відповідь."]
    async with session_pool() as session:
        events = (await session.scalars(select(AnswerEvent).order_by(AnswerEvent.id))).all()
    assert [e.kind for e in events][-2:] == [AnswerEventKind.HELPED, AnswerEventKind.RATED]
    assert events[-2].payload["question"] == ASKED_OTHERWISE and events[-2].payload["shown"][0] == answer_id
    assert events[-1].payload == {"stars": 5}


async def test_send_anyway_keeps_the_draft_and_the_lawyer_sees_the_suggestions(
    client: TelegramClient, workers: Any, session_pool: Any
) -> None:
    await people(session_pool)
    answer_id = await publish_directly(session_pool, LAWYER, "land", QUESTION, ANSWER)
    await start_question(client, user_id=OFFICIAL2)
    shown = await compose(client, OFFICIAL2, ASKED_OTHERWISE)
    preview = await client.click(OFFICIAL2, shown.button(ta.BTN_ASK_ANYWAY))
    assert ASKED_OTHERWISE in preview.text  # nothing retyped
    sent = await client.click(OFFICIAL2, preview.button(t.BTN_SEND))
    assert "№1" in sent.text
    async with session_pool() as session:
        consultation = await session.get(Consultation, 1)
        assert consultation is not None and consultation.question == ASKED_OTHERWISE
        created = (
            await session.scalars(select(ConsultationEvent).where(ConsultationEvent.kind == EventKind.CREATED))
        ).one()
        assert created.payload["suggested"] == [answer_id]
    await workers.drain()
    taken = await press(client, LAWYER, t.BTN_TAKE)
    assert ta.SUGGESTED_TO_OFFICIAL.format(numbers=f"№{answer_id}") in taken.text


async def test_a_retired_answer_is_never_suggested(client: TelegramClient, workers: Any, session_pool: Any) -> None:
    await people(session_pool)
    answer_id = await publish_directly(session_pool, LAWYER, "land", QUESTION, ANSWER)
    found = await client.send(LAWYER, f"/kb {ASKED_OTHERWISE}")
    opened = await client.click(LAWYER, found.button(ta.BTN_OPEN_SUGGESTION.format(n=1)))
    asked = await client.click(LAWYER, opened.button(ta.BTN_RETIRE))
    retired = await client.click(LAWYER, asked.button(ta.BTN_RETIRE_YES))
    assert ta.RETIRED.format(number=answer_id) in retired.text
    await start_question(client, user_id=OFFICIAL2)
    preview = await compose(client, OFFICIAL2, ASKED_OTHERWISE)
    assert ta.SUGGESTIONS_HEADER not in preview.text
    assert t.BTN_SEND in [text for text, _ in preview.buttons()]  # straight to the preview
    nothing = await client.send(OFFICIAL, f"/kb {ASKED_OTHERWISE}")
    assert "нічого не знайдено" in nothing.text


async def test_search_and_browse_the_base(client: TelegramClient, workers: Any, session_pool: Any) -> None:
    await people(session_pool)
    await publish_directly(session_pool, LAWYER, "land", QUESTION, ANSWER)
    menu = await client.send(OFFICIAL2, ta.BTN_BASE)
    assert "База відповідей" in menu.text
    results = await client.send(OFFICIAL2, "оренда земельних ділянок")  # typed after the menu button: a search
    assert "Знайдено" in results.text
    opened = await client.click(OFFICIAL2, results.button(ta.BTN_OPEN_SUGGESTION.format(n=1)))
    assert ANSWER[:40] in opened.text and not opened.buttons()  # officials get no edit buttons
    topics = await client.click(OFFICIAL2, results.button(ta.BTN_TOPICS))
    land = await client.click(OFFICIAL2, topics.button("Земельні відносини (1)"))
    assert "оренду" in land.text


async def test_the_base_offers_only_topics_with_answers_and_says_when_it_is_empty(
    client: TelegramClient, session_pool: Any
) -> None:
    await people(session_pool)
    empty = await client.send(OFFICIAL2, ta.BTN_BASE)
    assert "ще немає опублікованих відповідей" in empty.text and not [d for _, d in empty.buttons() if d]
    # Nothing is waiting for a search: the next text is a question, as anywhere else.
    assert "Знайдено в базі" not in (await client.send(OFFICIAL2, "оренда землі")).text
    await publish_directly(session_pool, LAWYER, "land", QUESTION, ANSWER)
    base = await client.send(OFFICIAL2, ta.BTN_BASE)
    assert [text for text, data in base.buttons() if data] == ["Земельні відносини (1)"]


async def test_a_lawyer_takes_a_similar_answer_as_the_start_of_the_draft(
    client: TelegramClient, workers: Any, session_pool: Any
) -> None:
    await people(session_pool)
    answer_id = await publish_directly(session_pool, LAWYER, "land", QUESTION, ANSWER)
    await start_question(client, user_id=OFFICIAL2)
    shown = await compose(client, OFFICIAL2, ASKED_OTHERWISE)
    sent = await client.click(
        OFFICIAL2, (await client.click(OFFICIAL2, shown.button(ta.BTN_ASK_ANYWAY))).button(t.BTN_SEND)
    )
    assert "№1" in sent.text
    await workers.drain()
    taken = await press(client, LAWYER, t.BTN_TAKE)
    card = next(m for m in taken.items if any(ta.BTN_SIMILAR in b for b, _ in Calls([m]).buttons()))
    similar = await press(client, LAWYER, ta.BTN_SIMILAR)
    assert f"№{answer_id}" in similar.text
    composer = await client.click(LAWYER, similar.button(ta.BTN_USE.format(number=answer_id)))
    assert "Текст додано до чернетки" in composer.text
    preview = await client.click(LAWYER, composer.button(t.BTN_DONE))
    assert ANSWER[:40] in preview.text
    assert f"{ANSWER}\n\nПравова підстава: ЗК, ст. 134" in preview.text  # the official reads what it is
    sent = await client.click(LAWYER, preview.button(t.BTN_SEND))
    async with session_pool() as session:
        consultation = await session.get(Consultation, 1)
        assert consultation is not None and consultation.first_answered_at is not None
    # As after "✍️ Відповісти": the card's buttons follow the answer (no "answer" any more; publish it now).
    card_id = client.bot.session.results[id(card)].message_id
    edited = [m for m in sent.of("EditMessageReplyMarkup") if getattr(m, "message_id", None) == card_id]
    assert edited, "the card's buttons were left as they were"
    labels = [b for b, _ in Calls(edited).buttons()]
    assert ta.BTN_PUBLISH in labels and t.BTN_ANSWER not in labels
    review = await press(client, LAWYER, ta.BTN_PUBLISH)
    assert "Чернетка для бази" in review.text


async def used_events(session_pool: Any) -> list[AnswerEvent]:
    async with session_pool() as session:
        stmt = select(AnswerEvent).where(AnswerEvent.kind == AnswerEventKind.USED).order_by(AnswerEvent.id)
        return list((await session.scalars(stmt)).all())


async def test_taking_an_answer_into_the_draft_logs_it_once_for_the_consultation(
    client: TelegramClient, workers: Any, session_pool: Any
) -> None:
    await people(session_pool)
    await start_question(client)
    await compose_and_send(client, OFFICIAL, "Фермер просить в оренду земельну ділянку громади, чи потрібні торги?")
    await workers.drain()
    await press(client, LAWYER, t.BTN_TAKE)
    # Published while the consultation is in work (so the official was shown nothing when asking).
    answer_id = await publish_directly(session_pool, LAWYER, "land", QUESTION, ANSWER)
    similar = await press(client, LAWYER, ta.BTN_SIMILAR)
    use = similar.button(ta.BTN_USE.format(number=answer_id))
    composer = await client.click(LAWYER, use)
    assert "Текст додано до чернетки" in composer.text
    again = await client.click(LAWYER, use)  # a double tap
    assert again.alerts == [ta.ALREADY_IN_DRAFT]
    # The same answer taken again from a new list: the text is added, the label is not logged twice.
    listed_again = await press(client, LAWYER, ta.BTN_SIMILAR)
    await client.click(LAWYER, listed_again.button(ta.BTN_USE.format(number=answer_id)))
    events = await used_events(session_pool)
    async with session_pool() as session:
        lawyer_id = (await session.scalars(select(User.id).where(User.telegram_id == LAWYER))).one()
    assert [(e.answer_id, e.actor_id, e.payload) for e in events] == [(answer_id, lawyer_id, {"consultation_id": 1})]

    # An official pressing a forged button gets a refusal and logs nothing.
    forged = IntoDraftCb(id=1, answer=answer_id).pack()
    refused = await client.click(OFFICIAL, forged)
    assert refused.alerts and "Текст додано" not in (refused.text or "")
    assert len(await used_events(session_pool)) == 1


async def test_indicators_show_the_base_beside_the_hot_line(client: TelegramClient, session_pool: Any) -> None:
    from tests.conftest import ADMIN_ID

    await people(session_pool)
    await publish_directly(session_pool, LAWYER, "land", QUESTION, ANSWER)
    calls = await client.send(ADMIN_ID, "/indicators")
    assert "📚 <b>База відповідей</b>: опубліковано 1; питань вирішено відповіддю з бази 0" in calls.text
    assert "надійшло звернень: 0" in calls.text  # the hot line's figures are as they were


async def test_a_lawyer_edits_a_published_answer_and_the_change_is_logged(
    client: TelegramClient, session_pool: Any
) -> None:
    await people(session_pool)
    answer_id = await publish_directly(session_pool, LAWYER, "land", QUESTION, ANSWER)
    found = await client.send(LAWYER, "/kb оренда земельної ділянки фермером")
    opened = await client.click(LAWYER, found.button(ta.BTN_OPEN_SUGGESTION.format(n=1)))
    summary = await client.click(LAWYER, opened.button(ta.BTN_EDIT_ANSWER))
    assert ta.EDIT_INTRO.format(number=answer_id) in summary.text
    asked = await client.click(LAWYER, summary.button(tc.BTN_CHANGE.format(label=ta.LABELS["answer"])))
    assert ta.PROMPTS["answer"] in asked.text
    summary = await client.send(LAWYER, "Лише на земельних торгах, крім випадків статті 134 ЗК.")
    saved = await client.click(LAWYER, summary.button(tc.BTN_CONFIRM))
    assert ta.SAVED.format(number=answer_id) in saved.text
    async with session_pool() as session:
        answer = await session.get(PublishedAnswer, answer_id)
        assert answer is not None and answer.answer == "Лише на земельних торгах, крім випадків статті 134 ЗК."
        event = (await session.scalars(select(AnswerEvent).where(AnswerEvent.kind == AnswerEventKind.EDITED))).one()
        assert event.payload["answer"] == {"before": ANSWER, "after": answer.answer}
        assert event.actor_id == answer.author_id  # the same lawyer (users.id)


async def test_a_template_starts_the_draft_answer(client: TelegramClient, workers: Any, session_pool: Any) -> None:
    await people(session_pool)
    saved = await client.send(LAWYER, "/template land Оренда | Відповідно до статті 134 Земельного кодексу...")
    assert "Оренда" in saved.text
    refused = await client.send(OFFICIAL, "/template land Оренда | текст")  # officials: not a command of theirs
    assert "Оренда" not in refused.text
    await start_question(client)
    await compose_and_send(client, OFFICIAL, "Питання про оренду")
    await workers.drain()
    await press(client, LAWYER, t.BTN_TAKE)
    listed = await press(client, LAWYER, ta.BTN_TEMPLATES)
    composer = await client.click(LAWYER, listed.button(ta.BTN_USE_TEMPLATE.format(title="Оренда")))
    preview = await client.click(LAWYER, composer.button(t.BTN_DONE))
    assert "Відповідно до статті 134" in preview.text


async def test_the_lawyer_changes_the_topic_in_review_and_browse_follows(
    client: TelegramClient, workers: Any, session_pool: Any
) -> None:
    await people(session_pool)
    await answered_by_lawyer(client, workers)
    review = await press(client, LAWYER, ta.BTN_PUBLISH)
    assert "<b>Тема:</b> Земельні відносини" in review.text  # the consultation's, at first
    asked = await client.click(LAWYER, review.button(tc.BTN_CHANGE.format(label=ta.LABELS["topic"])))
    assert ta.PROMPTS["topic"] in asked.text
    typed = await client.send(LAWYER, "Житло")  # a typed word is not a topic: asked again, nothing lost
    assert "кнопками" in typed.text and ta.PROMPTS["topic"] in typed.text
    basis = await client.click(LAWYER, typed.button("Житлово-комунальне господарство"))
    assert ta.PROMPTS["legal_basis"] in basis.text  # still missing: asked before the summary
    summary = await client.send(LAWYER, "Житловий кодекс, ст. 1")
    assert "<b>Тема:</b> Житлово-комунальне господарство" in summary.text
    await client.click(LAWYER, summary.button(tc.BTN_CONFIRM))
    async with session_pool() as session:
        answer = (await session.scalars(select(PublishedAnswer))).one()
        assert answer.topic_code == "housing"
        event = (await session.scalars(select(AnswerEvent))).one()
        assert event.payload["consultation_topic"] == "land" and event.payload["topic"] == "housing"
    topics = await client.send(OFFICIAL2, "/kb")
    assert "Житлово-комунальне господарство (1)" in [text for text, _ in topics.buttons()]
    assert not [text for text, _ in topics.buttons() if text.startswith("Земельні відносини")]
    housing = await client.click(OFFICIAL2, topics.button("Житлово-комунальне господарство (1)"))
    assert "сільська рада може передати" in housing.text

    # The edit of a published answer changes it back; the log says from what to what.
    opened = await client.click(LAWYER, housing.button(ta.BTN_OPEN_SUGGESTION.format(n=1)))
    summary = await client.click(LAWYER, opened.button(ta.BTN_EDIT_ANSWER))
    asked = await client.click(LAWYER, summary.button(tc.BTN_CHANGE.format(label=ta.LABELS["topic"])))
    summary = await client.click(LAWYER, asked.button("Земельні відносини"))
    assert "<b>Тема:</b> Земельні відносини" in summary.text
    await client.click(LAWYER, summary.button(tc.BTN_CONFIRM))
    async with session_pool() as session:
        edited = (await session.scalars(select(AnswerEvent).where(AnswerEvent.kind == AnswerEventKind.EDITED))).one()
        assert edited.payload == {"topic": {"before": "housing", "after": "land"}}
    topics = await client.send(OFFICIAL2, "/kb")
    assert "Земельні відносини (1)" in [text for text, _ in topics.buttons()]
