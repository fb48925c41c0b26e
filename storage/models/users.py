"""People: officials, lawyers and admins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.roles import Role
from storage.models.base import Base, BigIntPK, utcnow


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True, index=True)
    username: Mapped[str | None] = mapped_column(String(64))
    full_name: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    community: Mapped[str] = mapped_column(String(200), default="")
    region_code: Mapped[str | None] = mapped_column(String(32))
    phone: Mapped[str | None] = mapped_column(String(32))
    # Stored role; admins listed in ADMIN_IDS are admins whatever this says.
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]),
        default=Role.OFFICIAL,
    )
    is_editor: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_at: Mapped[datetime | None]
    # The version of the consent text accepted (bot/views/privacy.py consent_version); another one is shown again.
    consent_version: Mapped[str | None] = mapped_column(String(32))
    # Erased on request (/forget): personal data replaced, telegram_id no longer the person's.
    forgotten_at: Mapped[datetime | None]
    registered_at: Mapped[datetime | None]
    blocked_bot_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    lawyer_topics: Mapped[list[LawyerTopic]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def is_registered(self) -> bool:
        return self.registered_at is not None

    @property
    def topic_codes(self) -> list[str]:
        return sorted(t.topic_code for t in self.lawyer_topics)


class LawyerTopic(Base):
    """A lawyer's topic; a lawyer with none takes every topic."""

    __tablename__ = "lawyer_topics"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    topic_code: Mapped[str] = mapped_column(String(32), primary_key=True)

    user: Mapped[User] = relationship(back_populates="lawyer_topics")
