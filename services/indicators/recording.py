"""Recorded indicator values: validation, changes with history, bulk upload.

Nothing is overwritten silently: every change appends an `IndicatorValueChange`
(who, when, old value, new value, why), and changing an existing value needs a
reason. An upload is validated row by row and applied only when every row is valid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from core.actor import Actor
from knowledge.indicators import Indicator, IndicatorCatalogue, PeriodKind
from services import people
from services.indicators.errors import (
    BadValue,
    BaselineYearOnly,
    ComputedNotRecordable,
    DuplicateRow,
    EntryRefused,
    MonthNeeded,
    MonthNotApplicable,
    ReasonNeeded,
    RowError,
    UnknownIndicator,
    UnknownIndicatorCode,
    UnknownPart,
    UnknownRegion,
    UploadEmpty,
    UploadNotXlsx,
    UploadRejected,
    YearNotAllowed,
)
from services.indicators.figures import require_admin
from services.indicators.periods import local_year
from services.privacy import audit
from storage.models import IndicatorValue, IndicatorValueChange, Role, ValueKind
from storage.models.indicators import ALL_REGIONS, TOTAL, WHOLE_YEAR
from storage.repositories import indicators as repo

TARGET_YEARS_AHEAD = 10
MAX_VALUE = 10**15
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_COMMENT = 1000


@dataclass(frozen=True)
class ValueEntry:
    indicator_code: str
    kind: ValueKind
    year: int
    value: int
    month: int = WHOLE_YEAR
    region_code: str = ALL_REGIONS
    part: str = TOTAL
    comment: str | None = None


def year_bounds(kind: ValueKind, catalogue: IndicatorCatalogue, now: datetime, tz: tzinfo) -> tuple[int, int]:
    if kind == ValueKind.BASELINE:
        return catalogue.base_year, catalogue.base_year
    last = local_year(now, tz) + (TARGET_YEARS_AHEAD if kind == ValueKind.TARGET else 0)
    return catalogue.base_year, last


def needs_month(catalogue: IndicatorCatalogue, code: str, kind: ValueKind) -> bool:
    ind = catalogue.indicator(code)
    return ind is not None and ind.period == PeriodKind.MONTH and kind == ValueKind.ACTUAL


def entry_problem(
    entry: ValueEntry, catalogue: IndicatorCatalogue, region_codes: Sequence[str], now: datetime, tz: tzinfo
) -> EntryRefused | None:
    """Why the entry cannot be recorded, or None."""
    ind = catalogue.indicator(entry.indicator_code)
    if ind is None:
        return UnknownIndicatorCode(code=entry.indicator_code)
    if ind.is_computed and entry.kind == ValueKind.ACTUAL:
        return ComputedNotRecordable()
    first, last = year_bounds(entry.kind, catalogue, now, tz)
    if entry.kind == ValueKind.BASELINE and entry.year != first:
        return BaselineYearOnly(year=first)
    if not first <= entry.year <= last:
        return YearNotAllowed(first=first, last=last)
    if needs_month(catalogue, entry.indicator_code, entry.kind):
        if not 1 <= entry.month <= 12:
            return MonthNeeded()
    elif entry.month != WHOLE_YEAR:
        return MonthNotApplicable()
    if entry.region_code != ALL_REGIONS and entry.region_code not in region_codes:
        return UnknownRegion(code=entry.region_code)
    if entry.part != TOTAL and ind.part(entry.part) is None:
        return UnknownPart(code=entry.part)
    if not 0 <= entry.value <= MAX_VALUE:
        return BadValue()
    return None


def check_upload_file(file_name: str | None, size: int | None) -> None:
    """Only the template's kind of file, and not a huge one, is downloaded at all."""
    if not (file_name or "").lower().endswith(".xlsx") or (size or 0) > MAX_UPLOAD_BYTES:
        raise UploadNotXlsx()


async def current_value(session: AsyncSession, entry: ValueEntry) -> IndicatorValue | None:
    return await repo.find_value(
        session,
        indicator_code=entry.indicator_code,
        kind=entry.kind,
        year=entry.year,
        month=entry.month,
        region_code=entry.region_code,
        part=entry.part,
    )


def _reason(comment: str | None) -> str | None:
    cleaned = " ".join((comment or "").split())[:MAX_COMMENT]
    return cleaned or None


