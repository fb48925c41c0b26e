"""Operations: a heartbeat per worker and instance, for /status; the shared send budget."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Double, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class WorkerHeartbeat(Base):
    """The last time a worker loop of one instance came round (written every few seconds)."""

    __tablename__ = "worker_heartbeats"

    worker: Mapped[str] = mapped_column(String(32), primary_key=True)
    instance: Mapped[str] = mapped_column(String(64), primary_key=True)
    started_at: Mapped[datetime]
    beat_at: Mapped[datetime]


class SendSlot(Base):
    """The global send rate of every instance on PostgreSQL without Redis (`workers.send_budget`).

    Rows 0..capacity-1 are a ring of the last sends' times (seconds, the database's clock):
    a send takes the slot whose time is more than a window old, so no window holds more
    than `capacity` sends. Row -1 holds the time until which a 429 paused all sends.
    """

    __tablename__ = "send_slots"

    slot: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    stamp: Mapped[float] = mapped_column(Double)
