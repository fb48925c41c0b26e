"""/status figures without Telegram."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import ops as t
from bot.views.errors import error_text
from core.roles import Role
from services import status
from tests.conftest import FakeClock


async def test_status_is_for_admins_only(session: AsyncSession) -> None:
    for role in (Role.OFFICIAL, Role.LAWYER):
        with pytest.raises(status.StatusForAdminsOnly) as refused:
            await status.collect(session, role=role, now=FakeClock().now(), redis=False)
        assert error_text(refused.value) == t.ADMINS_ONLY


async def test_an_empty_bot(session: AsyncSession, db_backend: str) -> None:
    report = await status.collect(session, role=Role.ADMIN, now=FakeClock().now(), redis=True)
    assert report.database == {"sqlite": "sqlite", "postgres": "postgresql"}[db_backend]
    assert report.fsm == status.FsmBackend.REDIS
    counts = (
        report.open_consultations,
        report.unassigned_consultations,
        report.overdue_consultations,
        report.pending_outbox,
        report.pending_newsletter,
        report.due_jobs,
        report.scheduled_jobs,
    )
    assert counts == (0,) * 7 and list(report.heartbeats) == []
