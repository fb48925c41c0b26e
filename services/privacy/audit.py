"""The log of privileged access: who opened, exported or changed what, and when.

A row names people by users.id and records by id; `detail` holds codes and
dates only, never a name, a phone or a text someone wrote.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from core import offload
from core.actor import Actor
from services.access import require_admin
from services.privacy.files import audit_file
from services.spreadsheets import Row, safe_text
from storage.models import AuditEntry
from storage.repositories import privacy as repo

RECENT = 30


class AuditAction(enum.StrEnum):
    CONSULTATION_OPENED = "consultation.opened"  # by an admin or a lawyer it is not assigned to
    EXPORT = "export"  # consultations for a period (personal data)
    TRAINING_EXPORT = "training.export"  # participants of a training (personal data)
    AUDIT_EXPORT = "audit.export"
    STAFF_CHANGED = "staff.changed"
    INDICATOR_CHANGED = "indicator.changed"
    FORGET_REQUESTED = "forget.requested"
    FORGET_COMPLETED = "forget.completed"
    RETENTION_RUN = "retention.run"


class Subject(enum.StrEnum):
    CONSULTATION = "consultation"
    USER = "user"
    TRAINING = "training"
    INDICATOR = "indicator"
    NONE = ""


def record(
    session: AsyncSession,
    action: AuditAction,
    *,
    actor_id: int | None,
    now: datetime,
    subject: Subject = Subject.NONE,
    subject_id: int | None = None,
    detail: str = "",
) -> AuditEntry:
    """Adds a row to the caller's transaction (kept only if the action is)."""
    return repo.add_entry(
        session,
        AuditEntry(
            created_at=now,
            actor_id=actor_id,
            action=action.value,
            subject=subject.value,
            subject_id=subject_id,
            detail=detail[:200],
        ),
    )


@dataclass(frozen=True, slots=True)
class AuditLine:
    entry: AuditEntry
    actor_name: str | None  # None: the bot itself


async def recent(session: AsyncSession, actor: Actor, *, limit: int = RECENT) -> list[AuditLine]:
    """The newest entries, newest first (admins only)."""
    require_admin(actor, "audit")
    entries = await repo.recent_entries(session, limit)
    names = await repo.display_names(session, {e.actor_id for e in entries if e.actor_id is not None})
    return [AuditLine(e, names.get(e.actor_id) if e.actor_id is not None else None) for e in entries]


@dataclass(frozen=True)
class AuditWording:
    sheet: str
    headers: tuple[str, ...]
    actions: Mapping[str, str]
    subjects: Mapping[str, str]
    system: str


@dataclass(frozen=True)
class AuditFile:
    xlsx: bytes
    entries: int


BATCH = 1000
EVERYTHING = (datetime(2000, 1, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC))


async def export(session: AsyncSession, actor: Actor, *, now: datetime, tz: tzinfo, wording: AuditWording) -> AuditFile:
    """The whole log as an XLSX workbook (admins only); the export itself is logged."""
    require_admin(actor, "audit")
    record(session, AuditAction.AUDIT_EXPORT, actor_id=actor.user_id, now=now)
    await session.flush()
    rows: list[Row] = []
    names: dict[int, str] = {}
    async for batch in repo.entry_batches(session, *EVERYTHING, BATCH):
        missing = {e.actor_id for e in batch if e.actor_id is not None and e.actor_id not in names}
        names.update(await repo.display_names(session, missing))
        rows.extend(
            [
                e.created_at.astimezone(tz).replace(tzinfo=None),
                e.actor_id,
                safe_text(names.get(e.actor_id, "")) if e.actor_id is not None else wording.system,
                wording.actions.get(e.action, e.action),
                wording.subjects.get(e.subject, e.subject),
                e.subject_id,
                safe_text(e.detail),
            ]
            for e in batch
        )
    data = await offload.run(audit_file, wording.sheet, wording.headers, rows)
    return AuditFile(xlsx=data, entries=len(rows))
