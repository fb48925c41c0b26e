"""Queries of the base of published answers and its search index (never commit)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    AnswerEvent,
    AnswerEventKind,
    AnswerStatus,
    AnswerTemplate,
    AnswerTemplateEvent,
    AnswerTerm,
    AnswerVector,
    Consultation,
    ConsultationStatus,
    PublishedAnswer,
    TemplateEventKind,
)

# BM25's usual constants: how fast repeated words stop adding, how much long answers are discounted.
K1 = 1.2
B = 0.75


async def get(session: AsyncSession, answer_id: int) -> PublishedAnswer | None:
    return await session.get(PublishedAnswer, answer_id, populate_existing=True)


async def by_ids(session: AsyncSession, answer_ids: Sequence[int]) -> list[PublishedAnswer]:
    """The answers in the order of `answer_ids` (missing ones left out)."""
    if not answer_ids:
        return []
    rows = {a.id: a for a in await session.scalars(select(PublishedAnswer).where(PublishedAnswer.id.in_(answer_ids)))}
    return [rows[i] for i in answer_ids if i in rows]


async def of_consultation(session: AsyncSession, consultation_id: int) -> PublishedAnswer | None:
    stmt = (
        select(PublishedAnswer)
        .where(PublishedAnswer.consultation_id == consultation_id)
        .order_by(PublishedAnswer.id.desc())
        .limit(1)
    )
    return (await session.scalars(stmt)).first()


async def replace_terms(session: AsyncSession, answer_id: int, terms: Mapping[str, int]) -> None:
    await delete_terms(session, answer_id)
    if terms:
        rows = [{"term": term, "answer_id": answer_id, "weight": min(weight, 32_000)} for term, weight in terms.items()]
        await session.execute(insert(AnswerTerm), rows)


async def delete_terms(session: AsyncSession, answer_id: int) -> None:
    await session.execute(delete(AnswerTerm).where(AnswerTerm.answer_id == answer_id))


async def replace_vector(session: AsyncSession, answer_id: int, vector: bytes) -> None:
    """A new row (a new id) even for the same answer: the search's copy sees the change in `vector_signature`."""
    await delete_vector(session, answer_id)
    await session.execute(insert(AnswerVector).values(answer_id=answer_id, vector=vector))


async def delete_vector(session: AsyncSession, answer_id: int) -> None:
    await session.execute(delete(AnswerVector).where(AnswerVector.answer_id == answer_id))


async def vector_signature(session: AsyncSession) -> tuple[int, int]:
    """(count, max id) of the vectors: changes whenever one is added, replaced or deleted."""
    row = (await session.execute(select(func.count(), func.max(AnswerVector.id)))).one()
    return int(row[0] or 0), int(row[1] or 0)


async def published_vectors(session: AsyncSession) -> list[tuple[int, str, bytes]]:
    """(answer id, topic, vector) of every published answer that has a vector."""
    stmt = (
        select(AnswerVector.answer_id, PublishedAnswer.topic_code, AnswerVector.vector)
        .join(PublishedAnswer, PublishedAnswer.id == AnswerVector.answer_id)
        .where(PublishedAnswer.status == AnswerStatus.PUBLISHED)
        .order_by(AnswerVector.answer_id)
    )
    return [(int(answer_id), str(topic), bytes(vector)) for answer_id, topic, vector in await session.execute(stmt)]


async def published_without_vector(session: AsyncSession, limit: int) -> list[PublishedAnswer]:
    stmt = (
        select(PublishedAnswer)
        .outerjoin(AnswerVector, AnswerVector.answer_id == PublishedAnswer.id)
        .where(PublishedAnswer.status == AnswerStatus.PUBLISHED, AnswerVector.id.is_(None))
        .order_by(PublishedAnswer.id)
        .limit(limit)
    )
    return list(await session.scalars(stmt))


async def add_event(
    session: AsyncSession,
    answer_id: int,
    kind: AnswerEventKind,
    *,
    actor_id: int | None,
    now: datetime,
    payload: dict[str, Any] | None = None,
) -> AnswerEvent:
    event = AnswerEvent(answer_id=answer_id, kind=kind, actor_id=actor_id, created_at=now, payload=payload or {})
    session.add(event)
    return event


