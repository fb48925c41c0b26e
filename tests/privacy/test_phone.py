"""A lawyer sees the official's phone only while the consultation is theirs; admins always (and that is logged)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from bot.callbacks.hotline import ConsultationAction, ConsultationCb
from bot.texts import hotline as th
from storage.models import AuditEntry, Role, User
from tests.conftest import ADMIN_ID
from tests.hotline.helpers import LAWYER, LAWYER2, OFFICIAL, ask, press
from tests.support.client import TelegramClient
from tests.support.factories import create_user

PHONE = "+380671112233"


def _open(number: int) -> str:
    return ConsultationCb(action=ConsultationAction.OPEN, id=number).pack()


async def test_the_phone_follows_the_assignment(client: TelegramClient, session_pool: Any, workers: Any) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL, full_name="Олена Петренко")
    await create_user(session_pool, telegram_id=LAWYER, role=Role.LAWYER, full_name="Юрій Юрист")
    await create_user(session_pool, telegram_id=LAWYER2, role=Role.LAWYER, full_name="Марія Правник")
    await create_user(session_pool, telegram_id=ADMIN_ID, full_name="Адмін")
    async with session_pool() as session:
        await session.execute(update(User).where(User.telegram_id == OFFICIAL).values(phone=PHONE))
        await session.commit()
    await ask(client, "Питання")
    await workers.drain()

    # In the queue, before anyone has it: no phone for lawyers, the phone for an admin.
    seen = await client.click(LAWYER2, (await client.send(LAWYER2, "/queue")).button(th.BTN_OPEN.format(number=1)))
    assert "Питання" in seen.text and PHONE not in seen.text
    seen = await client.click(ADMIN_ID, (await client.send(ADMIN_ID, "/queue")).button(th.BTN_OPEN.format(number=1)))
    assert PHONE in seen.text

    taken = await press(client, LAWYER, th.BTN_TAKE, 1)
    assert PHONE in taken.text  # now it is theirs
    other = await client.click(LAWYER2, _open(1))  # a colleague's: still no phone
    assert "Питання" in other.text and PHONE not in other.text

    # Released (no longer theirs): gone for them too.
    card = await client.click(LAWYER, (await client.send(LAWYER, "/queue")).button(th.BTN_OPEN.format(number=1)))
    await client.click(LAWYER, card.button(th.BTN_RELEASE))
    again = await client.click(LAWYER, _open(1))
    assert "Питання" in again.text and PHONE not in again.text

    async with session_pool() as session:
        admin = await session.scalar(select(User.id).where(User.telegram_id == ADMIN_ID))
        opened = (await session.scalars(select(AuditEntry.actor_id).where(AuditEntry.subject_id == 1))).all()
        assert admin in opened
