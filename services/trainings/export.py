"""Participants of a training as a table, and the table as XLSX or CSV bytes (headers and words: the bot's)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from core.roles import Role
from services.trainings.access import require_admin
from services.trainings.signups import get_training
from storage.models import RegistrationStatus, Training, TrainingRegistration
from storage.repositories import trainings as repo

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMN_WIDTH_MAX = 60


async def participants(
    session: AsyncSession, *, role: Role, training_id: int
) -> tuple[Training, list[TrainingRegistration]]:
    """Everyone who ever signed up (seat, waitlist, cancelled), for an admin."""
    require_admin(role)
    training = await get_training(session, training_id)
    return training, await repo.participants(session, training.id, tuple(RegistrationStatus))


def _safe(value: str) -> str:
    """Text that a spreadsheet will not run as a formula (names are typed by users)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def to_xlsx(headers: Sequence[str], rows: Sequence[Sequence[str]], *, sheet: str) -> bytes:
    """CPU-bound: run it off the event loop."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook has one sheet
    ws.title = sheet
    ws.append(list(headers))
    for row in rows:
        ws.append([_safe(cell) for cell in row])
    for index, header in enumerate(headers, start=1):
        width = max([len(header), *(len(row[index - 1]) for row in rows)]) + 2
        ws.column_dimensions[get_column_letter(index)].width = min(width, COLUMN_WIDTH_MAX)
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows([_safe(cell) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read Cyrillic right