async def events(session: AsyncSession, answer_id: int) -> Sequence[AnswerEvent]:
    stmt = select(AnswerEvent).where(AnswerEvent.answer_id == answer_id).order_by(AnswerEvent.id)
    return (await session.scalars(stmt)).all()


async def has_event(session: AsyncSession, answer_id: int, kind: AnswerEventKind, actor_id: int) -> bool:
    stmt = select(AnswerEvent.id).where(
        AnswerEvent.answer_id == answer_id, AnswerEvent.kind == kind, AnswerEvent.actor_id == actor_id
    )
    return (await session.scalars(stmt.limit(1))).first() is not None


async def used_for(session: AsyncSession, answer_id: int, consultation_id: int) -> bool:
    """Has a lawyer taken this answer into the answer to this consultation already?"""
    stmt = select(AnswerEvent.payload).where(
        AnswerEvent.answer_id == answer_id, AnswerEvent.kind == AnswerEventKind.USED
    )
    # An answer is used for few consultations: the payloads are read rather than a JSON path per dialect.
    return any((payload or {}).get("consultation_id") == consultation_id for payload in await session.scalars(stmt))


# --- real questions with what fitted them (bench/answer_search.py --database) ---------------------------------


async def helped_questions(session: AsyncSession, since: datetime | None = None) -> list[tuple[int, datetime, str]]:
    """(answer id, when, the question typed; "" once erased) of every "this answers my question"."""
    stmt = select(AnswerEvent.answer_id, AnswerEvent.created_at, AnswerEvent.payload).where(
        AnswerEvent.kind == AnswerEventKind.HELPED
    )
    if since is not None:
        stmt = stmt.where(AnswerEvent.created_at >= since)
    rows = await session.execute(stmt.order_by(AnswerEvent.id))
    return [(int(a), at, str((payload or {}).get("question") or "")) for a, at, payload in rows.all()]


async def used_for_consultations(session: AsyncSession) -> list[tuple[int, int]]:
    """(answer id, consultation id) of every answer a lawyer took into the answer to a consultation."""
    stmt = select(AnswerEvent.answer_id, AnswerEvent.payload).where(AnswerEvent.kind == AnswerEventKind.USED)
    rows = await session.execute(stmt.order_by(AnswerEvent.id))
    return [(int(a), int(payload["consultation_id"])) for a, payload in rows.all() if payload.get("consultation_id")]


async def answered_questions(
    session: AsyncSession, since: datetime | None = None
) -> list[tuple[int, datetime, str, bool]]:
    """(consultation id, asked at, question, anonymised) of every consultation a lawyer answered."""
    stmt = select(Consultation.id, Consultation.created_at, Consultation.question, Consultation.anonymised_at).where(
        Consultation.first_answered_at.is_not(None),
        Consultation.status.in_([ConsultationStatus.ANSWERED, ConsultationStatus.CLOSED]),
    )
    if since is not None:
        stmt = stmt.where(Consultation.created_at >= since)
    rows = await session.execute(stmt.order_by(Consultation.id))
    return [(int(c), at, question or "", anonymised is not None) for c, at, question, anonymised in rows.all()]


async def collection_stats(session: AsyncSession) -> tuple[int, float]:
    """How many answers are published, and their average weighted length."""
    row = (
        await session.execute(
            select(func.count(), func.avg(PublishedAnswer.term_count)).where(
                PublishedAnswer.status == AnswerStatus.PUBLISHED
            )
        )
    ).one()
    return int(row[0] or 0), float(row[1] or 0.0)


async def document_frequencies(session: AsyncSession, terms: Iterable[str]) -> dict[str, int]:
    """In how many published answers each term occurs (only published answers have terms)."""
    wanted = sorted(set(terms))
    if not wanted:
        return {}
    stmt = select(AnswerTerm.term, func.count()).where(AnswerTerm.term.in_(wanted)).group_by(AnswerTerm.term)
    return {term: int(count) for term, count in (await session.execute(stmt)).all()}


