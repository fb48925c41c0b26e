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

# Covering indexes for the live (not yet rolled up) part of the hot line figures: the counts
# by period and region are read from the index alone, never from the table.
Index("ix_consultations_created_at_region", Consultation.created_at, Consultation.region_code)
Index(
    "ix_consultations_first_answer_cover",
    Consultation.first_answered_at,
    Consultation.region_code,
    Consultation.created_at,
)

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
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
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
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    via: Mapped[str] = mapped_column(String(16))  # "dialog" | "upload"


class ConsultationMonthStats(Base):
    """Hot line figures of one closed month (or day of the current month; Kyiv time) and region.

    A period is rolled up once it is over: nothing in it changes any more (see
    `services.indicators.hotline_figures`); only today is counted live.
    """

    __tablename__ = "consultation_month_stats"

    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    month: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    day: Mapped[int] = mapped_column(SmallInteger, primary_key=True)  # 0: the whole month
    region_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    asked: Mapped[int] = mapped_column(Integer, default=0)
    answered: Mapped[int] = mapped_column(Integer, default=0)
    rating_sum: Mapped[int] = mapped_column(Integer, default=0)
    rating_count: Mapped[int] = mapped_column(Integer, default=0)


class ConsultationStatsMonth(Base):
    """Marks a month (day 0) or a day as rolled up (it may have no region rows: nothing happened)."""

    __tablename__ = "consultation_stats_months"

    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    month: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    day: Mapped[int] = mapped_column(SmallInteger, primary_key=True)  # 0: the whole month
    rolled_up_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Whole hours from question to first answer -> consultations, all regions together.
    answer_hours: Mapped[dict[str, Any] | None]


class ComputedYearValue(Base):
    """A computed indicator of a year that is over (trainings), kept so the report does not recount it."""

    __tablename__ = "computed_year_values"

    indicator_code: Mapped[str] = mapped_column(String(24), primary_key=True)
    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
