"""Who is writing (role, profile) and the users.id recorded as who acted."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.roles import Role
from services import people
from storage.models import User
from tests.conftest import ADMIN_ID, FakeClock
from tests.support.factories import make_user

STRANGER = 620_001


async def _count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(User)) or 0)


async def test_admin_ids_make_admins_whatever_is_stored(session: AsyncSession) -> None:
    lawyer = await make_user(session, telegram_id=ADMIN_ID, role=Role.LAWYER)
    assert people.effective_role(lawyer, ADMIN_ID, {ADMIN_ID}) == Role.ADMIN
    assert people.effective_role(lawyer, ADMIN_ID, set()) == Role.LAWYER
    assert people.effective_role(None, STRANGER, {ADMIN_ID}) == Role.OFFICIAL


async def test_identify_a_sender_who_unblocked_the_bot(session: AsyncSession) -> None:
    user = await make_user(session, telegram_id=STRANGER)
    user.blocked_bot_at = FakeClock().now()
    sender = await people.identify(session, STRANGER, {ADMIN_ID})
    assert sender.user is user and sender.role == Role.OFFICIAL and user.blocked_bot_at is None
    nobody = await people.identify(session, STRANGER + 1, {ADMIN_ID})
    assert nobody.user is None and nobody.role == Role.OFFICIAL
    admin = await people.identify(session, ADMIN_ID, {ADMIN_ID})
    assert admin.user is None and admin.role == Role.ADMIN
    assert await _count(session) == 1  # identifying creates nobody


async def test_an_admin_without_a_profile_gets_a_bare_row_once(session: AsyncSession) -> None:
    first = await people.get_or_create_actor(session, ADMIN_ID)
    again = await people.get_or_create_actor(session, ADMIN_ID)
    assert first == again and await _count(session) == 1
    row = await session.get(User, first)
    assert row is not None and (row.telegram_id, row.full_name, row.role, row.registered_at) == (
        ADMIN_ID,
        "",
        Role.OFFICIAL,
        None,
    )
    actor = await people.actor(session, telegram_id=ADMIN_ID, user=None, role=Role.ADMIN)
    assert (actor.user_id, actor.is_admin) == (first, True)


async def test_display_names_fall_back_to_the_telegram_id(session: AsyncSession) -> None:
    named = await make_user(session, full_name="Коваль Ірина")
    bare = await people.get_or_create_actor(session, ADMIN_ID)
    assert await people.display_names(session, {named.id, bare, 999_999}) == {
        named.id: "Коваль Ірина",
        bare: str(ADMIN_ID),
    }
    assert await people.display_names(session, set()) == {}
