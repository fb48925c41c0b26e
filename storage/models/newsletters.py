"""Newsletters on changes in legislation: subscriptions, newsletters, one delivery row per recipient."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, BigIntPK, JSONType, utcnow

# A subscription to every topic (present and future).
ALL_TOPICS = "all"


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])


class Subscription(Base):
    __tablename__ = "newsletter_subscriptions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    # A hot line topic code, or ALL_TOPICS.
    topic_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class NewsletterStatus(enum.StrEnum):
    DRAFT = "draft"  # composed and previewed, not confirmed
    SCHEDULED = "scheduled"  # confirmed; starts at scheduled_at
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


class ContentKind(enum.StrEnum):
    TEXT = "text"
    PHOTO = "photo"
    DOCUMENT = "document"


class Newsletter(Base):
    __tablename__ = "newsletters"
    __table_args__ = (
        Index("ix_newsletters_status_scheduled_at", "status", "scheduled_at"),
        Index("ix_newsletters_started_at", "started_at"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    author_chat_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[NewsletterStatus] = mapped_column(_enum(NewsletterStatus), default=NewsletterStatus.DRAFT)
    kind: Mapped[ContentKind] = mapped_column(_enum(ContentKind), default=ContentKind.TEXT)
    # HTML (Telegram's subset) as the author formatted it: the text, or the caption.
    html: Mapped[str] = mapped_column(Text, default="")
    file_id: Mapped[str | None] = mapped_column(String(255))
    # Topic codes (or [ALL_TOPICS]) and region codes (empty: every region).
    topics: Mapped[list[Any]] = mapped_column(JSONType(), default=list)
    regions: Mapped[list[Any]] = mapped_column(JSONType(), default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    scheduled_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    # Recipients are added in batches by users.id; set when all are in.
    recipients_cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    recipients_total: Mapped[int] = mapped_column(Integer, default=0)
    materialized_at: Mapped[datetime | None]
    # The author's one progress message, edited as delivery goes.
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_at: Mapped[datetime | None]
    # Lease for starting and adding recipients (one instance at a time).
    locked_by: Mapped[str | None] = mapped_column(String(64))
    locked_until: Mapped[datetime | None]


class DeliveryState(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"
    CANCELLED = "cancelled"  # the newsletter was cancelled before this one went out


class NewsletterDelivery(Base):
    """One recipient of one newsletter; (newsletter, user) is unique, so sending is idempotent."""

    __tablename__ = "newsletter_deliveries"
    __table_args__ = (
        UniqueConstraint("newsletter_id", "user_id"),
        Index("ix_newsletter_deliveries_state_next_attempt_at", "state", "next_attempt_at"),
        Index("ix_newsletter_deliveries_newsletter_id_state", "newsletter_id", "state"),
        Index("ix_newsletter_deliveries_finished_at", "finished_at"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    newsletter_id: Mapped[int] = mapped_column(ForeignKey("newsletters.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[DeliveryState] = mapped_column(_enum(DeliveryState), default=DeliveryState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(Text)
    locked_by: Mapped[str | None] = mapped_column(String(64))
    locked_until: Mapped[datetime | None]
