"""Export of consultations and their events for a date range: XLSX and CSV.

Rows are read in batches (keyset pagination) and spooled to a temporary file
as plain values, so a large range never sits in memory as objects (the
session's identity map holds them weakly). A worker process then writes both
files from the spool (openpyxl write-only mode, CSV straight into the zip):
the event loop never waits for the CPU-bound writing; only the finished,
compressed files come back.
"""

from __future__ import annotations

import calendar
import json
import re
import tempfile
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import exports as t
from bot.texts import hotline as tcons
from core import offload
from knowledge import Knowledge
from services.access import Actor, require_admin
from services.exports_errors import BadRange, RangeReversed
from services.spreadsheets import RowSpool, Table, write_tables
from storage.models import Consultation, ConsultationEvent, User

BATCH_SIZE = 500
EXCEL_CELL_LIMIT = 32_000
# Text starting with these is a formula to Excel (CSV/formula injection): shown as text instead.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Control characters an XLSX cell cannot hold: openpyxl's ILLEGAL_CHARACTERS_RE, copied so that
# building rows does not load openpyxl into the bot (a test keeps the two equal).
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
_DATE_RE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4}")


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date  # inclusive

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes: from the first day's midnight to the midnight after the last, in `tz`."""
        return (
            datetime.combine(self.start, time(), tzinfo=tz),
            datetime.combine(self.end + timedelta(days=1), time(), tzinfo=tz),
        )

    @property
    def label(self) -> str:
        return f"{self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"

    @property
    def slug(self) -> str:
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def _parse_date(text: str) -> date:
    if "." in text:
        day, month, year = (int(p) for p in text.split("."))
    else:
        year, month, day = (int(p) for p in text.split("-"))
    return date(year, month, day)


def parse_range(text: str) -> DateRange:
    """`01.01.2026-31.12.2026`, `2026-01-01 2026-12-31`, or one date for one day."""
    found = _DATE_RE.findall(text or "")
    if len(found) not in (1, 2):
        raise BadRange()
    try:
        dates = [_parse_date(d) for d in found]
    except ValueError as exc:
        raise BadRange() from exc
    start, end = dates[0], dates[-1]
    if start > end:
        raise RangeReversed()
    return DateRange(start, end)


PRESETS = ("month", "last_month", "year")


def preset_range(preset: str, today: date) -> DateRange:
    if preset == "month":
        return DateRange(today.replace(day=1), today.replace(day=calendar.monthrange(today.year, today.month)[1]))
    if preset == "last_month":
        last = today.replace(day=1) - timedelta(days=1)
        return DateRange(last.replace(day=1), last)
    if preset == "year":
        return DateRange(date(today.year, 1, 1), date(today.year, 12, 31))
    raise BadRange()


@dataclass
class ExportFiles:
    xlsx: bytes
    csv_zip: bytes
    consultations: int
    events: int
    range: DateRange

    @property
    def xlsx_name(self) -> str:
        return f"amu_consultations_{self.range.slug}.xlsx"

    @property
    def zip_name(self) -> str:
        return f"amu_consultations_{self.range.slug}_csv.zip"


# --- reading in batches ---------------------------------------------------------------


def _in_range(start: datetime, end: datetime) -> Any:
    return and_(Consultation.created_at >= start, Consultation.created_at < end)


async def consultation_batches(
    session: AsyncSession, start: datetime, end: datetime, batch_size: int = BATCH_SIZE
) -> AsyncIterator[Sequence[Consultation]]:
    last_id = 0
    while True:
        stmt = (
            select(Consultation)
            .where(_in_range(start, end), Consultation.id > last_id)
            .order_by(Consultation.id)
            .limit(batch_size)
        )
        batch = (await session.scalars(stmt)).unique().all()
        if not batch:
            return
        yield batch
        last_id = batch[-1].id


