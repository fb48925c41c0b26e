"""The access log: every privileged access leaves a row (who, what, which record, when), and admins see it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.texts import hotline as th
from bot.texts import privacy as t
from core.actor import Actor
from knowledge import Knowledge
from services.indicators import recording
from services.indicators.recording import ValueEntry
from services.privacy.audit import AuditAction
from storage.models import AuditEntry, Role, User, ValueKind
from tests.conftest import ADMIN_ID
from tests.hotline.helpers import LAWYER, LAWYER2, OFFICIAL, ask, press
from tests.support.client import TelegramClient
from tests.support.factories import create_user, make_user

NEW_LAWYER = 6301


async def entries(session_pool: Any) -> list[AuditEntry]:
    async with session_pool() as session:
        return list((await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all())


async def user_id(session_pool: Any, telegram_id: int) -> int:
    async with session_pool() as session:
        found = await session.scalar(select(User.id).where(User.telegram_id == telegram_id))
        assert found is not None
        return found


async def test_opening_a_consultation_that_is_not_yours_is_logged(
    client: TelegramClient, session_pool: Any, workers: Any, clock: Any
) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL, full_name="Олена Петренко")
    await create_user(session_pool, telegram_id=LAWYER, role=Role.LAWYER, full_name="Юрій Юрист")
    await create_user(session_pool, telegram_id=LAWYER2, role=Role.LAWYER, full_name="Марія Правник")
    await create_user(session_pool, telegram_id=ADMIN_ID, full_name="Адмін")
    await ask(client, "Питання про землю")
    await workers.drain()

    # Another lawyer and an admin read it from their queue: both logged, with who, which one and when.
    clock.advance(minutes=3)
    calls = await client.click(LAWYER2, (await client.send(LAWYER2, "/queue")).button(th.BTN_OPEN.format(number=1)))
    assert "Питання про землю" in calls.text
    await client.click(ADMIN_ID, (await client.send(ADMIN_ID, "/queue")).button(th.BTN_OPEN.format(number=1)))
    rows = await entries(session_pool)
    assert [(e.action, e.subject, e.subject_id) for e in rows] == [("consultation.opened", "consultation", 1)] * 2
    assert [e.actor_id for e in rows] == [
        await user_id(session_pool, LAWYER2),
        await user_id(session_pool, ADMIN_ID),
    ]
    assert rows[0].created_at == clock.now()

    # The official's own view and the view of the lawyer it is assigned to are not privileged access.
    await client.click(OFFICIAL, (await client.send(OFFICIAL, "/my")).button(th.BTN_OPEN.format(number=1)))
    await press(client, LAWYER, th.BTN_TAKE, 1)
    await client.click(LAWYER, (await client.send(LAWYER, "/queue")).button(th.BTN_OPEN.format(number=1)))
    assert len(await entries(session_pool)) == 2


async def test_exports_staff_changes_and_forget_requests_are_logged(
    client: TelegramClient, session_pool: Any, clock: Any
) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL, full_name="Олена Петренко")
    await create_user(session_pool, telegram_id=ADMIN_ID, full_name="Адмін")
    admin_id = await user_id(session_pool, ADMIN_ID)

    calls = await client.send(ADMIN_ID, "/export 2026-01-01 2026-12-31")
    await client.send(ADMIN_ID, f"/staff add {NEW_LAWYER} lawyer land")
    await client.send(OFFICIAL, "/forget")
    rows = await entries(session_pool)
    assert [(e.action, e.actor_id) for e in rows] == [
        ("export", admin_id),
        ("staff.changed", admin_id),
        ("forget.requested", await user_id(session_pool, OFFICIAL)),
    ]
    assert rows[0].detail == "2026-01-01..2026-12-31"
    assert rows[1].subject_id == await user_id(session_pool, NEW_LAWYER)
    del calls


async def test_indicator_edits_are_logged(session: Any, knowledge: Knowledge, clock: Any) -> None:
    admin = Actor(user_id=(await make_user(session, role=Role.ADMIN)).id, role=Role.ADMIN)
    entry = ValueEntry(indicator_code="initiatives", value=3, kind=ValueKind.ACTUAL, year=2026)  # type: ignore[call-arg]
    await recording.record_value(
        session,
        actor=admin,
        entry=entry,
        now=clock.now(),
        tz=knowledge_tz(),
        catalogue=knowledge.indicators,
        region_codes=[r.code for r in knowledge.regions],
    )
    await session.commit()
    rows = list((await session.scalars(select(AuditEntry))).all())
    assert [(r.action, r.actor_id, r.subject) for r in rows] == [("indicator.changed", admin.user_id, "indicator")]
    assert "initiatives 2026" in rows[0].detail


def knowledge_tz() -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Kyiv")


async def test_admins_see_and_export_the_log(client: TelegramClient, session_pool: Any) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL, full_name="Олена Петренко")
    await create_user(session_pool, telegram_id=ADMIN_ID, full_name="Адмін")
    await client.send(OFFICIAL, "/forget")

    refused = await client.send(OFFICIAL, "/audit")
    assert t.AUDIT_HEADER.split(" ")[0] not in refused.text

    calls = await client.send(ADMIN_ID, "/audit")
    assert t.ACTIONS["forget.requested"] in calls.text and "Олена Петренко" in calls.text
    exported = await client.click(ADMIN_ID, calls.button(t.BTN_AUDIT_EXPORT))
    (document,) = exported.of("SendDocument")
    assert document.document.filename.startswith("Журнал_доступу_АМУ_")  # type: ignore[attr-defined]
    assert [e.action for e in await entries(session_pool)][-1] == AuditAction.AUDIT_EXPORT.value
