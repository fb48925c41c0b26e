"""The multi-step form engine (bot/forms.py) on a small form: steps, back, skip, cancel, summary, changes, stale presses."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Dispatcher
from aiogram.types import Message
from pydantic import BaseModel

from bot.forms import FormData, FormFlow, FormTexts
from bot.texts import common as tc
from core.errors import InvalidInput
from services.forms import DONE, Choice, FormSpec, Step, StepRefused
from tests.support.client import TelegramClient
from tests.support.factories import create_user

USER = 7001


class Visit(BaseModel):
    title: str | None = None
    kind: str | None = None
    address: str | None = None
    note: str | None = None


class TitleTooShort(InvalidInput):
    pass


class NeedsAddress(StepRefused):
    step = "address"


def read_title(draft: Visit, text: str) -> Visit:
    if len(text.strip()) < 3:
        raise TitleTooShort()
    return draft.model_copy(update={"title": text.strip()})


SPEC = FormSpec(
    name="visit",
    draft_type=Visit,
    steps=(
        Step("title", read_title, filled=lambda d: d.title is not None),
        Step(
            "kind",
            lambda d, v: d.model_copy(update={"kind": v}),
            choices=lambda d: [Choice("online", "Онлайн"), Choice("offline", "Наживо")],
            filled=lambda d: d.kind is not None,
        ),
        Step(
            "address",
            lambda d, v: d.model_copy(update={"address": v or None}),
            applies=lambda d: d.kind == "offline",
            filled=lambda d: d.address is not None,
        ),
        Step("note", lambda d, v: d.model_copy(update={"note": v or None}), optional=True),
    ),
    check=lambda d: None if d.kind != "offline" or d.address else (_ for _ in ()).throw(NeedsAddress()),
)
TEXTS = FormTexts(
    title="Запис на візит",
    prompts={"title": "Назва?", "kind": "Формат?", "address": "Адреса?", "note": "Примітка?"},
    labels={"title": "Назва", "kind": "Формат", "address": "Адреса", "note": "Примітка"},
)


@pytest.fixture
def finished() -> list[Visit]:
    return []


@pytest.fixture
def form_client(dp: Dispatcher, bot: Any, finished: list[Visit]) -> TelegramClient:
    async def finish(draft: Visit, form: FormData, message: Message, data: dict[str, Any]) -> None:
        finished.append(draft)
        await message.answer("Збережено")

    async def after_cancel(message: Message, data: dict[str, Any]) -> None:
        await message.answer(tc.FORM_CANCELLED)

    flow = FormFlow(
        SPEC,
        TEXTS,
        summary=lambda d, f, data: f"Назва: {d.title}\nФормат: {d.kind}\nАдреса: {d.address or '—'}",
        finish=finish,
        after_cancel=after_cancel,
    )
    from aiogram import Router
    from aiogram.filters import Command
    from aiogram.fsm.context import FSMContext

    async def begin(message: Message, state: FSMContext) -> None:
        await flow.start(message, state, Visit())

    router = Router()
    router.message.register(begin, Command("visit"))
    router.include_router(flow.router())
    dp.sub_routers.insert(2, router)  # after the interruptions, before the fallback
    router._parent_router = dp
    return TelegramClient(dp, bot)


@pytest.fixture(autouse=True)
async def person(session_pool: Any) -> None:
    await create_user(session_pool, telegram_id=USER)


async def test_steps_summary_and_confirm(form_client: TelegramClient, finished: list[Visit]) -> None:
    calls = await form_client.send(USER, "/visit")
    assert "Назва?" in calls.text
    assert tc.BTN_BACK not in [b for b, _ in calls.buttons()]  # nothing before the first step
    calls = await form_client.send(USER, "Семінар")
    assert "Формат?" in calls.text
    calls = await form_client.click(USER, calls.button("Наживо"))
    assert "Адреса?" in calls.text  # applies only to offline visits
    calls = await form_client.send(USER, "Київ, Хрещатик 1")
    assert "Примітка?" in calls.text and tc.BTN_SKIP in [b for b, _ in calls.buttons()]
    calls = await form_client.click(USER, calls.button(tc.BTN_SKIP))
    assert "Адреса: Київ" in calls.text
    assert finished == []
    calls = await form_client.click(USER, calls.button(tc.BTN_CONFIRM))
    assert "Збережено" in calls.text
    assert finished and finished[0].address == "Київ, Хрещатик 1" and finished[0].note is None


async def test_back_and_invalid_input_keep_the_draft(form_client: TelegramClient) -> None:
    await form_client.send(USER, "/visit")
    calls = await form_client.send(USER, "ab")
    assert "Назва?" in calls.text  # asked again, with the refusal
    calls = await form_client.send(USER, "Семінар")
    calls = await form_client.click(USER, calls.button(tc.BTN_BACK))
    assert "Назва?" in calls.text
    calls = await form_client.send(USER, "Вебінар")
    assert "Формат?" in calls.text


async def test_change_from_summary_returns_to_summary(form_client: TelegramClient, finished: list[Visit]) -> None:
    await form_client.send(USER, "/visit")
    calls = await form_client.send(USER, "Семінар")
    pick_online = calls.button("Онлайн")
    calls = await form_client.click(USER, pick_online)
    assert "Примітка?" in calls.text  # online: no address step
    again = await form_client.click(USER, pick_online)  # a double tap on a used keyboard
    assert again.alerts == [tc.STALE_BUTTON] and not again.texts[1:]
    calls = await form_client.click(USER, calls.button(tc.BTN_SKIP))
    assert "Формат: online" in calls.text
    calls = await form_client.click(USER, calls.button("Формат"))
    assert "Формат?" in calls.text and tc.BTN_BACK in [b for b, _ in calls.buttons()]
    calls = await form_client.click(USER, calls.button("Наживо"))
    assert "Адреса?" in calls.text  # the change made a new step apply: asked before the summary
    calls = await form_client.send(USER, "Львів, Ринок 1")
    assert "Адреса: Львів, Ринок 1" in calls.text and tc.BTN_CONFIRM in [b for b, _ in calls.buttons()]
    calls = await form_client.click(USER, calls.button(tc.BTN_CONFIRM))
    assert finished == [Visit(title="Семінар", kind="offline", address="Львів, Ринок 1", note=None)]


async def test_cancel_and_stale_press(form_client: TelegramClient, finished: list[Visit]) -> None:
    calls = await form_client.send(USER, "/visit")
    cancel = calls.button(tc.BTN_CANCEL)
    calls = await form_client.click(USER, cancel)
    assert tc.FORM_CANCELLED in calls.text
    again = await form_client.click(USER, cancel)  # a double tap
    assert again.alerts == [tc.STALE_BUTTON]
    assert finished == []


async def test_help_in_the_middle_keeps_the_draft(form_client: TelegramClient) -> None:
    await form_client.send(USER, "/visit")
    await form_client.send(USER, "Семінар")
    calls = await form_client.send(USER, "/help")
    assert "Запис на візит" in calls.text
    calls = await form_client.click(USER, calls.button(tc.BTN_CONTINUE))
    assert "Формат?" in calls.text


# --- a multi-select step ------------------------------------------------------------------


class Order(BaseModel):
    fruits: list[str] = []
    note: str | None = None


class NothingPicked(InvalidInput):
    pass


FRUITS = {"apple": "Яблуко", "pear": "Груша", "plum": "Слива"}


def read_fruits(draft: Order, value: str) -> Order:
    if value == DONE:
        if not draft.fruits:
            raise NothingPicked()
        return draft
    if value == "none":  # idempotent: pressing it when nothing is ticked changes nothing
        return draft.model_copy(update={"fruits": []})
    picked = [f for f in draft.fruits if f != value] if value in draft.fruits else [*draft.fruits, value]
    return draft.model_copy(update={"fruits": picked})


ORDER = FormSpec(
    name="order",
    draft_type=Order,
    steps=(
        Step(
            "fruits",
            read_fruits,
            choices=lambda d: [
                Choice("none", "Нічого", picked=not d.fruits, wide=True),
                *(Choice(code, title, picked=code in d.fruits) for code, title in FRUITS.items()),
                Choice(DONE, "Готово", wide=True),
            ],
            multi=True,
            columns=2,
            filled=lambda d: bool(d.fruits),
        ),
        Step("note", lambda d, v: d.model_copy(update={"note": v or None}), optional=True),
    ),
)


@pytest.fixture
def order_client(dp: Dispatcher, bot: Any, finished: list[Any]) -> TelegramClient:
    async def finish(draft: Order, form: FormData, message: Message, data: dict[str, Any]) -> None:
        finished.append(draft)

    async def after_cancel(message: Message, data: dict[str, Any]) -> None:
        await message.answer(tc.FORM_CANCELLED)

    flow = FormFlow(
        ORDER,
        FormTexts(
            title="Замовлення",
            prompts={"fruits": "Які фрукти?", "note": "Примітка?"},
            labels={"fruits": "Фрукти", "note": "Примітка"},
        ),
        summary=lambda d, f, data: f"Фрукти: {', '.join(d.fruits)}",
        finish=finish,
        after_cancel=after_cancel,
    )
    from aiogram import Router
    from aiogram.filters import Command
    from aiogram.fsm.context import FSMContext

    async def begin(message: Message, state: FSMContext) -> None:
        await flow.start(message, state, Order())

    router = Router()
    router.message.register(begin, Command("order"))
    router.include_router(flow.router())
    dp.sub_routers.insert(2, router)
    router._parent_router = dp
    return TelegramClient(dp, bot)


async def test_multi_select_toggles_in_place_and_done_moves_on(
    order_client: TelegramClient, finished: list[Any]
) -> None:
    calls = await order_client.send(USER, "/order")
    keyboard = calls.of("SendMessage")[0].reply_markup.inline_keyboard  # type: ignore[attr-defined]
    assert [len(row) for row in keyboard] == [1, 2, 1, 1, 1]  # wide rows, two per row, then the navigation
    assert keyboard[0][0].text == tc.FORM_PICKED + "Нічого"
    shown = calls
    calls = await order_client.click(USER, shown.button("Готово"))
    assert calls.alerts == ["Не вдалося прочитати введене. Спробуйте ще раз."]
    assert not calls.of("EditMessageReplyMarkup")  # the keyboard stays
    calls = await order_client.click(USER, shown.button("Груша"))
    edited = calls.of("EditMessageReplyMarkup")[0].reply_markup.inline_keyboard  # type: ignore[attr-defined]
    assert edited[1][1].text == tc.FORM_PICKED + "Груша" and edited[0][0].text == tc.FORM_UNPICKED + "Нічого"
    calls = await order_client.click(USER, order_client_button(edited, "Нічого"))
    assert calls.of("EditMessageReplyMarkup")
    again = await order_client.click(USER, order_client_button(edited, "Нічого"))  # a double tap: ticked already
    assert again.alerts == [tc.FORM_ALREADY_TICKED] and [type(m).__name__ for m in again.items] == [
        "AnswerCallbackQuery"
    ]
    await order_client.click(USER, order_client_button(edited, "Слива"))
    calls = await order_client.click(USER, order_client_button(edited, "Готово"))
    assert "✓ Слива" in calls.text and "Примітка?" in calls.text  # the prompt keeps what was picked
    calls = await order_client.click(USER, calls.button(tc.BTN_SKIP))
    assert "Фрукти: plum" in calls.text
    await order_client.click(USER, calls.button(tc.BTN_CONFIRM))
    assert finished == [Order(fruits=["plum"])]


def order_client_button(keyboard: Any, contains: str) -> str:
    return next(b.callback_data for row in keyboard for b in row if contains in b.text)
