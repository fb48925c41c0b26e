"""Indicator values recorded by admins (with an append-only history) and monthly
roll-ups of the hot line's figures, so `/indicators` stays fast on large logs."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Enum, ForeignKey, Index, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, BigIntPK, utcnow
from storage.models.consultations import Consultation

# "Asked in a period" counts by creation time; the foundation indexes only (status, topic, created_at).
Index("ix_consultations_created_at", Consultation.created_at)

WHOLE_YEAR = 0  # `month` of a value that covers a year
ALL_REGIONS = ""  # `region_code` of a value for the whole association
TOTAL = ""  # `part` of an indicator's total (not a breakdown piece)


class ValueKind(enum.StrEnum):
    ACTUAL = "actual"
    BASELINE = "baseline"
    TARGET = "target"


class IndicatorValue(Base):
    """The current value of one indicator for one period, region and breakdown part."""

    __tablename__ = "indicator_values"
    __table_args__ = (
        UniqueConstraint("indicator_code", "kind", "year", "month", "region_code", "part"),
        Index("ix_indicator_values_year", "year"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    indicator_code: Mapped[str] = mapped_column(String(24))
    kind: Mapped[ValueKind] = mapped_column(
        Enum(ValueKind, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    year: Mapped[int] = mapped_column(SmallInteger)
    month: Mapped[int] = mapped_column(SmallInteger, default=WHOLE_YEAR)
    region_code: Mapped[str] = mapped_column(String(32), default=ALL_REGIONS)
    part: Mapped[str] = mapped_column(String(16), default=TOTAL)
    value: Mapped[int] = mapped_column(BigInteger)
    comment: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[int] = mapped_column(BigInteger)  # Telegram id (admins from ADMIN_IDS may have no user row)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class IndicatorValueChange(Base):
    """One change of an indicator value: who, when, old and new value, why. Only ever inserted."""

    __tablename__ = "indicator_value_changes"
    __table_args__ = (Index("ix_indicator_value_changes_value_id_id", "value_id", "id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    value_id: Mapped[int] = mapped_column(ForeignKey("indicator_values.id", ondelete="CASCADE"))
    indicator_code: Mapped[str] = mapped_column(String(24), index=True)
    old_value: Mapped[int | None] = mapped_column(BigInteger)
    new_value: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str | None] = mapped_column(Text)
    changed_by: Mapped[int] = mapped_column(BigInteger)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    via: Mapped[str] = mapped_column(String(16))  # "dialog" | "upload"


class ConsultationMonthStats(Base):
    """Hot line figures of one closed month (Kyiv time) and region, computed once.

    A month is rolled up when it ended long enough ago that nothing in it changes
    any more (see `services.indicators.consultations`); later months are counted live.
    """

    __tablename__ = "consultation_month_stats"

    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    month: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    region_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    asked: Mapped[int] = mapped_column(Integer, default=0)
    answered: Mapped[int] = mapped_column(Integer, default=0)
    rating_sum: Mapped[int] = mapped_column(Integer, default=0)
    rating_count: Mapped[int] = mapped_column(Integer, default=0)
    # Whole hours from question to first answer -> number of consultations.
    answer_hours: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ConsultationStatsMonth(Base):
    """Marks a month as rolled up (it may have no rows: nothing happened)."""

    __tablename__ = "consultation_stats_months"

    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    month: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    rolled_up_at: Mapped[datetime] = mapped_column(default=utcnow)
