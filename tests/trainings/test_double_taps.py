"""Every button of the trainings (bot/keyboards/trainings.py) pressed twice: nothing is done twice.

The kinds of buttons are enumerated from the keyboard builders (and the confirmation screens of
bot/views/trainings.py, which fill the generic `confirm` keyboard): a new kind fails
`test_every_button_has_a_double_tap_scenario` until it gets a scenario here. Each scenario reaches
a screen showing the button by pressing buttons through the real dispatcher; the button is then
pressed twice on the same message. Buttons that only show something (`SHOWS_ONLY`) may show the
same screen again; the others answer the second press with one short alert.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram import Dispatcher
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks.trainings import (
    AttendanceCodeCb,
    MyTrainingsCb,
    TrainingAdminCb,
    TrainingAttendanceCb,
    TrainingCb,
    TrainingListCb,
)
from bot.keyboards import trainings as kb
from bot.texts import trainings as t
from bot.views import trainings as views
from services.trainings.browse import AttendanceList, Card, Catalogue, Mine, Page, Scope
from storage.models import (
    OutboxMessage,
    RegistrationStatus,
    ScheduledJob,
    Training,
    TrainingEvent,
    TrainingRegistration,
    TrainingStatus,
    User,
)
from tests.conftest import ADMIN_ID, FakeClock
from tests.support.client import Calls, TelegramClient
from tests.support.double_tap import Scenarios, builder_kinds, builders, double_tap
from tests.support.factories import create_user
from tests.support.mocked_bot import MockedBot
from tests.trainings.helpers import TITLE, create_training_row, sign_up_via_bot

# --- the buttons the builders make ------------------------------------------------------------

_START = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
_TRAINING = Training(id=1, title=TITLE, starts_at=_START, status=TrainingStatus.SCHEDULED)
_PERSON = User(id=2, telegram_id=2, full_name="Коваль Олена Петрівна")
_SIGNED_UP = [
    TrainingRegistration(id=1, training_id=1, training=_TRAINING, user=_PERSON, status=status, attended=attended)
    for status in (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)
    for attended in (True, False)
]
_PAGE = Page(number=1, count=3)


def _card(**changes: Any) -> Card:
    values: dict[str, Any] = {
        "training": _TRAINING,
        "is_admin": True,
        "status": None,
        "waitlist_position": None,
        "waiting": 0,
        "open": True,
        "can_leave": False,
        "full": False,
    }
    return Card(**{**values, **changes})


SAMPLES: dict[str, list[Any]] = {
    "tz": [UTC],
    "page": [0, 2],
    "training": [_TRAINING],
    "training_id": [1],
    "catalogue.listing": [
        Catalogue(scope=scope, trainings=[_TRAINING], page=_PAGE, is_admin=is_admin)
        for scope in Scope
        for is_admin in (True, False)
    ],
    "attendance.listing": [
        AttendanceList(training=_TRAINING, registrations=_SIGNED_UP, attended=1, total=4, page=_PAGE)
    ],
    "page.page": [_PAGE],
    "participants.page": [_PAGE],
    "mine": [Mine(registrations=_SIGNED_UP, can_enter_code=True)],
    "card": [_card(), _card(full=True), _card(can_leave=True, is_admin=False), _card(open=False)],
}


def kind_of(data: str) -> str:
    """A button's kind: its callback class and action, without the ids."""
    prefix = data.split(":", 1)[0]
    if prefix == TrainingListCb.__prefix__:
        return f"list:{TrainingListCb.unpack(data).scope.value}"
    if prefix == MyTrainingsCb.__prefix__:
        return "mine"
    if prefix == AttendanceCodeCb.__prefix__:
        return "code"
    if prefix == TrainingCb.__prefix__:
        return f"training:{TrainingCb.unpack(data).action.value}"
    if prefix == TrainingAdminCb.__prefix__:
        return f"admin:{TrainingAdminCb.unpack(data).action.value}"
    if prefix == TrainingAttendanceCb.__prefix__:
        return "attendance:" + ("mark" if TrainingAttendanceCb.unpack(data).mark else "unmark")
    raise AssertionError(f"a button of another feature: {data}")