async def ranked(
    session: AsyncSession,
    idf: Mapping[str, float],
    average_length: float,
    *,
    limit: int,
    topic_code: str | None = None,
) -> list[tuple[int, float]]:
    """(answer id, BM25 score) of the published answers sharing a term with the query, best first.

    The same SQL on SQLite and PostgreSQL: the inverted index is a plain table, so both rank alike.
    """
    if not idf:
        return []
    weight = case(*((AnswerTerm.term == term, value) for term, value in idf.items()), else_=0.0)
    length_norm = K1 * (1 - B + B * PublishedAnswer.term_count / max(average_length, 1.0))
    tf = AnswerTerm.weight * 1.0
    score = func.sum(weight * tf * (K1 + 1) / (tf + length_norm)).label("score")
    stmt = (
        select(AnswerTerm.answer_id, score)
        .join(PublishedAnswer, PublishedAnswer.id == AnswerTerm.answer_id)
        .where(AnswerTerm.term.in_(list(idf)), PublishedAnswer.status == AnswerStatus.PUBLISHED)
        .group_by(AnswerTerm.answer_id)
        .order_by(score.desc(), AnswerTerm.answer_id)
        .limit(limit)
    )
    if topic_code is not None:
        stmt = stmt.where(PublishedAnswer.topic_code == topic_code)
    return [(int(answer_id), float(value)) for answer_id, value in (await session.execute(stmt)).all()]


async def shared_terms(session: AsyncSession, answer_ids: Sequence[int], terms: Iterable[str]) -> dict[int, set[str]]:
    """Which of `terms` each of the answers has."""
    wanted = sorted(set(terms))
    found: dict[int, set[str]] = {answer_id: set() for answer_id in answer_ids}
    if not answer_ids or not wanted:
        return found
    stmt = select(AnswerTerm.answer_id, AnswerTerm.term).where(
        AnswerTerm.answer_id.in_(list(answer_ids)), AnswerTerm.term.in_(wanted)
    )
    for answer_id, term in (await session.execute(stmt)).all():
        found[int(answer_id)].add(term)
    return found


async def by_topic(
    session: AsyncSession, topic_code: str, *, offset: int = 0, limit: int = 10
) -> list[PublishedAnswer]:
    stmt = (
        select(PublishedAnswer)
        .where(PublishedAnswer.status == AnswerStatus.PUBLISHED, PublishedAnswer.topic_code == topic_code)
        .order_by(PublishedAnswer.published_at.desc(), PublishedAnswer.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list((await session.scalars(stmt)).all())


async def count_by_topic(session: AsyncSession) -> dict[str, int]:
    stmt = (
        select(PublishedAnswer.topic_code, func.count())
        .where(PublishedAnswer.status == AnswerStatus.PUBLISHED)
        .group_by(PublishedAnswer.topic_code)
    )
    return {code: int(n) for code, n in (await session.execute(stmt)).all()}


async def templates(session: AsyncSession, topic_code: str) -> Sequence[AnswerTemplate]:
    stmt = (
        select(AnswerTemplate)
        .where(AnswerTemplate.topic_code == topic_code, AnswerTemplate.retired.is_(False))
        .order_by(AnswerTemplate.id)
    )
    return (await session.scalars(stmt)).all()


async def template(session: AsyncSession, template_id: int) -> AnswerTemplate | None:
    return await session.get(AnswerTemplate, template_id, populate_existing=True)


async def templates_in_use(session: AsyncSession) -> Sequence[AnswerTemplate]:
    stmt = select(AnswerTemplate).where(AnswerTemplate.retired.is_(False)).order_by(AnswerTemplate.id)
    return (await session.scalars(stmt)).all()


async def add_template_event(
    session: AsyncSession,
    template_id: int,
    kind: TemplateEventKind,
    actor_id: int | None,
    now: datetime,
    payload: dict[str, Any],
) -> AnswerTemplateEvent:
    event = AnswerTemplateEvent(template_id=template_id, kind=kind, actor_id=actor_id, created_at=now, payload=payload)
    session.add(event)
    return event
