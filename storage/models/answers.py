"""The base of published answers: anonymised consultations a lawyer made reusable.

`answer_terms` is the search index (one row per lemma of a published answer, with
its weighted count): plain rows, so the same SQL ranks alike on SQLite and
PostgreSQL. Retiring an answer removes its terms, so it can never be suggested.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import Enum, ForeignKey, Index, Integer, LargeBinary, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, BigIntPK, utcnow


def _enum(cls: type[enum.Enum], length: int = 32) -> Enum:
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class AnswerStatus(enum.StrEnum):
    PUBLISHED = "published"
    RETIRED = "retired"


class AnswerEventKind(enum.StrEnum):
    PUBLISHED = "published"
    EDITED = "edited"
    RETIRED = "retired"
    HELPED = "helped"  # an official said a suggested answer answers their question (no consultation)
    RATED = "rated"  # ... and rated it
    # A lawyer took it as the start of the answer to a consultation (payload: its id only): the consultation's
    # question is a real question this answer fits. Once per (answer, consultation).
    USED = "used"


class PublishedAnswer(Base):
    __tablename__ = "published_answers"
    __table_args__ = (
        Index("ix_published_answers_status_topic", "status", "topic_code"),
        # Covers the search's count and average length (no scan of the texts).
        Index("ix_published_answers_status_term_count", "status", "term_count"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    # The consultation it was made from (None: written directly, e.g. imported).
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id", ondelete="SET NULL"))
    topic_code: Mapped[str] = mapped_column(String(32))
    status: Mapped[AnswerStatus] = mapped_column(_enum(AnswerStatus), default=AnswerStatus.PUBLISHED)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    # Weighted number of lemmas in the index (the document length of BM25).
    term_count: Mapped[int] = mapped_column(Integer, default=0)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=0)


class AnswerTerm(Base):
    """A lemma of a published answer and its weighted count (question words count more)."""

    __tablename__ = "answer_terms"
    # The search's ranking reads (term, answer, weight) of up to thousands of rows a question: from this index
    # alone, without a lookup into the table for each (bench/answer_search.py: the ranking 2.5x faster at 10,000).
    __table_args__ = (Index("ix_answer_terms_term_answer_id_weight", "term", "answer_id", "weight"),)

    term: Mapped[str] = mapped_column(String(64), primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("published_answers.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    weight: Mapped[int] = mapped_column(SmallInteger)


class AnswerVector(Base):
    """A published answer's meaning as a vector (a sentence embedding, float32 bytes), the search's second signal.

    Replaced (a new row, a new id) whenever the answer is reindexed and deleted when it is retired, so
    `(count, max id)` changes with every change: the search's in-process copy knows when to reload.
    """

    __tablename__ = "answer_vectors"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("published_answers.id", ondelete="CASCADE"), unique=True, index=True
    )
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class AnswerEvent(Base):
    """Every change of a published answer and every use of it. Rows are only ever inserted."""

    __tablename__ = "answer_events"
    __table_args__ = (
        Index("ix_answer_events_answer_id_id", "answer_id", "id"),
        Index("ix_answer_events_kind_created_at", "kind", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("published_answers.id", ondelete="CASCADE"))
    kind: Mapped[AnswerEventKind] = mapped_column(_enum(AnswerEventKind))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)  # users.id
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Before/after texts of an edit, the stars of a rating, the question typed...
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)


class AnswerTemplate(Base):
    """A lawyer's canned answer for a topic, inserted as the start of a draft answer."""

    __tablename__ = "answer_templates"
    __table_args__ = (Index("ix_answer_templates_topic_code_id", "topic_code", "id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    topic_code: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired: Mapped[bool] = mapped_column(default=False)


class TemplateEventKind(enum.StrEnum):
    CREATED = "created"
    EDITED = "edited"
    RETIRED = "retired"


class AnswerTemplateEvent(Base):
    """Every change of a template (who, when, the fields before and after). Rows are only ever inserted."""

    __tablename__ = "answer_template_events"
    __table_args__ = (Index("ix_answer_template_events_template_id_id", "template_id", "id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("answer_templates.id", ondelete="CASCADE"))
    kind: Mapped[TemplateEventKind] = mapped_column(_enum(TemplateEventKind))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)  # users.id
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The fields a lawyer wrote (created) or changed ({"text": {"before": ..., "after": ...}}).
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
