"""Trainings (seminars, webinars, schools...), sign-ups and their append-only log."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import Enum, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, BigIntPK, utcnow
from storage.models.users import User


def _enum(cls: type[enum.Enum], length: int = 24) -> Enum:
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class TrainingKind(enum.StrEnum):
    SEMINAR = "seminar"
    WEBINAR = "webinar"
    TRAINING = "training"
    SUMMER_SCHOOL = "summer_school"
    DEPUTY_PRACTICUM = "deputy_practicum"
    ONLINE_COURSE = "online_course"


class TrainingAudience(enum.StrEnum):
    OFFICIALS = "officials"
    DEPUTIES = "deputies"
    BOTH = "both"


class TrainingFormat(enum.StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"


class TrainingStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class RegistrationStatus(enum.StrEnum):
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class TrainingEventKind(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    TRAINING_CANCELLED = "training_cancelled"
    SIGNED_UP = "signed_up"  # payload["status"]: registered or waitlisted
    CANCELLED = "cancelled"  # a participant's registration was cancelled
    PROMOTED = "promoted"  # from the waitlist to a seat
    ATTENDED = "attended"  # payload["source"]: admin or code
    ATTENDANCE_REMOVED = "attendance_removed"


class Training(Base):
    __tablename__ = "trainings"
    __table_args__ = (
        Index("ix_trainings_status_starts_at", "status", "starts_at"),
        Index("ix_trainings_starts_at_council_key", "starts_at", "council_key"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[TrainingKind] = mapped_column(_enum(TrainingKind))
    audience: Mapped[TrainingAudience] = mapped_column(_enum(TrainingAudience))
    topic_code: Mapped[str | None] = mapped_column(String(32))
    starts_at: Mapped[datetime]
    duration_minutes: Mapped[int] = mapped_column(Integer, default=90)
    format: Mapped[TrainingFormat] = mapped_column(_enum(TrainingFormat))
    link: Mapped[str | None] = mapped_column(String(500))  # online: shown to registered participants only
    address: Mapped[str | None] = mapped_column(String(300))  # in person
    capacity: Mapped[int | None] = mapped_column(Integer)  # None: unlimited
    # Registered participants; sign-up takes a seat with a conditional UPDATE of this counter.
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    registration_deadline: Mapped[datetime | None]  # None: until the start
    # The council whose deputies the training is for (trainings for deputies only).
    council_community: Mapped[str | None] = mapped_column(String(200))
    council_region_code: Mapped[str | None] = mapped_column(String(32))
    # Normalised "region|community" that identifies the council for the indicator.
    council_key: Mapped[str | None] = mapped_column(String(240))
    attendance_code: Mapped[str] = mapped_column(String(12))
    status: Mapped[TrainingStatus] = mapped_column(_enum(TrainingStatus), default=TrainingStatus.SCHEDULED)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[datetime | None]


class TrainingRegistration(Base):
    """One official on one training; cancelled and re-made sign-ups reuse the row."""

    __tablename__ = "training_registrations"
    __table_args__ = (
        UniqueConstraint("training_id", "user_id"),
        Index("ix_training_registrations_training_id_status_queued_at", "training_id", "status", "queued_at"),
        Index("ix_training_registrations_training_id_attended", "training_id", "attended"),
        Index("ix_training_registrations_user_id_status", "user_id", "status"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("trainings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[RegistrationStatus] = mapped_column(_enum(RegistrationStatus))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Order on the waitlist (the time of the latest sign-up).
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    attended: Mapped[bool] = mapped_column(default=False)
    attended_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="joined")
    training: Mapped[Training] = relationship(lazy="joined")


class TrainingEvent(Base):
    """One sign-up, cancellation, promotion or attendance mark. Rows are only ever inserted."""

    __tablename__ = "training_events"
    __table_args__ = (
        Index("ix_training_events_kind_created_at", "kind", "created_at"),
        Index("ix_training_events_training_id_id", "training_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("trainings.id", ondelete="CASCADE"))
    kind: Mapped[TrainingEventKind] = mapped_column(_enum(TrainingEventKind))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # the participant concerned
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # who did it; None: the system
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
