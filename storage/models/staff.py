"""The log of staff changes made by admins (append-only)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, BigIntPK, utcnow


class StaffEvent(Base):
    """One staff change: who did what to whom (users.id, like every event). Rows are only ever inserted."""

    __tablename__ = "staff_events"
    __table_args__ = (Index("ix_staff_events_target_id_id", "target_id", "id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))  # the admin
    target_id: Mapped[int] = mapped_column(ForeignKey("users.id"))  # the lawyer or editor
    # add_lawyer, add_editor, set_topics, remove
    action: Mapped[str] = mapped_column(String(32))
    # Topic codes after the change (lawyers; empty: all topics).
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
