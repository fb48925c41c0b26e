"""The base of answers with the real `python -m bot` process: a lawyer publishes an answered consultation
after reviewing its anonymised draft, and a second official who asks the same thing in other words is
offered that answer before sending, and says it answers the question (no consultation is made)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.texts import answers as ta
from bot.texts import common as tc
from bot.texts import hotline as t
from knowledge.loader import default_knowledge
from services.hotline.draft import Purpose
from storage.models import AnswerEvent, AnswerEventKind, Consultation, PublishedAnswer, Role
from tests.e2e.conftest import StartBot
from tests.e2e.harness import eventually
from tests.e2e.test_e2e_consultation import card_of, compose, prompt
from tests.support.factories import create_user
from tests.support.fake_bot_api import FakeBotAPI

pytestmark = pytest.mark.e2e

OFFICIAL = 5401
OFFICIAL2 = 5402
LAWYER = 6401
LAND = default_knowledge().topic_title("land")


async def test_a_published_answer_is_suggested_to_a_second_official(
    fake_api: FakeBotAPI, start_bot: StartBot, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    await create_user(session_pool, telegram_id=OFFICIAL, full_name="Петренко Олена Іванівна")
    await create_user(session_pool, telegram_id=OFFICIAL2, full_name="Коваль Сергій Петрович")
    await create_user(session_pool, telegram_id=LAWYER, role=Role.LAWYER, full_name="Юрист Юрій", topics=["land"])
    await start_bot()
    official, official2, lawyer = fake_api.user(OFFICIAL), fake_api.user(OFFICIAL2), fake_api.user(LAWYER)

    # The first official asks; the lawyer answers.
    official.send(tc.BTN_ASK)
    official.click(LAND, await official.expect(t.CHOOSE_TOPIC))
    await official.expect("Опишіть питання")
    await compose(
        official,
        "Як сільська рада може передати земельну ділянку в оренду фермерському господарству? "
        "Пише Петренко Олена, тел. 067 123 45 67",
    )
    await official.expect("прийнято")
    lawyer.click(t.BTN_TAKE, await lawyer.expect("Нове звернення"))
    card = await lawyer.expect(card_of(1))
    lawyer.click(t.BTN_ANSWER, card)
    await lawyer.expect(prompt(Purpose.ANSWER, 1))
    await compose(lawyer, "Земельні ділянки комунальної власності передаються в оренду на земельних торгах.")
    await lawyer.expect(t.ANSWER_SENT.format(number=1))

    # The lawyer publishes it: the anonymised draft, the legal basis added, confirmed.
    lawyer.click(ta.BTN_PUBLISH)  # on the card, whose buttons follow its status
    summary = await lawyer.expect("Так відповідь побачать")
    assert "067 123" not in summary.body and "Петренко" not in summary.body
    lawyer.click(tc.BTN_CONFIRM, summary)
    await lawyer.expect(ta.PROMPTS["legal_basis"])
    lawyer.send("Земельний кодекс України, ст. 134")
    lawyer.click(tc.BTN_CONFIRM, await lawyer.expect("Так відповідь побачать"))
    await lawyer.expect("опубліковано в базі")

    # A second official asks the same thing in other words: the answer is offered before sending.
    official2.send(tc.BTN_ASK)
    official2.click(LAND, await official2.expect(t.CHOOSE_TOPIC))
    await official2.expect("Опишіть питання")
    official2.send("фермер хоче взяти в оренду ділянку громади, чи потрібні торги?")
    official2.click(t.BTN_DONE, await official2.expect("Додано до"))
    offered = await official2.expect(ta.SUGGESTIONS_HEADER)
    official2.click(ta.BTN_OPEN_SUGGESTION.format(n=1), offered)
    full = await official2.expect("на земельних торгах")
    official2.click(ta.BTN_HELPED, full)
    await official2.expect(ta.HELPED)

    async def helped() -> bool | None:
        async with session_pool() as session:
            kinds = (await session.scalars(select(AnswerEvent.kind))).all()
            return True if AnswerEventKind.HELPED in kinds else None

    await eventually(helped, what="the helped event")
    async with session_pool() as session:
        assert await session.scalar(select(func.count()).select_from(PublishedAnswer)) == 1
        assert await session.scalar(select(func.count()).select_from(Consultation)) == 1  # only the first
