"""Operations: a heartbeat per worker and instance, for /status."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class WorkerHeartbeat(Base):
    """The last time a worker loop of one instance came round (written every few seconds)."""

    __tablename__ = "worker_heartbeats"

    worker: Mapped[str] = mapped_column(String(32), primary_key=True)
    instance: Mapped[str] = mapped_column(String(64), primary_key=True)
    started_at: Mapped[datetime]
    beat_at: Mapped[datetime]
