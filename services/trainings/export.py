"""Participants of a training as a table, and the table as XLSX or CSV bytes (headers and words: the bot's)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core import offload
from core.roles import Role
from services import spreadsheets
from services.privacy import audit
from services.trainings.access import require_admin
from services.trainings.signups import get_training
from storage.models import RegistrationStatus, Training, TrainingRegistration
from storage.repositories import trainings as repo

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


async def participants(
    session: AsyncSession, *, role: Role, training_id: int, actor_id: int | None = None, now: datetime | None = None
) -> tuple[Training, list[TrainingRegistration]]:
    """Everyone who ever signed up (seat, waitlist, cancelled), for an admin; an export is logged (`now` given)."""
    require_admin(role)
    training = await get_training(session, training_id)
    if now is not None:
        audit.record(
            session,
            audit.AuditAction.TRAINING_EXPORT,
            actor_id=actor_id,
            now=now,
            subject=audit.Subject.TRAINING,
            subject_id=training.id,
        )
    return training, await repo.participants(session, training.id, tuple(RegistrationStatus))


def _safe(value: str) -> str:
    """Text that a spreadsheet will not run as a formula (names are typed by users)."""
    return "'" + value if value.startswith(FORMULA_START) else value


async def to_xlsx(headers: Sequence[str], rows: Sequence[Sequence[str]], *, sheet: str) -> bytes:
    """Written in a worker process (`core.offload`); columns fitted to the longest text, up to 60."""
    safe = [[_safe(cell) for cell in row] for row in rows]
    return await offload.run(spreadsheets.xlsx, [spreadsheets.Sheet(sheet, headers, safe)])


async def to_csv(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """UTF-8 with a BOM (Excel then reads Cyrillic right), written in a worker process."""
    return await offload.run(spreadsheets.csv_bytes, headers, [[_safe(cell) for cell in row] for row in rows])
