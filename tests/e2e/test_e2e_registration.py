"""Registration through the real bot process and the fake Bot API over HTTP."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.commands import ADMIN, OFFICIAL
from bot.texts import common as tc
from bot.texts import newsletters as nt
from bot.texts import registration as t
from storage.models import User
from tests.conftest import ADMIN_ID
from tests.e2e.conftest import StartBot
from tests.e2e.harness import eventually
from tests.support.fake_bot_api import FakeBotAPI

pytestmark = pytest.mark.e2e

OFFICIAL_ID = 5101


async def test_official_registers(fake_api: FakeBotAPI, start_bot: StartBot, session_pool) -> None:
    await start_bot()
    # The start-up published the command menus: the default one and the admin's own.
    await fake_api.wait_until(lambda: fake_api.commands_for_chat(ADMIN_ID), what="the admin's command menu")
    default = next(r for r in fake_api.calls("setMyCommands") if r.params.get("scope", {}).get("type") == "default")
    assert [c["command"] for c in default.params["commands"]] == [c.command for c in OFFICIAL]
    assert [c["command"] for c in fake_api.commands_for_chat(ADMIN_ID) or []] == [c.command for c in ADMIN]

    official = fake_api.user(OFFICIAL_ID)
    official.send("/start")
    assert (await official.expect(t.WELCOME)).body == t.WELCOME
    consent = await official.expect(t.CONSENT_QUESTION)
    query_id = official.click("Погоджуюсь", consent)
    await official.expect(t.ASK_FULL_NAME)
    await official.answer_to(query_id)
    official.send("Петренко <Олена> Іванівна")
    await official.expect(t.ASK_POSITION)
    official.send("Секретар сільської ради")
    await official.expect(t.ASK_COMMUNITY)
    official.send("Гатненська сільська рада")
    regions = await official.expect(t.ASK_REGION)
    assert "Київська обл." in regions.button_texts()
    official.click("Київська", regions)
    summary = await official.expect(t.SUMMARY_TITLE)
    assert "Петренко &lt;Олена&gt; Іванівна" in summary.body and tc.BTN_CONFIRM in summary.button_texts()
    phone = await official.expect(t.PHONE_AT_SUMMARY)
    assert t.BTN_SHARE_AND_FINISH in phone.button_texts()
    official.send_contact("+380501234567")  # sharing the number confirms: the seventh step
    done = await official.expect("Реєстрацію завершено")
    # The name is user input: escaped for HTML parse mode.
    assert done.body == t.REGISTERED.format(name="Петренко &lt;Олена&gt; Іванівна")
    assert tc.BTN_ASK in done.button_texts()
    # Then the newsletter subscription is offered (issue 3); the row is committed after the handler's replies.
    await official.expect(nt.SUBSCRIBE_OFFER)

    async def registered() -> User | None:  # committed just after the reply
        async with session_pool() as session:
            return await session.scalar(select(User).where(User.telegram_id == OFFICIAL_ID))

    user = await eventually(registered, what="the user row")
    assert (user.full_name, user.community, user.region_code) == (
        "Петренко <Олена> Іванівна",
        "Гатненська сільська рада",
        "kyo",
    )
    assert user.phone is not None and user.phone.endswith("501234567")

    official.send("/start")
    assert (await official.expect(tc.MAIN_MENU)).body == tc.MAIN_MENU
