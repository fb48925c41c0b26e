"""A crash (SIGKILL) and a restart of the real bot lose nothing: a half-typed question is kept."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.texts import hotline as t
from knowledge.loader import default_knowledge
from storage.models import Consultation, FsmRecord
from tests.e2e.conftest import StartBot
from tests.e2e.harness import eventually
from tests.support.factories import create_user
from tests.support.fake_bot_api import FakeBotAPI

# FSM state in the database is the subject; the Redis storage and PostgreSQL are covered by unit tests.
pytestmark = [pytest.mark.e2e, pytest.mark.sqlite_only]

OFFICIAL = 5401
LAND = default_knowledge().topic_title("land")


async def test_half_typed_question_survives_a_crash(
    fake_api: FakeBotAPI, start_bot: StartBot, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL, full_name="Петренко Олена")
    bot = await start_bot()
    official = fake_api.user(OFFICIAL)
    official.send("/ask")
    official.click(LAND, await official.expect(t.CHOOSE_TOPIC))
    await official.expect("Опишіть питання")
    official.send("Перша частина: ділянка площею 2 га.")
    await official.expect("Додано до питання")

    async def draft_saved() -> bool:  # the draft is committed after the reply
        async with session_pool() as session:
            records = (await session.scalars(select(FsmRecord))).all()
        return any("Перша частина" in json.dumps(r.data, ensure_ascii=False) for r in records)

    await eventually(draft_saved, what="the draft in the FSM storage")
    assert await bot.kill() != 0  # a crash: no shutdown code runs

    await start_bot()
    official.send("Друга частина: громада має 300 мешканців.")
    official.click(t.BTN_DONE, await official.expect("Додано до питання"))
    preview = await official.expect("Перевірте звернення")
    assert "Перша частина" in preview.body and "Друга частина" in preview.body
    official.click(t.BTN_SEND, preview)
    await official.expect("прийнято")

    async def created() -> Consultation | None:
        async with session_pool() as session:
            return await session.scalar(select(Consultation))

    consultation = await eventually(created, what="the consultation row")
    assert "Перша частина" in consultation.question and "Друга частина" in consultation.question
