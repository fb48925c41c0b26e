"""The base of answers without Telegram: word forms, ranking, the threshold, publishing rules, retiring, the log."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import Settings
from knowledge import Knowledge
from services.answers.base import AnswerBase, DraftStart
from services.answers.errors import (
    AlreadyPublished,
    AnswerRetired,
    LawyersOnly,
    NotAnsweredYet,
    TemplateRetired,
    TemplateTextEmpty,
    TemplateTitleTooLong,
)
from services.answers.form import PublishDraft
from services.answers.lemmas import lemmas
from services.answers.templates import TITLE_MAX, TemplateBook, TemplateDraft
from services.hotline.consultations import Hotline
from services.hotline.draft import Draft
from storage.models import (
    AnswerEvent,
    AnswerEventKind,
    AnswerTemplateEvent,
    AnswerTerm,
    Role,
    TemplateEventKind,
    User,
)
from tests.support.factories import make_user

NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)

LAND_Q = "Як сільська рада може передати земельну ділянку в оренду фермерському господарству?"
LAND_A = "Земельні ділянки комунальної власності передаються в оренду на земельних торгах, крім випадків статті 134."
STAFF_Q = "Як звільнити посадову особу місцевого самоврядування за прогул?"
STAFF_A = "Прогул є підставою для звільнення за пунктом 4 статті 40 КЗпП; складіть акт і візьміть пояснення."


def test_word_forms_meet() -> None:
    assert lemmas("земельна ділянка") == lemmas("земельних ділянок") == lemmas("земельну ділянку")
    assert lemmas("ради") == lemmas("раді") == lemmas("рада") == ["рада"]
    assert lemmas("Чи можна, як і що?") == []  # nothing about the subject


async def answered(
    session: AsyncSession, settings: Settings, knowledge: Knowledge, question: str, answer: str
) -> tuple[int, User]:
    official = await make_user(session, full_name="Петренко Олена", community="Вишнівська сільська рада")
    lawyer = await make_user(session, role=Role.LAWYER, full_name="Юрченко Ігор")
    hotline = Hotline(session, settings, knowledge, NOW)
    topic = "land" if "земел" in question else "service"
    consultation = await hotline.ask(official, topic, Draft(parts=[question]))
    await hotline.take(consultation.id, lawyer, Role.LAWYER)
    await hotline.answer(consultation.id, lawyer, Role.LAWYER, Draft(parts=[answer]))
    return consultation.id, lawyer


async def publish(session: AsyncSession, base: AnswerBase, consultation_id: int, lawyer: User) -> int:
    draft = await base.draft_for(consultation_id, Role.LAWYER)
    draft = draft.model_copy(update={"legal_basis": "Земельний кодекс України, ст. 134"})
    return (await base.publish(consultation_id, draft, lawyer, Role.LAWYER)).id


async def test_published_answer_found_in_other_words_and_retired_never(
    session: AsyncSession, settings: Settings, knowledge: Knowledge
) -> None:
    base = AnswerBase(session, settings, knowledge, NOW)
    land_id, lawyer = await answered(session, settings, knowledge, LAND_Q, LAND_A)
    staff_id, _ = await answered(session, settings, knowledge, STAFF_Q, STAFF_A)
    land = await publish(session, base, land_id, lawyer)
    staff = await publish(session, base, staff_id, lawyer)

    hits = await base.suggest("фермер хоче взяти в оренду ділянку громади, чи потрібні земельні торги?")
    assert [hit.answer.id for hit in hits][:1] == [land]
    hits = await base.suggest("працівник не виходить на роботу, як звільнити за прогул?")
    assert [hit.answer.id for hit in hits][:1] == [staff]
    assert await base.suggest("Як організувати футбольний турнір між селами?") == []

    await base.retire(land, lawyer, Role.LAWYER)
    await session.flush()
    assert all(hit.answer.id != land for hit in await base.suggest(LAND_Q))
    assert all(hit.answer.id != land for hit in await base.search(LAND_Q))
    assert await session.scalar(select(func.count()).select_from(AnswerTerm).where(AnswerTerm.answer_id == land)) == 0
    with pytest.raises(AnswerRetired):
        await base.get(land, Role.OFFICIAL)
    kinds = (
        await session.scalars(select(AnswerEvent.kind).where(AnswerEvent.answer_id == land).order_by(AnswerEvent.id))
    ).all()
    assert kinds == [AnswerEventKind.PUBLISHED, AnswerEventKind.RETIRED]


async def test_draft_is_anonymised_and_publishing_is_for_staff_once(
    session: AsyncSession, settings: Settings, knowledge: Knowledge
) -> None:
    base = AnswerBase(session, settings, knowledge, NOW)
    question = LAND_Q + " Пише Петренко Олена, тел. 067 123 45 67, petrenko@ukr.net, Вишнівська громада."
    consultation_id, lawyer = await answered(session, settings, knowledge, question, LAND_A)
    official = await make_user(session)
    with pytest.raises(LawyersOnly):
        await base.draft_for(consultation_id, Role.OFFICIAL)
    with pytest.raises(LawyersOnly):
        await base.publish(
            consultation_id, PublishDraft(question="q", answer="a", topic="land"), official, Role.OFFICIAL
        )
    draft = await base.draft_for(consultation_id, Role.LAWYER)
    for personal in ("Петренко", "Олена", "067", "petrenko", "Вишнівськ"):
        assert personal not in draft.question
    assert "[телефон]" in draft.question and "[електронна пошта]" in draft.question
    answer_id = await publish(session, base, consultation_id, lawyer)
    with pytest.raises(AlreadyPublished):
        await base.draft_for(consultation_id, Role.LAWYER)

    new = PublishDraft(question="Оренда землі фермером", answer=LAND_A, legal_basis="ЗК, ст. 134", topic="land")
    with pytest.raises(LawyersOnly):
        await base.edit(answer_id, new, official, Role.OFFICIAL)
    with pytest.raises(LawyersOnly):
        await base.retire(answer_id, official, Role.OFFICIAL)
    await base.edit(answer_id, new, lawyer, Role.LAWYER)
    await session.flush()
    event = (await session.scalars(select(AnswerEvent).where(AnswerEvent.kind == AnswerEventKind.EDITED))).one()
    assert event.actor_id == lawyer.id
    assert event.payload["question"]["after"] == "Оренда землі фермером"


async def test_an_unanswered_consultation_cannot_be_published(
    session: AsyncSession, settings: Settings, knowledge: Knowledge
) -> None:
    official = await make_user(session)
    consultation = await Hotline(session, settings, knowledge, NOW).ask(official, "land", Draft(parts=[LAND_Q]))
    with pytest.raises(NotAnsweredYet):
        await AnswerBase(session, settings, knowledge, NOW).draft_for(consultation.id, Role.LAWYER)


async def test_figures_count_answered_from_the_base_and_asked_anyway_within_7_days(
    session: AsyncSession, settings: Settings, knowledge: Knowledge
) -> None:
    from datetime import timedelta

    from services.answers.stats import answer_figures

    base = AnswerBase(session, settings, knowledge, NOW)
    land_id, lawyer = await answered(session, settings, knowledge, LAND_Q, LAND_A)
    answer_id = await publish(session, base, land_id, lawyer)
    satisfied = await make_user(session)
    unsatisfied = await make_user(session)
    late = await make_user(session)
    for official in (satisfied, unsatisfied, late):
        await AnswerBase(session, settings, knowledge, NOW + timedelta(hours=1)).helped(answer_id, official, "q", [])
    await Hotline(session, settings, knowledge, NOW + timedelta(days=2)).ask(unsatisfied, "land", Draft(parts=["q"]))
    await Hotline(session, settings, knowledge, NOW + timedelta(days=9)).ask(late, "land", Draft(parts=["q"]))
    await session.flush()
    figures = await answer_figures(session, NOW - timedelta(days=1), NOW + timedelta(days=30))
    assert figures == {"published": 1, "helped": 3, "asked_anyway": 1}


async def test_templates_change_only_what_changed_and_staff_only(session: AsyncSession, knowledge: Knowledge) -> None:
    book = TemplateBook(session, knowledge, NOW)
    lawyer = await make_user(session, role=Role.LAWYER, full_name="Юрченко Ігор")
    draft = TemplateDraft(topic="land", title="  Оренда \n без торгів ", text=" Текст \n\n другий абзац ")
    template = await book.add(draft, lawyer, Role.LAWYER)
    assert (template.title, template.text) == ("Оренда без торгів", "Текст \n\n другий абзац")  # a title: one line
    assert await book.edit(template.id, book.draft_of(template), lawyer, Role.LAWYER) == {}  # the same: nothing
    with pytest.raises(TemplateTitleTooLong):
        await book.edit(template.id, draft.model_copy(update={"title": "т" * (TITLE_MAX + 1)}), lawyer, Role.ADMIN)
    with pytest.raises(TemplateTextEmpty):
        await book.add(draft.model_copy(update={"text": " \n "}), lawyer, Role.LAWYER)
    with pytest.raises(LawyersOnly):
        await book.retire(template.id, lawyer, Role.OFFICIAL)
    await book.retire(template.id, lawyer, Role.LAWYER)
    with pytest.raises(TemplateRetired):
        await book.retire(template.id, lawyer, Role.LAWYER)
    await session.flush()
    kinds = await session.scalars(select(AnswerTemplateEvent.kind).order_by(AnswerTemplateEvent.id))
    assert list(kinds) == [TemplateEventKind.CREATED, TemplateEventKind.RETIRED]


async def test_taking_an_answer_into_a_draft_is_logged_once_per_consultation_and_staff_only(
    session: AsyncSession, settings: Settings, knowledge: Knowledge
) -> None:
    base = AnswerBase(session, settings, knowledge, NOW)
    land_id, lawyer = await answered(session, settings, knowledge, LAND_Q, LAND_A)
    answer_id = await publish(session, base, land_id, lawyer)
    official = await make_user(session)
    other = await Hotline(session, settings, knowledge, NOW).ask(official, "land", Draft(parts=["Оренда землі"]))
    with pytest.raises(LawyersOnly):
        await base.text_for_draft(Role.OFFICIAL, official, other.id, answer_id=answer_id)
    template = await base.add_template("land", "Оренда", "Відповідно до статті 134", lawyer, Role.LAWYER)
    taken = await base.text_for_draft(Role.LAWYER, lawyer, other.id, template_id=template.id)
    assert taken == DraftStart(template.text)
    for _ in range(2):
        start = await base.text_for_draft(Role.LAWYER, lawyer, other.id, answer_id=answer_id)
        assert start.text == LAND_A and start.legal_basis
    await base.text_for_draft(Role.ADMIN, lawyer, land_id, answer_id=answer_id)
    await session.flush()
    used = (
        await session.scalars(
            select(AnswerEvent).where(AnswerEvent.kind == AnswerEventKind.USED).order_by(AnswerEvent.id)
        )
    ).all()
    assert [(e.answer_id, e.actor_id, e.payload) for e in used] == [
        (answer_id, lawyer.id, {"consultation_id": other.id}),
        (answer_id, lawyer.id, {"consultation_id": land_id}),
    ]