async def event_batches(
    session: AsyncSession, start: datetime, end: datetime, batch_size: int = BATCH_SIZE
) -> AsyncIterator[Sequence[ConsultationEvent]]:
    """Events of the consultations created in the range, by consultation then in order."""
    last = (0, 0)
    while True:
        after = or_(
            ConsultationEvent.consultation_id > last[0],
            and_(ConsultationEvent.consultation_id == last[0], ConsultationEvent.id > last[1]),
        )
        stmt = (
            select(ConsultationEvent)
            .join(Consultation, Consultation.id == ConsultationEvent.consultation_id)
            .where(_in_range(start, end), after)
            .order_by(ConsultationEvent.consultation_id, ConsultationEvent.id)
            .limit(batch_size)
        )
        batch = (await session.scalars(stmt)).unique().all()
        if not batch:
            return
        yield batch
        last = (batch[-1].consultation_id, batch[-1].id)


# --- rows ---------------------------------------------------------------------------


def safe_text(value: str | None) -> str:
    """Text for a cell: no control characters, not read as a formula, within Excel's limit."""
    if not value:
        return ""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)[:EXCEL_CELL_LIMIT]
    return "'" + value if value.startswith(FORMULA_START) else value


def _person(user: User | None) -> str:
    if user is None:
        return ""
    return safe_text(user.full_name) or f"id {user.telegram_id}"


def _local(value: datetime | None, tz: ZoneInfo) -> datetime | None:
    return value.astimezone(tz).replace(tzinfo=None) if value else None


def consultation_row(c: Consultation, tz: ZoneInfo, knowledge: Knowledge) -> list[Any]:
    official = c.official
    return [
        c.id,
        _local(c.created_at, tz),
        _person(official),
        safe_text(official.position if official else ""),
        safe_text(official.community if official else ""),
        knowledge.region_title(c.region_code or (official.region_code if official else None)),
        knowledge.topic_title(c.topic_code),
        tcons.STATUS.get(c.status, str(c.status)),
        _person(c.lawyer),
        _local(c.due_at, tz),
        _local(c.first_answered_at, tz),
        _local(c.closed_at, tz),
        c.rating,
        safe_text(c.rating_comment),
        t.YES if c.answer_undelivered else t.NO,
    ]


def event_row(e: ConsultationEvent, tz: ZoneInfo) -> list[Any]:
    payload = json.dumps(e.payload, ensure_ascii=False, sort_keys=True) if e.payload else ""
    return [
        e.consultation_id,
        _local(e.created_at, tz),
        tcons.EVENT.get(e.kind, str(e.kind)),
        _person(e.actor) if e.actor_id else t.SYSTEM,
        safe_text(e.text),
        safe_text(payload),
    ]


# --- files ---------------------------------------------------------------------------

TABLES = (
    Table(
        t.SHEET_CONSULTATIONS,
        "consultations.csv",
        t.CONSULTATION_HEADERS,
        (8, 16, 28, 22, 28, 20, 24, 16, 28, 16, 16, 16, 8, 30, 12),
    ),
    Table(t.SHEET_EVENTS, "events.csv", t.EVENT_HEADERS, (10, 16, 28, 28, 60, 40)),
)
CONSULTATIONS, EVENTS = 0, 1


async def build_export(
    session: AsyncSession,
    actor: Actor,
    period: DateRange,
    *,
    tz: ZoneInfo,
    knowledge: Knowledge,
    batch_size: int = BATCH_SIZE,
) -> ExportFiles:
    require_admin(actor, "export")
    start, end = period.bounds(tz)
    with tempfile.TemporaryDirectory() as folder:
        spool = RowSpool(Path(folder) / "rows.pickle")
        try:
            async for batch in consultation_batches(session, start, end, batch_size):
                spool.append(CONSULTATIONS, [consultation_row(consultation, tz, knowledge) for consultation in batch])
            async for event_batch in event_batches(session, start, end, batch_size):
                spool.append(EVENTS, [event_row(event, tz) for event in event_batch])
        finally:
            spool.close()
        xlsx_path, zip_path = Path(folder) / "export.xlsx", Path(folder) / "export.zip"
        await offload.run(write_tables, spool.path, TABLES, xlsx_path, zip_path)
        xlsx, csv_zip = xlsx_path.read_bytes(), zip_path.read_bytes()
    return ExportFiles(
        xlsx=xlsx,
        csv_zip=csv_zip,
        consultations=spool.counts.get(CONSULTATIONS, 0),
        events=spool.counts.get(EVENTS, 0),
        range=period,
    )
