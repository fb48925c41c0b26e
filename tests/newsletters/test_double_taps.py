"""Every button of the newsletters (bot/keyboards/newsletters.py) pressed twice: nothing is done twice.

The kinds of buttons are enumerated from the keyboard builders: a new kind fails
`test_every_button_has_a_double_tap_scenario` until it gets a scenario here. Each scenario reaches
a screen showing the button through the real dispatcher (and the workers, for what they send);
the button is then pressed twice on the same message. Buttons that only show something
(`SHOWS_ONLY`) may show the same screen again; the others answer the second press with one
short alert. The composing form's buttons are the form engine's (tests/forms/test_double_taps.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from aiogram import Dispatcher
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks.newsletters import (
    NewsletterCancelCb,
    NewsletterListCb,
    NewsOpenCb,
    SubscriptionCb,
    UnsubscribeCb,
)
from bot.keyboards import newsletters as kb
from bot.texts import common as tc
from bot.texts import newsletters as t
from knowledge.loader import default_knowledge
from storage.models import ALL_TOPICS, Newsletter, NewsletterDelivery, OutboxMessage, Subscription
from tests.conftest import ADMIN_ID, Workers
from tests.newsletters.test_bot import OFFICIAL, button_of, compose_to_review, make_admin, subscribe
from tests.support.client import Calls, TelegramClient
from tests.support.double_tap import Scenarios, builder_kinds, builders, double_tap
from tests.support.factories import create_user, register_via_bot
from tests.support.mocked_bot import MockedBot

# --- the buttons the builders make ------------------------------------------------------------

SAMPLES: dict[str, list[Any]] = {
    "knowledge": [default_knowledge()],
    "codes": [set(), {"land"}, {ALL_TOPICS}],
    "newsletter_id": [1],
    "items": [[(1, "01.12 · Бюджет")]],
    "cancellable_ids": [[], [1, 2]],
}


def kind_of(data: str) -> str:
    """A button's kind: its callback class and action, without the ids."""
    prefix = data.split(":", 1)[0]
    if prefix == SubscriptionCb.__prefix__:
        press = SubscriptionCb.unpack(data)
        on = (":on" if press.on else ":off") if press.code else ""
        return f"subscription:{press.action.name}{on}"
    kinds = {
        UnsubscribeCb.__prefix__: "unsubscribe",
        NewsOpenCb.__prefix__: "news",
        NewsletterCancelCb.__prefix__: "cancel",
        NewsletterListCb.__prefix__: "list",
    }
    if prefix in kinds:
        return kinds[prefix]
    raise AssertionError(f"a button of another feature: {data}")


def button_kinds() -> set[str]:
    return builder_kinds(builders(kb), SAMPLES, kind_of)


# Buttons that only show a screen (shown again by a second press); the others do something once.
SHOWS_ONLY = {"subscription:PICK", "subscription:DONE", "subscription:LATER"}

# --- scenarios: how each button comes to be shown ----------------------------------------------


@dataclass(frozen=True)
class World:
    client: TelegramClient
    workers: Workers
    pool: async_sessionmaker[AsyncSession]


Scenario = Callable[[World], Awaitable[tuple[int, str]]]
SCENARIOS: Scenarios[Scenario] = Scenarios()
scenario = SCENARIOS.of


async def _offer(world: World, label: str) -> tuple[int, str]:
    """The subscription offer that follows registration."""
    await register_via_bot(world.client, OFFICIAL)
    offer = next(m for m in world.client.bot.session.requests if getattr(m, "text", None) == t.SUBSCRIBE_OFFER)
    return OFFICIAL, button_of(offer, label)


async def _screen(world: World, *codes: str) -> Calls:
    """/subscriptions of someone registered (subscribed to `codes`)."""
    await create_user(world.pool, telegram_id=OFFICIAL)
    if codes:
        await subscribe(world.pool, OFFICIAL, *codes)
    return await world.client.send(OFFICIAL, "/subscriptions")


@scenario("subscription:ALL")
async def _all(world: World) -> tuple[int, str]:
    return await _offer(world, t.BTN_SUBSCRIBE_ALL)


@scenario("subscription:PICK")
async def _pick(world: World) -> tuple[int, str]:
    return await _offer(world, t.BTN_PICK_TOPICS)


@scenario("subscription:LATER")
async def _later(world: World) -> tuple[int, str]:
    return await _offer(world, t.BTN_NOT_NOW)


