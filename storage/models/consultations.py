"""The hot line: consultations and their append-only event log."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import Enum, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, BigIntPK, utcnow
from storage.models.users import User


def _enum(cls: type[enum.Enum], length: int = 32) -> Enum:
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class ConsultationStatus(enum.StrEnum):
    OPEN = "open"  # in the queue of its topic, nobody has it
    ASSIGNED = "assigned"  # a lawyer took it and is working on it
    CLARIFICATION = "clarification"  # the lawyer waits for the official's reply
    ANSWERED = "answered"  # the official has an answer and may rate it or follow up
    CLOSED = "closed"


class EventKind(enum.StrEnum):
    CREATED = "created"
    ROUTED = "routed"
    TAKEN = "taken"
    MESSAGE_IN = "message_in"  # from the official (question part, clarification reply, follow-up)
    MESSAGE_OUT = "message_out"  # from the lawyer, other than the answer
    CLARIFICATION_REQUESTED = "clarification_requested"
    CLARIFICATION_PROVIDED = "clarification_provided"
    ANSWERED = "answered"
    HANDED_OVER = "handed_over"
    RELEASED = "released"
    FOLLOW_UP = "follow_up"
    REOPENED = "reopened"
    RATED = "rated"
    CLOSED = "closed"
    AUTO_CLOSED = "auto_closed"
    OVERDUE_LAWYER_REMINDED = "overdue_lawyer_reminded"
    OVERDUE_ADMIN_ESCALATED = "overdue_admin_escalated"
    DELIVERY_FAILED = "delivery_failed"


class Consultation(Base):
    __tablename__ = "consultations"
    __table_args__ = (
        Index("ix_consultations_status_topic_created", "status", "topic_code", "created_at"),
        Index("ix_consultations_first_answered_at", "first_answered_at"),
        Index("ix_consultations_closed_at", "closed_at"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    official_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    lawyer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    topic_code: Mapped[str] = mapped_column(String(32))
    region_code: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[ConsultationStatus] = mapped_column(_enum(ConsultationStatus), default=ConsultationStatus.OPEN)
    # The question as first asked (the full text; attachments are in the events).
    question: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime]
    first_answered_at: Mapped[datetime | None]
    last_answered_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    rating_comment: Mapped[str | None] = mapped_column(Text)
    answer_undelivered: Mapped[bool] = mapped_column(default=False)
    # Texts, names and files removed (erasure on request, or the retention period ran out).
    anonymised_at: Mapped[datetime | None]
    # Optimistic lock: every state change bumps it; an update that finds another
    # version lost the race.
    version: Mapped[int] = mapped_column(Integer, default=0)

    official: Mapped[User] = relationship(foreign_keys=[official_id], lazy="joined")
    lawyer: Mapped[User | None] = relationship(foreign_keys=[lawyer_id], lazy="joined")


class ConsultationEvent(Base):
    """One step of a consultation. Rows are only ever inserted."""

    __tablename__ = "consultation_events"
    __table_args__ = (
        Index("ix_consultation_events_consultation_id_id", "consultation_id", "id"),
        Index("ix_consultation_events_kind_created_at", "kind", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the system
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    text: Mapped[str | None] = mapped_column(Text)
    # Attachments ({"type", "file_id", "file_name"}), topics, lawyers, ratings...
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)

    actor: Mapped[User | None] = relationship(lazy="joined")
