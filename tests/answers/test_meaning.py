"""The second signal of the answer search: closeness of meaning lifts an answer that shares too few words with
the question, and only an answer unusually close for that question counts."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.answers import index, search, vectors
from services.answers import jobs as answer_jobs
from services.answers.index import reindex
from services.answers.search import MIN_VECTORS, SUGGEST_THRESHOLD, similar
from storage.models import AnswerStatus, AnswerVector, JobState, PublishedAnswer, ScheduledJob
from tests.conftest import Workers
from tests.support.factories import add_published, make_user

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)

# Published answers on matters the test questions are not about (the base must be big enough for meaning).
OTHERS = [
    ("budget", "Як затвердити кошторис бюджетної установи?", "Кошторис затверджує розпорядник вищого рівня."),
    ("budget", "Коли рада ухвалює рішення про місцевий бюджет?", "Не пізніше 25 грудня року, що передує плановому."),
    ("land", "Як змінити цільове призначення земельної ділянки?", "За проектом землеустрою, рішенням ради."),
    ("land", "Хто проводить нормативну грошову оцінку земель?", "Її замовляє рада, виконує сертифікований оцінювач."),
    ("housing", "Як створити об'єднання співвласників будинку?", "Установчі збори співвласників ухвалюють статут."),
    ("housing", "Хто встановлює тарифи на теплову енергію?", "Виконавчий комітет для неліцензованих підприємств."),
    ("urban", "Хто видає містобудівні умови та обмеження?", "Уповноважений орган містобудування та архітектури."),
    ("urban", "Як затвердити детальний план території?", "Після громадських слухань його затверджує виконком."),
    ("education", "Хто призначає директора комунальної школи?", "Засновник за результатами конкурсу."),
    ("education", "Як організувати підвезення учнів до школи?", "Засновник забезпечує підвезення шкільним автобусом."),
    ("health", "Як укласти договір з НСЗУ для амбулаторії?", "Заклад подає пропозицію в електронній системі."),
    ("health", "Чи може громада придбати автомобіль для амбулаторії?", "Так, за місцевою програмою розвитку."),
    ("social", "Хто видає посвідчення багатодітної сім'ї?", "Орган соціального захисту за заявою батьків."),
    ("social", "Як призначити допомогу на поховання?", "Її виплачує орган соцзахисту особі, яка поховала."),
    ("decentral", "Як утворити старостинський округ?", "Рада утворює округ рішенням і затверджує положення."),
    ("decentral", "Хто скликає сесію ради?", "Голова, а також третина депутатів чи виконком."),
    ("other", "Як відповісти на запит на публічну інформацію?", "Протягом п'яти робочих днів з дня отримання."),
    ("other", "Як зберігати архівні документи ради?", "За номенклатурою справ, в архівному підрозділі."),
    ("other", "Як зареєструвати громадську організацію?", "Через центр надання адміністративних послуг."),
    ("service", "Як присвоїти ранг посадовій особі?", "Ранг присвоюється розпорядженням голови."),
]
LATE = (
    "service",
    "Чи можна звільнити працівника, який систематично запізнюється на роботу?",
    "Систематичне порушення трудової дисципліни після стягнення є підставою для звільнення (п. 3 ст. 40 КЗпП).",
)
# The same need in other words: too few of them shared for words alone to suggest the answer.
LATE_ASKED = "людина постійно спізнюється на роботу, можна її звільнити?"
# ... and with no word (lemma or stem) in common with the answer at all.
LATE_NO_WORD = "людина постійно приходить на службу пізно, чи можна її вигнати?"
UNRELATED = "як провести фестиваль вареників на площі"


async def _publish(session: AsyncSession, author_id: int, topic: str, question: str, answer: str) -> PublishedAnswer:
    return await add_published(session, author_id, topic, question, answer, at=NOW)


async def test_meaning_lifts_an_answer_asked_in_other_words_and_leaves_unrelated_questions_alone(
    session: AsyncSession,
) -> None:
    author = await make_user(session)
    for topic, question, answer in OTHERS:
        await _publish(session, author.id, topic, question, answer)
    late = await _publish(session, author.id, *LATE)
    assert len(OTHERS) + 1 > MIN_VECTORS

    hits = await similar(session, LATE_ASKED)
    assert [hit.answer.id for hit in hits][:1] == [late.id]
    assert hits[0].words < SUGGEST_THRESHOLD <= hits[0].match  # meaning made it similar enough
    assert await similar(session, UNRELATED) == []  # every answer is somewhat close; none unusually

    # The search's in-process copy of the vectors follows retiring and editing.
    late.status = AnswerStatus.RETIRED
    await reindex(session, late)
    assert all(hit.answer.id != late.id for hit in await similar(session, LATE_ASKED))
    assert await session.scalar(select(func.count()).select_from(AnswerVector)) == len(OTHERS)
    late.status = AnswerStatus.PUBLISHED
    await reindex(session, late)
    assert [hit.answer.id for hit in await similar(session, LATE_ASKED)][:1] == [late.id]


async def test_a_small_base_is_searched_by_words_alone(session: AsyncSession) -> None:
    author = await make_user(session)
    late = await _publish(session, author.id, *LATE)
    assert await similar(session, LATE_NO_WORD) == []  # no word in common, too few answers to judge meaning
    hits = await similar(session, LATE_ASKED)  # words alone, at the lower share of a small base
    assert [hit.answer.id for hit in hits] == [late.id]
    assert hits[0].closeness == 0.0


async def test_a_model_that_fails_leaves_the_search_to_words(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    author = await make_user(session)
    for topic, question, answer in OTHERS:
        await _publish(session, author.id, topic, question, answer)

    def broken() -> None:
        raise OSError("the engine cannot be loaded")

    monkeypatch.setattr(vectors, "_model", broken)
    late = await _publish(session, author.id, *LATE)  # published all the same, without a vector
    assert await session.scalar(select(func.count()).select_from(AnswerVector)) == len(OTHERS)
    hits = await similar(session, "працівник весь час запізнюється, можна звільнити?")
    assert [hit.answer.id for hit in hits][:1] == [late.id]
    assert hits[0].closeness == 0.0


async def test_answers_published_without_a_vector_get_one_from_a_durable_job(
    session_pool: Any, workers: Workers, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Published before vectors existed (or while the model failed): found by words only, until the job runs."""

    def broken() -> None:
        raise OSError("the engine cannot be loaded")

    with monkeypatch.context() as patched:
        patched.setattr(vectors, "_model", broken)
        async with session_pool() as session:
            author = await make_user(session)
            for topic, question, answer in OTHERS:
                await _publish(session, author.id, topic, question, answer)
            late = await _publish(session, author.id, *LATE)
            await session.commit()
    async with session_pool() as session:
        assert await session.scalar(select(func.count()).select_from(AnswerVector)) == 0
        before = await similar(session, LATE_ASKED)
        assert all(hit.closeness == 0.0 for hit in before)  # no meaning known: words alone decide

    monkeypatch.setattr(answer_jobs, "BATCH", 8)  # several runs, each planning the next
    async with session_pool() as session:
        await answer_jobs.ensure_scheduled(session, now=clock.now())  # as at start-up
        await answer_jobs.ensure_scheduled(session, now=clock.now())  # a second start-up plans nothing more
        await session.commit()
    for _ in range(3):
        await workers.drain()
        clock.advance(seconds=answer_jobs.SOON.total_seconds())
    async with session_pool() as session:
        assert await session.scalar(select(func.count()).select_from(AnswerVector)) == len(OTHERS) + 1
        hits = await similar(session, LATE_ASKED)
        assert [hit.answer.id for hit in hits][:1] == [late.id]
        assert hits[0].words < SUGGEST_THRESHOLD <= hits[0].match  # meaning counts now, as for answers published later
        done = await session.scalar(
            select(func.count()).where(
                ScheduledJob.kind == answer_jobs.JOB_VECTORS, ScheduledJob.state == JobState.DONE
            )
        )
        pending = await session.scalar(
            select(func.count()).where(
                ScheduledJob.kind == answer_jobs.JOB_VECTORS, ScheduledJob.state != JobState.DONE
            )
        )
    assert (done, pending) == (3, 0)  # 21 answers: 8 + 8 + 5, and nothing left planned
    async with session_pool() as session:
        await answer_jobs.ensure_scheduled(session, now=clock.now())  # every answer has one now: nothing planned
        await session.commit()
        assert await session.scalar(select(func.count()).where(ScheduledJob.kind == answer_jobs.JOB_VECTORS)) == 3


async def test_lemmas_and_the_model_run_off_the_event_loop(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first search or publication loads the dictionary, numpy and the model: never on the event loop."""
    loop_thread = threading.current_thread()
    threads: dict[str, set[threading.Thread]] = {}

    def watched(name: str, real: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            threads.setdefault(name, set()).add(threading.current_thread())
            return real(*args, **kwargs)

        return run

    monkeypatch.setattr(index, "weighted_terms", watched("index terms", index.weighted_terms))
    monkeypatch.setattr(index, "passage_vector", watched("answer vector", index.passage_vector))
    monkeypatch.setattr(search, "query_terms", watched("question terms", search.query_terms))
    monkeypatch.setattr(search, "query_vector", watched("question vector", search.query_vector))
    author = await make_user(session)
    for topic, question, answer in OTHERS:
        await _publish(session, author.id, topic, question, answer)
    await similar(session, LATE_ASKED)  # the search ran: its steps are recorded below
    assert set(threads) == {"index terms", "answer vector", "question terms", "question vector"}
    assert all(loop_thread not in used for used in threads.values())