def button_kinds() -> set[str]:
    # `confirm` takes its buttons from the caller: the confirmation screens of the views fill it.
    confirmations = [f for f in builders(views) if f.__name__.startswith("confirm_")]
    return builder_kinds([*builders(kb, skip={"confirm"}), *confirmations], SAMPLES, kind_of)


# Buttons that only show a screen (shown again by a second press); the others do something once.
SHOWS_ONLY = {
    "list:up",
    "list:past",
    "mine",
    "code",
    "training:view",
    "training:join",
    "training:leave",
    "admin:cancel",
    "admin:people",
    "admin:att",
}

# --- scenarios: how each button comes to be shown ----------------------------------------------


@dataclass(frozen=True)
class World:
    client: TelegramClient
    clock: FakeClock
    training: Training
    official: int  # a telegram id


Scenario = Callable[[World], Awaitable[tuple[int, str]]]
SCENARIOS: Scenarios[Scenario] = Scenarios()
scenario = SCENARIOS.of


async def _catalogue(world: World, user_id: int) -> Calls:
    return await world.client.send(user_id, "/trainings")


async def _card_of(world: World, user_id: int) -> Calls:
    return await world.client.click(user_id, (await _catalogue(world, user_id)).button(TITLE))


async def _signed_up_card(world: World) -> Calls:
    await sign_up_via_bot(world.client, world.official, world.training.id)
    return await _card_of(world, world.official)


async def _press(world: World, user_id: int, screen: Calls, label: str) -> Calls:
    return await world.client.click(user_id, screen.button(label))


@scenario("list:up")
async def _back_to_list(world: World) -> tuple[int, str]:
    return world.official, (await _card_of(world, world.official)).button(t.BTN_BACK)


@scenario("list:past")
async def _past(world: World) -> tuple[int, str]:
    return ADMIN_ID, (await _catalogue(world, ADMIN_ID)).button(t.BTN_PAST)


@scenario("mine")
async def _mine(world: World) -> tuple[int, str]:
    return world.official, (await _catalogue(world, world.official)).button(t.BTN_MY_TRAININGS)


@scenario("code")
async def _code(world: World) -> tuple[int, str]:
    await sign_up_via_bot(world.client, world.official, world.training.id)
    world.clock.advance(days=3)  # the training is about to start: the code button shows
    mine = await _press(world, world.official, await _catalogue(world, world.official), t.BTN_MY_TRAININGS)
    return world.official, mine.button(t.BTN_ENTER_CODE)


@scenario("training:view")
async def _view(world: World) -> tuple[int, str]:
    return world.official, (await _catalogue(world, world.official)).button(TITLE)


@scenario("training:join")
async def _join(world: World) -> tuple[int, str]:
    return world.official, (await _card_of(world, world.official)).button(t.BTN_SIGN_UP)


@scenario("training:joinok")
async def _join_ok(world: World) -> tuple[int, str]:
    confirm = await _press(world, world.official, await _card_of(world, world.official), t.BTN_SIGN_UP)
    return world.official, confirm.button(t.BTN_CONFIRM_SIGN_UP)


@scenario("training:leave")
async def _leave(world: World) -> tuple[int, str]:
    return world.official, (await _signed_up_card(world)).button(t.BTN_LEAVE)


@scenario("training:leaveok")
async def _leave_ok(world: World) -> tuple[int, str]:
    confirm = await _press(world, world.official, await _signed_up_card(world), t.BTN_LEAVE)
    return world.official, confirm.button(t.BTN_CONFIRM_LEAVE)


@scenario("admin:new")
async def _new(world: World) -> tuple[int, str]:
    return ADMIN_ID, (await _catalogue(world, ADMIN_ID)).button(t.BTN_NEW)


async def _admin_button(world: World, label: str) -> tuple[int, str]:
    return ADMIN_ID, (await _card_of(world, ADMIN_ID)).button(label)


@scenario("admin:edit")
async def _edit(world: World) -> tuple[int, str]:
    return await _admin_button(world, t.BTN_EDIT)


@scenario("admin:cancel")
async def _cancel(world: World) -> tuple[int, str]:
    return await _admin_button(world, t.BTN_CANCEL_TRAINING)


@scenario("admin:cancelok")
async def _cancel_ok(world: World) -> tuple[int, str]:
    await sign_up_via_bot(world.client, world.official, world.training.id)  # someone to tell
    confirm = await _press(world, ADMIN_ID, await _card_of(world, ADMIN_ID), t.BTN_CANCEL_TRAINING)
    return ADMIN_ID, confirm.button(t.BTN_CONFIRM_CANCEL_TRAINING)


