"""Participants of a training as XLSX and CSV (name, position, community, region, status)."""

from __future__ import annotations

import csv
import io
from datetime import tzinfo

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import trainings as t
from knowledge import Knowledge
from services.trainings.catalogue import require_admin
from services.trainings.signups import participants
from storage.models import RegistrationStatus, Role

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: str) -> str:
    """Text that a spreadsheet will not run as a formula (names are typed by users)."""
    return "'" + value if value.startswith(FORMULA_START) else value


async def participant_rows(
    session: AsyncSession, *, training_id: int, role: Role, knowledge: Knowledge, tz: tzinfo
) -> list[list[str]]:
    require_admin(role)
    rows = []
    for r in await participants(session, training_id, tuple(RegistrationStatus)):
        rows.append(
            [
                _safe(r.user.full_name),
                _safe(r.user.position),
                _safe(r.user.community),
                knowledge.region_title(r.user.region_code),
                t.STATUS_TITLES[r.status],
                t.ATTENDED_YES if r.attended else t.ATTENDED_NO,
                r.queued_at.astimezone(tz).strftime("%d.%m.%Y %H:%M"),
            ]
        )
    return rows


def to_xlsx(rows: list[list[str]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Учасники"
    ws.append(list(t.EXPORT_HEADERS))
    for row in rows:
        ws.append(row)
    for index, header in enumerate(t.EXPORT_HEADERS, start=1):
        width = max([len(header), *(len(row[index - 1]) for row in rows)]) + 2
        ws.column_dimensions[get_column_letter(index)].width = min(width, 60)
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(t.EXPORT_HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read Cyrillic right
