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
import re
import tempfile
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core import offload
from knowledge import Knowledge
from services import people
from services.access import Actor, require_admin
from services.exports_errors import BadRange, RangeReversed
from services.privacy import audit
from services.spreadsheets import (  # noqa: F401  (the cell rules live with the files)
    EXCEL_CELL_LIMIT,
    FORMULA_START,
    ILLEGAL_CHARACTERS_RE,
    RowSpool,
    Table,
    safe_text,
    write_tables,
)
from storage.models import Consultation, ConsultationEvent, ConsultationStatus, EventKind, User

BATCH_SIZE = 500
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


@dataclass(frozen=True)
class ExportWording:
    """The words of the files, given by the bot's views (services hold no texts)."""

    sheet_consultations: str
    sheet_events: str
    consultation_headers: tuple[str, ...]
    event_headers: tuple[str, ...]
    status: Mapping[ConsultationStatus, str]
    event: Mapping[EventKind, str]
    # Why a consultation was closed or a delivery failed, by the code an event keeps.
    reasons: Mapping[str, str]
    closed_after_days: str  # {days}
    yes: str
    no: str
    system: str
    nobody: str  # a person whose name is not known: {user_id}
    file_stem: str  # {start} {end}: the file names, without extension
    csv_names: tuple[str, str]  # the two tables' file names inside the zip


@dataclass
class ExportFiles:
    xlsx: bytes
    csv_zip: bytes
    consultations: int
    events: int
    range: DateRange
    file_stem: str

    @property
    def xlsx_name(self) -> str:
        return f"{self.file_stem}.xlsx"

    @property
    def zip_name(self) -> str:
        return f"{self.file_stem}_CSV.zip"


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


def _person(user: User | None, wording: ExportWording) -> str:
    if user is None:
        return ""
    return safe_text(user.full_name) or wording.nobody.format(user_id=user.id)


def _local(value: datetime | None, tz: ZoneInfo) -> datetime | None:
    return value.astimezone(tz).replace(tzinfo=None) if value else None


def consultation_row(c: Consultation, tz: ZoneInfo, knowledge: Knowledge, wording: ExportWording) -> list[Any]:
    official = c.official
    return [
        c.id,
        _local(c.created_at, tz),
        _person(official, wording),
        safe_text(official.position if official else ""),
        safe_text(official.community if official else ""),
        knowledge.region_title(c.region_code or (official.region_code if official else None)),
        knowledge.topic_title(c.topic_code),
        wording.status.get(c.status, ""),
        _person(c.lawyer, wording),
        _local(c.due_at, tz),
        _local(c.first_answered_at, tz),
        _local(c.closed_at, tz),
        c.rating,
        safe_text(c.rating_comment),
        wording.yes if c.answer_undelivered else wording.no,
    ]


# Payload keys naming a lawyer (users.id), and the pairs shown as "from → to".
_LAWYER_KEYS = ("lawyer", "lawyer_id", "to_lawyer")


def _ids(value: Any) -> list[int]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, int) and not isinstance(item, bool)]
    return []


def mentioned_users(events: Iterable[ConsultationEvent]) -> set[int]:
    """The users.id of the people an event's details name (lawyers routed to, handed over to...)."""
    found: set[int] = set()
    for event in events:
        payload = event.payload or {}
        for key in (*_LAWYER_KEYS, "lawyers", "from_lawyer"):
            found.update(_ids(payload.get(key)))
    return found


def _change(before: str, after: str) -> str:
    return f"{before} → {after}" if before and after and before != after else after or before