@scenario("admin:people")
async def _people(world: World) -> tuple[int, str]:
    return await _admin_button(world, t.BTN_PARTICIPANTS)


@scenario("admin:att")
async def _attendance(world: World) -> tuple[int, str]:
    return await _admin_button(world, t.BTN_ATTENDANCE)


@scenario("admin:xlsx")
async def _xlsx(world: World) -> tuple[int, str]:
    await sign_up_via_bot(world.client, world.official, world.training.id)
    return await _admin_button(world, t.BTN_EXPORT_XLSX)


@scenario("admin:csv")
async def _csv(world: World) -> tuple[int, str]:
    await sign_up_via_bot(world.client, world.official, world.training.id)
    people = await _press(world, ADMIN_ID, await _card_of(world, ADMIN_ID), t.BTN_PARTICIPANTS)
    return ADMIN_ID, people.button(t.BTN_EXPORT_CSV)


async def _attendance_list(world: World) -> Calls:
    await sign_up_via_bot(world.client, world.official, world.training.id)
    world.clock.advance(days=3, hours=3)  # after the training: among the past ones
    past = await _press(world, ADMIN_ID, await _catalogue(world, ADMIN_ID), t.BTN_PAST)
    card = await _press(world, ADMIN_ID, past, TITLE)
    return await _press(world, ADMIN_ID, card, t.BTN_ATTENDANCE)


@scenario("attendance:mark")
async def _mark(world: World) -> tuple[int, str]:
    return ADMIN_ID, (await _attendance_list(world)).button("Учасниця Тест")


@scenario("attendance:unmark")
async def _unmark(world: World) -> tuple[int, str]:
    marked = await _press(world, ADMIN_ID, await _attendance_list(world), "Учасниця Тест")
    return ADMIN_ID, marked.button("Учасниця Тест")


# --- the test -----------------------------------------------------------------------------------


def test_every_button_has_a_double_tap_scenario() -> None:
    kinds = button_kinds()
    assert kinds == set(SCENARIOS), "every kind of button needs a scenario here (and no scenario is left over)"
    assert kinds >= SHOWS_ONLY
    assert len(kinds) >= 19  # the enumeration found the buttons


async def snapshot(pool: async_sessionmaker[AsyncSession], dp: Dispatcher, bot: MockedBot, people: list[int]) -> Any:
    """What a press could change: trainings, sign-ups, their events, messages and jobs queued, dialogs."""
    async with pool() as session:
        trainings = [
            (r.id, r.status, r.title, r.starts_at, r.seats_taken, r.updated_at, r.cancelled_at)
            for r in await session.scalars(select(Training).order_by(Training.id))
        ]
        registrations = [
            (r.id, r.training_id, r.user_id, r.status, r.attended, r.attended_at, r.updated_at)
            for r in await session.scalars(select(TrainingRegistration).order_by(TrainingRegistration.id))
        ]
        counts = [
            await session.scalar(select(func.count()).select_from(model))
            for model in (TrainingEvent, OutboxMessage, ScheduledJob)
        ]
    dialogs = []
    for user_id in people:
        context = dp.fsm.get_context(bot=bot, chat_id=user_id, user_id=user_id)
        dialogs.append((await context.get_state(), await context.get_data()))
    return trainings, registrations, counts, dialogs


@pytest.mark.parametrize("kind", sorted(SCENARIOS))
async def test_a_second_press_changes_nothing(
    kind: str,
    client: TelegramClient,
    dp: Dispatcher,
    bot: MockedBot,
    session_pool: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    training = await create_training_row(session_pool, clock.now(), capacity=5)
    official = await create_user(session_pool, full_name="Учасниця Тест Іванівна")
    world = World(client, clock, training, official.telegram_id)
    user_id, data = await SCENARIOS[kind](world)
    assert kind_of(data) == kind
    await double_tap(
        client,
        user_id,
        data,
        lambda: snapshot(session_pool, dp, bot, [ADMIN_ID, official.telegram_id]),
        shows_only=kind in SHOWS_ONLY,
        between=lambda: clock.advance(minutes=1),
    )