@scenario("subscription:TOGGLE:on")
async def _topic_on(world: World) -> tuple[int, str]:
    return OFFICIAL, (await _screen(world)).button("Земельні")


@scenario("subscription:TOGGLE:off")
async def _topic_off(world: World) -> tuple[int, str]:
    return OFFICIAL, (await _screen(world, "land", "budget")).button("Земельні")


@scenario("subscription:NONE")
async def _none(world: World) -> tuple[int, str]:
    return OFFICIAL, (await _screen(world, "land")).button(t.BTN_UNSUBSCRIBE_ALL)


@scenario("subscription:DONE")
async def _done(world: World) -> tuple[int, str]:
    return OFFICIAL, (await _screen(world, "land")).button(t.BTN_DONE)


async def _delivered(world: World) -> list[Any]:
    """A newsletter on land sent to the official (subscribed to every topic); what the workers sent."""
    await make_admin(world.pool)
    await create_user(world.pool, telegram_id=OFFICIAL)
    await subscribe(world.pool, OFFICIAL, ALL_TOPICS)
    summary = await compose_to_review(world.client, ADMIN_ID, "Земельні")
    await world.client.click(ADMIN_ID, summary.button(tc.BTN_CONFIRM))
    return await world.workers.drain()


@scenario("unsubscribe")
async def _unsubscribe(world: World) -> tuple[int, str]:
    sent = [m for m in await _delivered(world) if getattr(m, "chat_id", None) == OFFICIAL]
    return OFFICIAL, button_of(sent[0], t.UNSUBSCRIBE_BUTTON)


@scenario("news")
async def _news(world: World) -> tuple[int, str]:
    await _delivered(world)
    return OFFICIAL, (await world.client.send(OFFICIAL, "/news")).button("Зміни до Бюджетного")


@scenario("cancel")
async def _cancel(world: World) -> tuple[int, str]:
    await make_admin(world.pool)
    summary = await compose_to_review(world.client, ADMIN_ID, "Бюджет", when="24.11.2026 10:00")
    await world.client.click(ADMIN_ID, summary.button(tc.BTN_CONFIRM))
    return ADMIN_ID, (await world.client.send(ADMIN_ID, "/newsletters")).button("Скасувати №")


@scenario("list")
async def _list(world: World) -> tuple[int, str]:
    await make_admin(world.pool)
    return ADMIN_ID, (await world.client.send(ADMIN_ID, "/newsletter")).button(t.BTN_LIST)


# --- the test -----------------------------------------------------------------------------------


def test_every_button_has_a_double_tap_scenario() -> None:
    kinds = button_kinds()
    assert kinds == set(SCENARIOS), "every kind of button needs a scenario here (and no scenario is left over)"
    assert kinds >= SHOWS_ONLY
    assert len(kinds) >= 11  # the enumeration found the buttons


async def snapshot(pool: async_sessionmaker[AsyncSession], dp: Dispatcher, bot: MockedBot) -> Any:
    """What a press could change: subscriptions, newsletters, deliveries, messages queued, dialogs."""
    async with pool() as session:
        subscriptions = sorted(
            (s.user_id, s.topic_code, s.created_at) for s in await session.scalars(select(Subscription))
        )
        newsletters = [
            (n.id, n.status, n.cancelled_at) for n in await session.scalars(select(Newsletter).order_by(Newsletter.id))
        ]
        deliveries = sorted((d.id, d.state) for d in await session.scalars(select(NewsletterDelivery)))
        outbox = await session.scalar(select(func.count()).select_from(OutboxMessage))
    dialogs = []
    for user_id in (OFFICIAL, ADMIN_ID):
        context = dp.fsm.get_context(bot=bot, chat_id=user_id, user_id=user_id)
        dialogs.append((await context.get_state(), await context.get_data()))
    return subscriptions, newsletters, deliveries, outbox, dialogs


@pytest.mark.parametrize("kind", sorted(SCENARIOS))
async def test_a_second_press_changes_nothing(
    kind: str,
    client: TelegramClient,
    dp: Dispatcher,
    bot: MockedBot,
    session_pool: async_sessionmaker[AsyncSession],
    workers: Workers,
    clock: Any,
) -> None:
    user_id, data = await SCENARIOS[kind](World(client, workers, session_pool))
    assert kind_of(data) == kind
    await double_tap(
        client,
        user_id,
        data,
        lambda: snapshot(session_pool, dp, bot),
        shows_only=kind in SHOWS_ONLY,
        between=lambda: clock.advance(minutes=1),
    )