async def _apply(
    session: AsyncSession, entry: ValueEntry, existing: IndicatorValue | None, *, actor: Actor, via: str, now: datetime
) -> bool:
    """Writes the entry and its history row; False when nothing changes."""
    reason = _reason(entry.comment)
    if existing is not None and existing.value == entry.value:
        return False
    if existing is not None and reason is None:
        raise ReasonNeeded(old=existing.value, new=entry.value)
    old = existing.value if existing is not None else None
    changed_by_id = actor.user_id
    if existing is None:
        existing = IndicatorValue(
            indicator_code=entry.indicator_code,
            kind=entry.kind,
            year=entry.year,
            month=entry.month,
            region_code=entry.region_code,
            part=entry.part,
            value=entry.value,
        )
        session.add(existing)
    existing.value = entry.value
    existing.comment = reason
    existing.updated_by_id = changed_by_id
    existing.updated_at = now
    await session.flush()
    session.add(
        IndicatorValueChange(
            value_id=existing.id,
            indicator_code=entry.indicator_code,
            old_value=old,
            new_value=entry.value,
            reason=reason,
            changed_by_id=changed_by_id,
            changed_at=now,
            via=via,
        )
    )
    audit.record(
        session,
        audit.AuditAction.INDICATOR_CHANGED,
        actor_id=changed_by_id,
        now=now,
        subject=audit.Subject.INDICATOR,
        subject_id=existing.id,
        detail=f"{entry.indicator_code} {entry.year} {via}",
    )
    await session.flush()
    return True


async def record_value(
    session: AsyncSession,
    *,
    actor: Actor,
    catalogue: IndicatorCatalogue,
    region_codes: Sequence[str],
    entry: ValueEntry,
    now: datetime,
    tz: tzinfo,
) -> bool:
    """Records one value from the form; True when it changed something."""
    require_admin(actor.role)
    problem = entry_problem(entry, catalogue, region_codes, now, tz)
    if problem is not None:
        raise problem
    return await _apply(session, entry, await current_value(session, entry), actor=actor, via="dialog", now=now)


async def apply_upload(
    session: AsyncSession,
    *,
    actor: Actor,
    catalogue: IndicatorCatalogue,
    region_codes: Sequence[str],
    rows: Sequence[tuple[int, ValueEntry | EntryRefused]],
    now: datetime,
    tz: tzinfo,
) -> tuple[int, int]:
    """Validates every row (parsed entries or parse errors), then applies all or nothing.

    Returns (changed, unchanged); raises UploadRejected with every bad row.
    """
    require_admin(actor.role)
    errors: list[RowError] = []
    checked: list[tuple[ValueEntry, IndicatorValue | None]] = []
    seen: dict[tuple[str, str, int, int, str, str], int] = {}
    for row, parsed in rows:
        if isinstance(parsed, EntryRefused):
            errors.append(RowError(row, parsed))
            continue
        problem = entry_problem(parsed, catalogue, region_codes, now, tz)
        key = (parsed.indicator_code, parsed.kind, parsed.year, parsed.month, parsed.region_code, parsed.part)
        if problem is None and key in seen:
            problem = DuplicateRow(row=seen[key])
        seen.setdefault(key, row)
        existing = None
        if problem is None:
            existing = await current_value(session, parsed)
            if existing is not None and existing.value != parsed.value and _reason(parsed.comment) is None:
                problem = ReasonNeeded(old=existing.value, new=parsed.value)
        if problem is not None:
            errors.append(RowError(row, problem))
        else:
            checked.append((parsed, existing))
    if errors:
        raise UploadRejected(errors=tuple(errors))
    if not checked:
        raise UploadEmpty()
    changed = 0
    async with session.begin_nested():
        for entry, existing in checked:
            changed += await _apply(session, entry, existing, actor=actor, via="upload", now=now)
    return changed, len(checked) - changed


@dataclass(frozen=True)
class ValueHistory:
    indicator: Indicator
    changes: Sequence[tuple[IndicatorValueChange, IndicatorValue]]
    names: dict[int, str]  # users.id of who changed -> the name to show


async def value_history(
    session: AsyncSession, *, role: Role, catalogue: IndicatorCatalogue, indicator_code: str
) -> ValueHistory:
    require_admin(role)
    indicator = catalogue.indicator(indicator_code)
    if indicator is None:
        raise UnknownIndicator(code=indicator_code)
    changes = await repo.history(session, indicator_code)
    names = await people.display_names(session, {change.changed_by_id for change, _ in changes})
    return ValueHistory(indicator, changes, names)
