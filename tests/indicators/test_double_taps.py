"""Every button of `/indicators` (bot/keyboards/indicators.py) pressed twice: nothing is done twice.

The kinds of buttons are enumerated from the keyboard builders: a new kind fails
`test_every_button_has_a_double_tap_scenario` until it gets a scenario here. Each button sends
something new (a message, a file, a chart, a form), so the second press on the same message
only gets a short alert (bot/presses.py). The recording form's buttons are the form engine's
(tests/forms/test_double_taps.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiogram import Dispatcher
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks.indicators import IndicatorChartCb, IndicatorHistoryCb, IndicatorsCb
from bot.keyboards import indicators as kb
from bot.texts import indicators as t
from knowledge.loader import default_knowledge
from storage.models import ComputedYearValue, IndicatorValue, IndicatorValueChange, OutboxMessage
from tests.conftest import ADMIN_ID
from tests.indicators.test_report import hot_line
from tests.support.client import Calls, TelegramClient
from tests.support.double_tap import builder_kinds, builders, double_tap
from tests.support.mocked_bot import MockedBot

# --- the buttons the builders make ------------------------------------------------------------

SAMPLES: dict[str, list[Any]] = {
    "year": [2025, 2026],
    "current_year": [2026],
    "base_year": [2024],
    "catalogue": [default_knowledge().indicators],
}


def kind_of(data: str) -> str:
    """A button's kind: its callback class and action, without the codes and years."""
    prefix = data.split(":", 1)[0]
    if prefix == IndicatorsCb.__prefix__:
        return f"overview:{IndicatorsCb.unpack(data).action.name}"
    if prefix == IndicatorChartCb.__prefix__:
        return f"chart:{IndicatorChartCb.unpack(data).by.name}"
    if prefix == IndicatorHistoryCb.__prefix__:
        return "history"
    raise AssertionError(f"a button of another feature: {data}")


def button_kinds() -> set[str]:
    return builder_kinds(builders(kb, skip={"short"}), SAMPLES, kind_of)


# --- scenarios: how each button comes to be shown ----------------------------------------------

Scenario = Callable[[TelegramClient], Awaitable[str]]
OVERVIEW_BUTTONS = {
    "SHOW": t.BTN_PREV_YEAR.format(year=2025),
    "DETAILS": t.BTN_DETAILS,
    "REGIONS": t.BTN_REGIONS,
    "CHARTS": t.BTN_CHARTS,
    "HISTORY": t.BTN_HISTORY,
    "XLSX": t.BTN_XLSX,
    "TEMPLATE": t.BTN_TEMPLATE,
    "RECORD": t.BTN_RECORD,
    "UPLOAD": t.BTN_UPLOAD,
}


async def _overview(client: TelegramClient) -> Calls:
    return await client.send(ADMIN_ID, "/indicators")


def _on_overview(label: str) -> Scenario:
    async def reach(client: TelegramClient) -> str:
        return (await _overview(client)).button(label)

    return reach


def _on_picker(picker: str, label: str) -> Scenario:
    async def reach(client: TelegramClient) -> str:
        shown = await client.click(ADMIN_ID, (await _overview(client)).button(picker))
        return shown.button(label)

    return reach


SCENARIOS: dict[str, Scenario] = {
    **{f"overview:{action}": _on_overview(label) for action, label in OVERVIEW_BUTTONS.items()},
    "chart:MONTHS": _on_picker(t.BTN_CHARTS, "по місяцях"),
    "chart:YEARS": _on_picker(t.BTN_CHARTS, "по роках"),
    "history": _on_picker(t.BTN_HISTORY, "1.1"),
}

# --- the test -----------------------------------------------------------------------------------


def test_every_button_has_a_double_tap_scenario() -> None:
    kinds = button_kinds()
    assert kinds == set(SCENARIOS), "every kind of button needs a scenario here (and no scenario is left over)"
    assert len(kinds) >= 12  # the enumeration found the buttons


async def snapshot(pool: async_sessionmaker[AsyncSession], dp: Dispatcher, bot: MockedBot) -> Any:
    """What a press could change: the values, their history, the computed figures, messages queued, dialogs."""
    async with pool() as session:
        values = sorted(
            (v.indicator_code, v.year, v.month, v.region_code, v.part, v.value, v.updated_at)
            for v in await session.scalars(select(IndicatorValue))
        )
        counts = [
            await session.scalar(select(func.count()).select_from(model))
            for model in (IndicatorValueChange, ComputedYearValue, OutboxMessage)
        ]
    context = dp.fsm.get_context(bot=bot, chat_id=ADMIN_ID, user_id=ADMIN_ID)
    return values, counts, await context.get_state(), await context.get_data()


@pytest.mark.parametrize("kind", sorted(SCENARIOS))
async def test_a_second_press_changes_nothing(
    kind: str,
    client: TelegramClient,
    dp: Dispatcher,
    bot: MockedBot,
    session_pool: async_sessionmaker[AsyncSession],
    clock: Any,
) -> None:
    async with session_pool() as session:
        await hot_line(session)
    data = await SCENARIOS[kind](client)
    assert kind_of(data) == kind
    _, second = await double_tap(
        client,
        ADMIN_ID,
        data,
        lambda: snapshot(session_pool, dp, bot),
        between=lambda: clock.advance(minutes=1),
    )
    assert second.alerts[0] in (t.ALREADY_PRESSED, t.CHART_ALREADY_SENT, t.HISTORY_ALREADY_SENT)
