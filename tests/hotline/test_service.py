"""The hot line's rules without Telegram: the service on a session, its refusals and the notices it queues."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.notices import Notice
from core.settings import Settings
from knowledge import Knowledge
from services.hotline import errors, notices
from services.hotline.consultations import JOB_AUTOCLOSE, JOB_ESCALATE, JOB_OVERDUE, JOB_UNDELIVERED, Hotline
from services.hotline.draft import MAX_ATTACHMENTS, QUESTION_MAX_UNITS, Attachment, Draft, Purpose
from services.hotline.jobs import JOBS
from services.jobs import JobRun
from services.notify import NOTICE_METHOD
from storage.models import ConsultationStatus, JobState, OutboxMessage, OutboxState, Role, ScheduledJob, User
from storage.repositories import delivery
from tests.support.factories import make_user

NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # Monday, 09:00 in Kyiv


def hotline(session: AsyncSession, settings: Settings, knowledge: Knowledge, now: datetime = NOW) -> Hotline:
    return Hotline(session, settings, knowledge, now)


def draft(*parts: str, files: int = 0) -> Draft:
    attachments: list[Attachment] = [
        {"type": "document", "file_id": f"doc-{i}", "file_name": f"{i}.pdf"} for i in range(files)
    ]
    return Draft(parts=list(parts), attachments=attachments)


async def queued(session: AsyncSession) -> list[Notice]:
    """The notices in the outbox, oldest first, read back as the outbox worker reads them."""
    await session.flush()
    rows = await session.scalars(
        select(OutboxMessage).where(OutboxMessage.method == NOTICE_METHOD).order_by(OutboxMessage.id)
    )
    return [Notice.restore(row.params["kind"], row.chat_id, row.params["data"]) for row in rows]


async def sent_files(session: AsyncSession) -> list[OutboxMessage]:
    await session.flush()
    rows = await session.scalars(select(OutboxMessage).where(OutboxMessage.method != NOTICE_METHOD))
    return list(rows.all())


@pytest.fixture
def service(session: AsyncSession, settings: Settings, knowledge: Knowledge) -> Hotline:
    return hotline(session, settings, knowledge)


async def taken(service: Hotline, people: dict[str, User]) -> int:
    """A land question, taken by its lawyer: its number."""
    number = (await service.ask(people["official"], "land", draft("Питання"))).id
    await service.take(number, people["lawyer"], Role.LAWYER)
    return number


@pytest.fixture
async def people(session: AsyncSession) -> dict[str, User]:
    return {
        "official": await make_user(session, full_name="Олена Петренко"),
        "other": await make_user(session, full_name="Інший Посадовець"),
        "lawyer": await make_user(session, role=Role.LAWYER, full_name="Юрій Юрист", topics=["land"]),
        "lawyer2": await make_user(session, role=Role.LAWYER, full_name="Марія Правник"),
        "budget": await make_user(session, role=Role.LAWYER, full_name="Бюджетник", topics=["budget"]),
        "admin": await make_user(session, role=Role.ADMIN, full_name="Адмін"),
    }


async def test_a_question_is_routed_to_the_lawyers_of_its_topic_with_deadlines(
    session: AsyncSession, service: Hotline, people: dict[str, User]
) -> None:
    consultation = await service.ask(people["official"], "land", draft("Про землю <і & оренду>"))
    assert consultation.status == ConsultationStatus.OPEN and consultation.due_at > NOW
    told = await queued(session)
    assert {n.chat_id for n in told} == {people["lawyer"].telegram_id, people["lawyer2"].telegram_id}
    notice = told[0]
    assert isinstance(notice, notices.NewConsultation)
    assert notice.consultation_id == consultation.id and notice.official == "Олена Петренко"
    assert notice.topic == service.knowledge.topic_title("land") and notice.preview == "Про землю <і & оренду>"
    assert (
        notice.due == consultation.due_at
        and notice.due.utcoffset() == consultation.due_at.astimezone(service.settings.tz).utcoffset()
    )  # stored in local time, for the text
    await session.flush()
    jobs = {job.kind: job.due_at for job in (await session.scalars(select(ScheduledJob))).all()}
    assert jobs[JOB_OVERDUE] == consultation.due_at
    assert jobs[JOB_ESCALATE] == consultation.due_at + timedelta(hours=service.settings.admin_escalation_hours)


async def test_a_topic_without_lawyers_is_reported_to_the_admins(
    session: AsyncSession, settings: Settings, knowledge: Knowledge, people: dict[str, User]
) -> None:
    people["lawyer2"].role = Role.OFFICIAL  # the lawyer without topics would cover it
    await hotline(session, settings, knowledge).ask(people["official"], "education", draft("Про освіту"))
    told = await queued(session)
    assert all(isinstance(n, notices.NoLawyerForTopic) for n in told)
    assert {n.chat_id for n in told} == {people["admin"].telegram_id, *settings.admin_ids}


@pytest.mark.parametrize(
    ("topic", "parts", "refusal"),
    [
        ("nonsense", ("Питання",), errors.UnknownTopic(topic_code="nonsense")),
        ("land", (), errors.DraftEmpty()),
        ("land", ("  ",), errors.DraftEmpty()),
    ],
)
async def test_asking_is_refused_without_a_topic_or_a_text(
    session: AsyncSession,
    settings: Settings,
    knowledge: Knowledge,
    people: dict[str, User],
    topic: str,
    parts: tuple[str, ...],
    refusal: errors.DomainError,
) -> None:
    with pytest.raises(type(refusal)) as refused:
        await hotline(session, settings, knowledge).ask(people["official"], topic, draft(*parts))
    assert refused.value.params == refusal.params
    assert await queued(session) == []


def test_a_draft_refuses_what_does_not_fit_and_keeps_what_it_had() -> None:
    text = draft("а" * (QUESTION_MAX_UNITS - 10))
    with pytest.raises(errors.DraftTooLong) as too_long:
        text.add("б" * 20, None)
    assert too_long.value.limit == QUESTION_MAX_UNITS and text.text == "а" * (QUESTION_MAX_UNITS - 10)
    files = draft(files=MAX_ATTACHMENTS)
    with pytest.raises(errors.TooManyFiles):
        files.add("підпис", {"type": "photo", "file_id": "p", "file_name": None})
    assert files.parts == [] and len(files.attachments) == MAX_ATTACHMENTS


def test_a_draft_counts_its_length_as_telegram_does() -> None:
    """UTF-16 code units: an emoji outside the BMP is two, as in every limit Telegram sets."""
    emoji = draft("🏡" * 5000)  # 10,000 units
    assert emoji.size == 10_000 and len(emoji.text) == 5_000
    emoji.add("🏡" * 4999, None)  # + 2 (the paragraph break) + 9,998 = 20,000: fits exactly
    assert emoji.size == QUESTION_MAX_UNITS
    with pytest.raises(errors.DraftTooLong):
        emoji.add("а", None)
    assert emoji.size == QUESTION_MAX_UNITS


async def test_taking_one_winner_and_refusals_with_reasons(
    session: AsyncSession, service: Hotline, people: dict[str, User]
) -> None:
    number = (await service.ask(people["official"], "land", draft("Питання"))).id
    with pytest.raises(errors.NotYours):
        await service.take(number, people["official"], Role.OFFICIAL)
    with pytest.raises(errors.NotYours):
        await service.take(number, people["budget"], Role.LAWYER)  # not their topic
    with pytest.raises(errors.ConsultationNotFound) as missing:
        await service.take(999, people["lawyer"], Role.LAWYER)
    assert missing.value.consultation_id == 999

    consultation = await service.take(number, people["lawyer"], Role.LAWYER)
    assert consultation.status == ConsultationStatus.ASSIGNED and consultation.lawyer_id == people["lawyer"].id
    with pytest.raises(errors.AlreadyTaken) as taken:
        await service.take(number, people["lawyer2"], Role.LAWYER)
    assert taken.value.params == {"consultation_id": number, "lawyer": "Юрій Юрист"}
    with pytest.raises(errors.AlreadyYours):
        await service.take(number, people["lawyer"], Role.LAWYER)
    await service.close(number, people["lawyer"], Role.LAWYER)
    with pytest.raises(errors.NotInQueue):
        await service.take(number, people["lawyer2"], Role.LAWYER)
    told = [n for n in await queued(session) if n.chat_id == people["official"].telegram_id]
    assert [type(n) for n in told] == [notices.ConsultationTaken, notices.ConsultationClosedByStaff]
    assert isinstance(told[0], notices.ConsultationTaken) and told[0].lawyer == "Юрій Юрист"


async def test_only_its_lawyer_answers_and_only_while_in_work(
    session: AsyncSession, service: Hotline, people: dict[str, User]
) -> None:
    number = await taken(service, people)
    with pytest.raises(errors.NotAssignedToYou):
        await service.answer(number, people["lawyer2"], Role.LAWYER, draft("Відповідь"))
    with pytest.raises(errors.NotYours):
        await service.answer(number, people["official"], Role.OFFICIAL, draft("Відповідь"))
    with pytest.raises(errors.DraftEmpty):
        await service.answer(number, people["lawyer"], Role.LAWYER, draft())
    await service.answer(number, people["lawyer"], Role.LAWYER, draft("Відповідь", files=1))
    with pytest.raises(errors.WrongStatus) as wrong:
        await service.answer(number, people["lawyer"], Role.LAWYER, draft("Ще раз"))
    assert wrong.value.params == {"consultation_id": number, "status": ConsultationStatus.ANSWERED}
    # The official gets the answer, its file, then the question whether it is resolved.
    official = people["official"].telegram_id
    told = [type(n) for n in await queued(session) if n.chat_id == official]
    assert told[-2:] == [notices.ConsultationAnswered, notices.AnswerReactionAsked]
    assert [(f.chat_id, f.method, f.params["caption"]) for f in await sent_files(session)] == [
        (official, "sendDocument", f"№{number}")
    ]
    await session.flush()
    jobs = {job.kind: job.state for job in (await session.scalars(select(ScheduledJob))).all()}
    assert jobs == {JOB_OVERDUE: JobState.CANCELLED, JOB_ESCALATE: JobState.CANCELLED, JOB_AUTOCLOSE: JobState.PENDING}


async def test_a_long_answer_is_queued_in_parts_that_fit_once_escaped(
    session: AsyncSession, service: Hotline, people: dict[str, User]
) -> None:
    number = await taken(service, people)
    text = "Норми & <закону>. " * 900  # 16,200 characters, about 30,000 once escaped
    await service.answer(number, people["lawyer"], Role.LAWYER, draft(text))
    parts = [n for n in await queued(session) if isinstance(n, notices.ConsultationAnswered)]
    assert len(parts) >= 6
    assert [p.part for p in parts] == list(range(len(parts)))
    assert [p.last for p in parts] == [False] * (len(parts) - 1) + [True]
    assert " ".join(p.text for p in parts).split() == text.split()  # cut between words, nothing lost
    from services.text import MESSAGE_LIMIT, quote, tg_len

    assert tg_len(quote(parts[0].text)) <= MESSAGE_LIMIT - notices.HEADER_ROOM
    assert all(tg_len(quote(p.text)) <= MESSAGE_LIMIT for p in parts)


async def test_a_follow_up_goes_back_to_the_queue_when_its_lawyer_left(
    session: AsyncSession, service: Hotline, people: dict[str, User]
) -> None:
    number = await taken(service, people)
    await service.answer(number, people["lawyer"], Role.LAWYER, draft("Відповідь"))
    with pytest.raises(errors.NotYours):
        await service.follow_up(number, people["other"], draft("Чуже"))
    people["lawyer"].role = Role.OFFICIAL  # no longer a lawyer
    later = hotline(session, service.settings, service.knowledge, NOW + timedelta(days=1))
    consultation = await later.follow_up(number, people["official"], draft("А якщо?"))
    assert consultation.status == ConsultationStatus.OPEN and consultation.lawyer_id is None
    assert consultation.due_at == later.due_from(later.now)
    routed = [n.chat_id for n in await queued(session) if isinstance(n, notices.NewConsultation)]
    assert len(routed) == 3 and routed[-1] == people["lawyer2"].telegram_id  # routed again, to the lawyers left


async def test_rating_once_between_one_and_five(
    session: AsyncSession, service: Hotline, people: dict[str, User]
) -> None:
    number = await taken(service, people)
    with pytest.raises(errors.WrongStatus):
        await service.resolve(number, people["official"])  # not answered yet
    await service.answer(number, people["lawyer"], Role.LAWYER, draft("Відповідь"))
    with pytest.raises(errors.WrongStatus):
        await service.comment_rating(number, people["official"], "ще не оцінено")
    await service.resolve(number, people["official"])
    with pytest.raises(errors.RatingOutOfRange) as out_of_range:
        await service.rate(number, people["official"], 6)
    assert out_of_range.value.stars == 6
    with pytest.raises(errors.NotYours):
        await service.rate(number, people["other"], 5)
    consultation = await service.rate(number, people["official"], 4)
    assert consultation.rating == 4
    with pytest.raises(errors.AlreadyRated):
        await service.rate(number, people["official"], 5)


async def test_hand_over_rules(session: AsyncSession, service: Hotline, people: dict[str, User]) -> None:
    number = await taken(service, people)
    with pytest.raises(errors.NotAssignedToYou):
        await service.handover_options(number, people["lawyer2"], Role.LAWYER)
    options = await service.handover_options(number, people["lawyer"], Role.LAWYER)
    assert {lawyer.id for lawyer in options.lawyers} == {people["lawyer2"].id, people["budget"].id}
    with pytest.raises(errors.HandoverTargetInvalid):  # not a lawyer
        await service.hand_over_to_lawyer(number, people["lawyer"], Role.LAWYER, people["official"].id)
    with pytest.raises(errors.AlreadyWithLawyer) as already:  # the one who has it
        await service.hand_over_to_lawyer(number, people["lawyer"], Role.LAWYER, people["lawyer"].id)
    assert already.value.params == {"consultation_id": number, "lawyer": "Юрій Юрист"}
    with pytest.raises(errors.UnknownTopic):
        await service.hand_over_to_topic(number, people["lawyer"], Role.LAWYER, "land")  # the same topic
    consultation = await service.hand_over_to_lawyer(number, people["lawyer"], Role.LAWYER, people["lawyer2"].id)
    assert consultation.lawyer is people["lawyer2"]  # named right in the reply
    handed = [n for n in await queued(session) if isinstance(n, notices.ConsultationHandedOver)]
    assert [(n.chat_id, n.by, n.status) for n in handed] == [
        (people["lawyer2"].telegram_id, "Юрій Юрист", ConsultationStatus.ASSIGNED)
    ]
    # An admin may hand over what is not theirs.
    consultation = await service.hand_over_to_topic(number, people["admin"], Role.ADMIN, "budget")
    assert consultation.status == ConsultationStatus.OPEN and consultation.lawyer is None
    assert consultation.topic_code == "budget"


async def test_the_queue_is_for_staff_and_shows_their_topics(
    session: AsyncSession, service: Hotline, people: dict[str, User]
) -> None:
    land = await service.ask(people["official"], "land", draft("Земля"))
    budget = await service.ask(people["official"], "budget", draft("Бюджет"))
    with pytest.raises(errors.StaffOnly):
        await service.work_list(people["official"], Role.OFFICIAL)
    assert [c.id for c in (await service.work_list(people["lawyer"], Role.LAWYER)).queue] == [land.id]
    assert [c.id for c in (await service.work_list(people["admin"], Role.ADMIN)).queue] == [land.id, budget.id]
    await service.take(land.id, people["lawyer"], Role.LAWYER)
    work = await service.work_list(people["lawyer"], Role.LAWYER)
    assert [c.id for c in work.assigned] == [land.id] and work.queue == []


async def test_who_sees_a_thread(session: AsyncSession, service: Hotline, people: dict[str, User]) -> None:
    number = (await service.ask(people["official"], "land", draft("Питання"))).id
    assert (await service.thread(number, people["official"], Role.OFFICIAL)).asked_by_viewer
    case = await service.thread(number, people["lawyer"], Role.LAWYER)
    assert not case.asked_by_viewer and [e.kind.value for e in case.events] == ["created", "routed"]
    for user, role in ((people["other"], Role.OFFICIAL), (people["budget"], Role.LAWYER)):
        with pytest.raises(errors.NotYours):
            await service.thread(number, user, role)


def run(service: Hotline, kind: str, ref_id: int, now: datetime) -> Any:
    """The job as the scheduler runs it (its own service at the time it is due)."""
    return JOBS[kind](JobRun(service.session, service.settings, service.knowledge, now, kind, ref_id))


async def test_deadline_jobs(session: AsyncSession, service: Hotline, people: dict[str, User]) -> None:
    consultation = await service.ask(people["official"], "land", draft("Питання"))
    number, due = consultation.id, consultation.due_at
    await run(service, JOB_OVERDUE, number, due - timedelta(minutes=1))  # not yet
    assert not [n for n in await queued(session) if isinstance(n, notices.ConsultationOverdueInQueue)]
    await run(service, JOB_OVERDUE, number, due + timedelta(minutes=1))
    overdue = [n for n in await queued(session) if isinstance(n, notices.ConsultationOverdueInQueue)]
    assert {n.chat_id for n in overdue} == {people["lawyer"].telegram_id, people["lawyer2"].telegram_id}
    await run(service, JOB_ESCALATE, number, due + timedelta(hours=25))
    escalated = [n for n in await queued(session) if isinstance(n, notices.ConsultationEscalated)]
    assert escalated and all(n.hours == 25 and n.lawyer is None for n in escalated)

    await service.take(number, people["lawyer"], Role.LAWYER)
    await service.answer(number, people["lawyer"], Role.LAWYER, draft("Відповідь"))
    answered = service.now
    await run(service, JOB_AUTOCLOSE, number, answered + timedelta(days=1))
    assert consultation.status == ConsultationStatus.ANSWERED
    await run(service, JOB_AUTOCLOSE, number, answered + timedelta(days=service.settings.auto_close_days))
    assert consultation.status == ConsultationStatus.CLOSED
    closed = [n for n in await queued(session) if isinstance(n, notices.ConsultationAutoClosed)]
    assert [(n.chat_id, n.answered) for n in closed] == [(people["official"].telegram_id, answered)]


def test_notices_survive_the_outbox_row_as_json() -> None:
    """A notice is stored as JSON and read back with its types (datetimes, statuses)."""
    notice = notices.ConsultationOverdue(
        chat_id=1,
        consultation_id=7,
        topic="Земельні відносини",
        due=datetime(2026, 11, 30, 9, 0, tzinfo=UTC),
        status=ConsultationStatus.CLARIFICATION,
    )
    restored = Notice.restore(notice.kind(), 1, json.loads(json.dumps(notice.payload())))
    assert restored == notice and isinstance(restored, notices.ConsultationOverdue)
    assert isinstance(restored.status, ConsultationStatus)


async def test_writing_is_checked_when_the_composer_opens(
    session: AsyncSession, service: Hotline, people: dict[str, User]
) -> None:
    """The same rules as sending, asked before anything is typed."""
    number = await taken(service, people)
    official, lawyer = people["official"], people["lawyer"]
    for purpose in (Purpose.ANSWER, Purpose.CLARIFY):
        assert (await service.check_writing(purpose, number, lawyer, Role.LAWYER)).id == number
    refusals: list[tuple[Purpose, User, Role, type[errors.DomainError]]] = [
        (Purpose.ANSWER, people["lawyer2"], Role.LAWYER, errors.NotAssignedToYou),
        (Purpose.CLARIFY, official, Role.OFFICIAL, errors.NotYours),
        (Purpose.REPLY, people["other"], Role.OFFICIAL, errors.NotYours),
        (Purpose.REPLY, official, Role.OFFICIAL, errors.WrongStatus),  # no clarification was asked
        (Purpose.FOLLOW_UP, official, Role.OFFICIAL, errors.WrongStatus),  # not answered yet
    ]
    for purpose, user, role, refusal in refusals:
        with pytest.raises(refusal):
            await service.check_writing(purpose, number, user, role)
    await service.answer(number, lawyer, Role.LAWYER, draft("Відповідь"))
    with pytest.raises(errors.WrongStatus) as answered:
        await service.check_writing(Purpose.ANSWER, number, lawyer, Role.LAWYER)
    assert answered.value.params == {"consultation_id": number, "status": ConsultationStatus.ANSWERED}
    assert (await service.check_writing(Purpose.FOLLOW_UP, number, official, Role.OFFICIAL)).id == number
    with pytest.raises(ValueError):
        await service.check_writing(Purpose.ASK, number, official, Role.OFFICIAL)


async def test_the_hand_over_choice_is_refused_once_answered(
    session: AsyncSession, service: Hotline, people: dict[str, User]
) -> None:
    number = await taken(service, people)
    await service.answer(number, people["lawyer"], Role.LAWYER, draft("Відповідь"))
    with pytest.raises(errors.WrongStatus):
        await service.handover_options(number, people["lawyer"], Role.LAWYER)


async def bounce(session: AsyncSession, service: Hotline, chat_id: int, purpose: str) -> int:
    """The outbox meets a 403 on every row of `purpose` to `chat_id` (as `workers.outbox` records it)."""
    await session.flush()
    rows = (
        await session.scalars(
            select(OutboxMessage).where(OutboxMessage.chat_id == chat_id, OutboxMessage.purpose == purpose)
        )
    ).all()
    for row in rows:
        row.state = OutboxState.BLOCKED
        await delivery.record_blocked(session, row, now=service.now)
    await session.flush()
    return len(rows)


async def undelivered_jobs(session: AsyncSession) -> list[ScheduledJob]:
    await session.flush()
    rows = await session.scalars(select(ScheduledJob).where(ScheduledJob.kind == JOB_UNDELIVERED))
    return list(rows.all())


async def test_undelivered_words_are_reported_once_to_the_lawyer_and_the_admins(
    session: AsyncSession, service: Hotline, settings: Settings, people: dict[str, User]
) -> None:
    official, lawyer = people["official"], people["lawyer"]
    official.phone = "+380501234567"
    number = await taken(service, people)
    assert await bounce(session, service, official.telegram_id, "taken") == 1  # not the lawyer's words
    assert await undelivered_jobs(session) == []
    await service.answer(number, lawyer, Role.LAWYER, draft("Відповідь", files=1))
    assert await bounce(session, service, official.telegram_id, "answer") == 2  # the text and the file
    consultation = await service.get_for(number, lawyer, Role.LAWYER)
    assert consultation.answer_undelivered
    assert len(await undelivered_jobs(session)) == 1  # once for the answer, however many rows bounced

    before = len(await queued(session))
    await run(service, JOB_UNDELIVERED, number, NOW)
    told = [n for n in (await queued(session))[before:] if isinstance(n, notices.AnswerUndelivered)]
    assert {n.chat_id: n.to_lawyer for n in told} == {
        lawyer.telegram_id: True,
        people["admin"].telegram_id: False,
        **dict.fromkeys(settings.admin_ids, False),
    }
    assert {(n.phone, n.official, n.lawyer, n.clarification) for n in told} == {
        ("+380501234567", "Олена Петренко", "Юрій Юрист", False)
    }

    # Listed where they can act: the lawyer's own, every one for admins.
    assert [c.id for c in (await service.work_list(lawyer, Role.LAWYER)).undelivered] == [number]
    assert (await service.work_list(people["lawyer2"], Role.LAWYER)).undelivered == []
    assert [c.id for c in (await service.work_list(people["admin"], Role.ADMIN)).undelivered] == [number]

    # New words (a follow-up answered again) clear the mark; a late job then tells nobody.
    await service.follow_up(number, official, draft("А якщо?"))
    await service.answer(number, lawyer, Role.LAWYER, draft("Тоді так."))
    assert not (await service.get_for(number, lawyer, Role.LAWYER)).answer_undelivered
    before = len(await queued(session))
    await run(service, JOB_UNDELIVERED, number, NOW)
    assert not [n for n in (await queued(session))[before:] if isinstance(n, notices.AnswerUndelivered)]
    assert (await service.work_list(lawyer, Role.LAWYER)).undelivered == []