def event_details(
    payload: Mapping[str, Any], knowledge: Knowledge, names: Mapping[int, str], wording: ExportWording
) -> list[Any]:
    """An event's details as readable columns: topic, lawyer(s), reason, rating, attachments."""

    def people(value: Any) -> str:
        return ", ".join(names.get(user_id) or wording.nobody.format(user_id=user_id) for user_id in _ids(value))

    topic = _change(
        knowledge.topic_title(payload["from_topic"]) if payload.get("from_topic") else "",
        knowledge.topic_title(payload.get("to_topic") or payload.get("topic"))
        if payload.get("to_topic") or payload.get("topic")
        else "",
    )
    after = next((payload[key] for key in (*_LAWYER_KEYS, "lawyers") if payload.get(key) is not None), None)
    lawyers = _change(people(payload.get("from_lawyer")), people(after))
    reason = str(payload.get("reason") or "")
    if reason:
        reason = wording.reasons.get(reason, "")
    elif payload.get("days"):
        reason = wording.closed_after_days.format(days=payload["days"])
    rating = payload.get("rating") if isinstance(payload.get("rating"), int) else None
    attachments = payload.get("attachments")
    return [topic, lawyers, reason, rating, len(attachments) if isinstance(attachments, list) and attachments else None]


def event_row(
    e: ConsultationEvent, tz: ZoneInfo, knowledge: Knowledge, names: Mapping[int, str], wording: ExportWording
) -> list[Any]:
    return [
        e.consultation_id,
        _local(e.created_at, tz),
        wording.event.get(e.kind, ""),
        _person(e.actor, wording) if e.actor_id else wording.system,
        safe_text(e.text),
        *event_details(e.payload or {}, knowledge, names, wording),
    ]


async def _names(session: AsyncSession, user_ids: set[int], known: dict[int, str]) -> dict[int, str]:
    missing = user_ids - known.keys()
    if missing:
        rows = await session.execute(select(User.id, User.full_name).where(User.id.in_(missing)))
        known.update({user_id: safe_text(name) for user_id, name in rows.tuples()})
    return known


# --- files ---------------------------------------------------------------------------

CONSULTATION_WIDTHS = (8, 16, 28, 22, 28, 20, 24, 16, 28, 16, 16, 16, 8, 30, 12)
EVENT_WIDTHS = (10, 16, 28, 28, 60, 28, 36, 28, 8, 10)


def tables(wording: ExportWording) -> tuple[Table, Table]:
    consultations, events = wording.csv_names
    return (
        Table(wording.sheet_consultations, consultations, wording.consultation_headers, CONSULTATION_WIDTHS),
        Table(wording.sheet_events, events, wording.event_headers, EVENT_WIDTHS),
    )


CONSULTATIONS, EVENTS = 0, 1


async def build_export(
    session: AsyncSession,
    actor: Actor,
    period: DateRange,
    *,
    tz: ZoneInfo,
    knowledge: Knowledge,
    wording: ExportWording,
    now: datetime,
    batch_size: int = BATCH_SIZE,
) -> ExportFiles:
    """Personal data of officials: the export is logged (services.privacy.audit)."""
    require_admin(actor, "export")
    audit.record(
        session,
        audit.AuditAction.EXPORT,
        actor_id=await people.get_or_create_actor(session, actor.telegram_id),
        now=now,
        detail=f"{period.start.isoformat()}..{period.end.isoformat()}",
    )
    start, end = period.bounds(tz)
    with tempfile.TemporaryDirectory() as folder:
        spool = RowSpool(Path(folder) / "rows.pickle")
        try:
            async for batch in consultation_batches(session, start, end, batch_size):
                rows = [consultation_row(consultation, tz, knowledge, wording) for consultation in batch]
                spool.append(CONSULTATIONS, rows)
            names: dict[int, str] = {}
            async for event_batch in event_batches(session, start, end, batch_size):
                await _names(session, mentioned_users(event_batch), names)
                spool.append(EVENTS, [event_row(event, tz, knowledge, names, wording) for event in event_batch])
        finally:
            spool.close()
        xlsx_path, zip_path = Path(folder) / "export.xlsx", Path(folder) / "export.zip"
        await offload.run(write_tables, spool.path, tables(wording), xlsx_path, zip_path)
        xlsx, csv_zip = xlsx_path.read_bytes(), zip_path.read_bytes()
    return ExportFiles(
        xlsx=xlsx,
        csv_zip=csv_zip,
        consultations=spool.counts.get(CONSULTATIONS, 0),
        events=spool.counts.get(EVENTS, 0),
        range=period,
        file_stem=wording.file_stem.format(start=period.start.isoformat(), end=period.end.isoformat()),
    )
