"""Personal data: the log of privileged access (who opened, exported or changed what, and when).

Rows name people by `users.id` only and never copy personal data (names, phones,
question texts), so an erased person leaves no trace in them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, BigIntPK, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_created_at_id", "created_at", "id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the bot itself (retention)
    action: Mapped[str] = mapped_column(String(48))  # services.privacy.audit.AuditAction
    subject: Mapped[str] = mapped_column(String(32), default="")  # the kind of record: consultation, user, ...
    subject_id: Mapped[int | None] = mapped_column(BigInteger)
    # Codes, dates, counts: never a name, a phone or a text someone wrote.
    detail: Mapped[str] = mapped_column(String(200), default="")
