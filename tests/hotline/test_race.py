"""Many lawyers press "take" at once: exactly one gets the consultation, the others are told who did."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import func, select

from bot.texts import hotline as t
from storage.models import Consultation, ConsultationEvent, ConsultationStatus, EventKind, Role
from tests.hotline.helpers import OFFICIAL, ask, sent_to
from tests.support.client import TelegramClient
from tests.support.factories import create_user

LAWYERS = 25


async def test_concurrent_takes_have_exactly_one_winner(
    client: TelegramClient, workers: Any, session_pool: Any
) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL)
    lawyer_ids = [7000 + i for i in range(LAWYERS)]
    names = {}
    for tg_id in lawyer_ids:
        user = await create_user(session_pool, telegram_id=tg_id, role=Role.LAWYER, full_name=f"Юрист {tg_id}")
        names[tg_id] = user.full_name
    await ask(client, "Питання для всіх")

    notices = await workers.drain()
    results = await asyncio.gather(
        *(client.click(tg_id, sent_to(notices, tg_id).button(t.BTN_TAKE)) for tg_id in lawyer_ids)
    )

    async with session_pool() as session:
        consultation = await session.get(Consultation, 1)
        taken_events = await session.scalar(
            select(func.count()).select_from(ConsultationEvent).where(ConsultationEvent.kind == EventKind.TAKEN)
        )
    assert consultation is not None and consultation.status == ConsultationStatus.ASSIGNED
    assert taken_events == 1
    winners = [
        tg_id
        for tg_id, calls in zip(lawyer_ids, results, strict=True)
        if t.TAKEN_BY_YOU.format(number=1) in calls.alerts
    ]
    assert len(winners) == 1
    winner_name = names[winners[0]]
    assert consultation.lawyer.full_name == winner_name  # type: ignore[union-attr]
    losers = [calls for tg_id, calls in zip(lawyer_ids, results, strict=True) if tg_id != winners[0]]
    assert all(
        calls.alerts == [t.ALREADY_TAKEN.unknown.format(consultation_id=1, lawyer=winner_name)] for calls in losers
    )
