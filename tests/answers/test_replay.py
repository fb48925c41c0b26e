"""The threshold measured on real data: labels gathered from a database the test builds, each question replayed as
it was asked (later answers and the consultation's own dropped), the figures `bench/answer_search.py --database`
prints, reading only and printing no question."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.answer_search import read_only, real_data
from core.settings import Settings
from knowledge import Knowledge
from services.answers.index import reindex
from services.answers.replay import Figures, LabelKind, Labelled, Replayed, best, sweep
from services.answers.search import similar
from services.hotline.consultations import Hotline
from services.hotline.draft import Draft
from storage.models import AnswerEvent, AnswerEventKind, AnswerStatus, Consultation, PublishedAnswer, Role, User
from tests.support.factories import add_published, make_user

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
BEFORE = T0 - timedelta(days=10)

LAND = ("Як сільська рада може передати земельну ділянку в оренду фермерському господарству?", "На торгах, ст. 134 ЗК.")
STAFF = ("Як звільнити посадову особу місцевого самоврядування за прогул?", "За п. 4 ст. 40 КЗпП, склавши акт.")
BUDGET = ("Коли рада ухвалює рішення про місцевий бюджет?", "Не пізніше 25 грудня року, що передує плановому.")
HOUSING = ("Як створити об'єднання співвласників багатоквартирного будинку?", "Установчі збори ухвалюють статут.")
DISTRICT = "Як утворити старостинський округ у громаді?"
DISTRICT_RULES = "Хто затверджує положення про старостинський округ?"

HELPED_LAND = "фермер хоче взяти в оренду ділянку громади, чи потрібні земельні торги?"
HELPED_STAFF = "працівник не виходить на роботу, як звільнити за прогул?"
USED_STAFF = "Посадова особа не з'являється на роботу кілька днів, як звільнити її за прогул?"
FOOTBALL = "Як організувати футбольний турнір між селами?"
HUNTING = "Коли відкривається сезон полювання на качок?"
LAND_AGAIN = "Чи може сільська рада передати земельну ділянку в оренду фермерському господарству без торгів?"
TEXTS = [HELPED_LAND, HELPED_STAFF, USED_STAFF, FOOTBALL, HUNTING, LAND_AGAIN, DISTRICT, DISTRICT_RULES]


async def _publish(
    session: AsyncSession, author: User, texts: tuple[str, str], at: datetime, *, consultation_id: int | None = None
) -> PublishedAnswer:
    return await add_published(session, author.id, "land", *texts, at=at, consultation_id=consultation_id)


def _event(answer: PublishedAnswer, kind: AnswerEventKind, actor: User, at: datetime, **payload: Any) -> AnswerEvent:
    return AnswerEvent(answer_id=answer.id, kind=kind, actor_id=actor.id, created_at=at, payload=payload)


async def build(pool: async_sessionmaker[AsyncSession], settings: Settings, knowledge: Knowledge) -> dict[str, int]:
    async with pool() as session:
        official = await make_user(session)
        lawyer = await make_user(session, role=Role.LAWYER, full_name="Юрченко Ігор")
        land = await _publish(session, lawyer, LAND, BEFORE)
        staff = await _publish(session, lawyer, STAFF, BEFORE)
        await _publish(session, lawyer, BUDGET, BEFORE)
        housing = await _publish(session, lawyer, HOUSING, BEFORE)
        housing.status = AnswerStatus.RETIRED
        await reindex(session, housing)
        session.add_all(
            [
                _event(land, AnswerEventKind.HELPED, official, T0, question=HELPED_LAND, shown=[land.id]),
                _event(staff, AnswerEventKind.HELPED, official, T0, question=HELPED_STAFF, shown=[staff.id]),
                _event(land, AnswerEventKind.HELPED, official, T0, shown=[land.id]),  # the question erased
                _event(housing, AnswerEventKind.HELPED, official, T0, question="ОСББ", shown=[housing.id]),
            ]
        )
        asked_at = T0 + timedelta(days=1)
        hotline = Hotline(session, settings, knowledge, asked_at)
        ids = {}
        for name, question in [
            ("used", USED_STAFF),
            ("own", DISTRICT),
            ("football", FOOTBALL),
            ("hunting", HUNTING),
            ("land", LAND_AGAIN),
            ("later", DISTRICT_RULES),
            ("open", LAND_AGAIN),
            ("erased", LAND_AGAIN),
        ]:
            consultation = await hotline.ask(official, "land", Draft(parts=[question]))
            ids[name] = consultation.id
            if name != "open":
                await hotline.take(consultation.id, lawyer, Role.LAWYER)
                await hotline.answer(consultation.id, lawyer, Role.LAWYER, Draft(parts=["Відповідь юриста."]))
        erased = await session.get(Consultation, ids["erased"])
        assert erased is not None
        erased.question, erased.anonymised_at = "", T0 + timedelta(days=2)
        # Published from the consultation itself, after it was asked; another later one used for "later".
        own = await _publish(
            session, lawyer, (DISTRICT, "Рішенням ради."), T0 + timedelta(days=3), consultation_id=ids["own"]
        )
        rules = await _publish(session, lawyer, (DISTRICT_RULES, "Рада."), T0 + timedelta(days=5))
        at = T0 + timedelta(days=6)
        session.add_all(
            [
                _event(staff, AnswerEventKind.USED, lawyer, at, consultation_id=ids["used"]),
                _event(rules, AnswerEventKind.USED, lawyer, at, consultation_id=ids["later"]),
            ]
        )
        await session.commit()
        return {"own_answer": own.id, "rules_answer": rules.id, **ids}


async def test_real_questions_are_replayed_as_they_were_asked_and_only_figures_are_printed(
    session_pool: async_sessionmaker[AsyncSession],
    db_url: str,
    settings: Settings,
    knowledge: Knowledge,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ids = await build(session_pool, settings, knowledge)
    async with session_pool() as session:
        # Searched as the base is now, the consultation's own answer (published later) would be first.
        assert [hit.answer.id for hit in await similar(session, DISTRICT)][:1] == [ids["own_answer"]]
        events_before = await session.scalar(select(func.count()).select_from(AnswerEvent))

    measured = await real_data(db_url)
    labels = measured.labels
    assert (labels.count(LabelKind.HELPED), labels.count(LabelKind.USED), labels.count(LabelKind.NOTHING)) == (2, 1, 5)
    assert (labels.used_later, labels.erased, labels.retired) == (1, 2, 1)
    assert {q.consultation_id for q in labels.questions if q.kind == LabelKind.NOTHING} == {
        ids["own"],
        ids["football"],
        ids["hunting"],
        ids["land"],
        ids["later"],
    }
    assert measured.words_only  # six answers: too few for meaning
    low = measured.figures[0]
    # Every fitting answer first; silent on four of the five "nothing fits" questions (the land one is suggested
    # the land answer; the two about districts only had answers published after them).
    assert (low.threshold, low.top1, low.top3, low.silence) == (0.25, 1.0, 1.0, 0.8)
    assert [f.threshold for f in measured.figures] == [0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7]
    for lower, higher in zip(measured.figures, measured.figures[1:], strict=False):
        assert higher.top1 is not None and lower.top1 is not None and higher.top1 <= lower.top1
        assert higher.silence is not None and lower.silence is not None and higher.silence >= lower.silence
    assert measured.best == low  # silent enough already, and no threshold does better

    printed = capsys.readouterr().out
    assert "helped 2, used 1, nothing fits 5 (of which the used answer was published later 1)" in printed
    assert "skipped: text erased 2, answer retired since 1" in printed
    assert "threshold 0.25: top-1 1.000, top-3 1.000, silence 0.800" in printed
    assert "best with silence >= 0.8: threshold 0.25 (top-1 1.000, top-3 1.000, silence 0.800)" in printed
    for question in TEXTS:  # officials' personal data: never printed, not even a word of it
        assert question not in printed and question.split()[-1].strip("?") not in printed
    async with session_pool() as session:
        assert await session.scalar(select(func.count()).select_from(AnswerEvent)) == events_before

    since = await real_data(db_url, since=T0 + timedelta(hours=12))
    assert (since.labels.count(LabelKind.HELPED), since.labels.erased, since.labels.retired) == (0, 1, 0)


async def test_the_measuring_transaction_cannot_write(session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        await read_only(session)
        assert await session.scalar(select(func.count()).select_from(User)) == 0  # reading is fine
        with pytest.raises(DBAPIError, match=r"readonly|read-only"):
            await make_user(session)
        await session.rollback()


def _replayed(fits: set[int], ranked: list[tuple[int, float]]) -> Replayed:
    kind = LabelKind.USED if fits else LabelKind.NOTHING
    return Replayed(Labelled(kind, "", T0, frozenset(fits)), tuple(ranked))


def test_the_sweep_counts_first_among_three_and_silence_and_picks_the_best_threshold() -> None:
    replayed = [
        _replayed({1}, [(1, 0.6), (2, 0.3)]),  # first down to 0.6
        _replayed({2}, [(1, 0.5), (2, 0.4), (3, 0.3), (4, 0.2)]),  # never first; among three down to 0.4
        _replayed(set(), [(1, 0.35)]),  # a wrong suggestion below 0.4 only
        _replayed(set(), []),
    ]
    figures = sweep(replayed, [0.3, 0.4, 0.5, 0.7])
    assert figures == [
        Figures(0.3, 0.5, 1.0, 0.5),
        Figures(0.4, 0.5, 1.0, 1.0),
        Figures(0.5, 0.5, 0.5, 1.0),
        Figures(0.7, 0.0, 0.0, 1.0),
    ]
    assert best(figures) == Figures(0.4, 0.5, 1.0, 1.0)  # silent enough from 0.4; the same top-1, the better top-3
    assert best([Figures(0.5, 0.5, 0.5, 1.0), Figures(0.6, 0.5, 0.5, 1.0)]) == Figures(0.5, 0.5, 0.5, 1.0)
    assert sweep(replayed, [0.4], share=2 / 3) == [Figures(0.4, 0.5, 1.0, 0.5)]  # words alone: 0.267
    assert best([Figures(0.3, 0.9, 0.9, 0.5)]) is None  # never silent enough
    assert sweep(replayed[2:], [0.3]) == [Figures(0.3, None, None, 0.5)]
