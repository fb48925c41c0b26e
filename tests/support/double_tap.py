"""Pressing the same button twice: the second press must change and send nothing, and never fail.

`double_tap` checks one button; `builder_kinds` enumerates the kinds of buttons a keyboards
module's builders make (with sample values per parameter name), so that a test fails when a
new kind of button has no double-tap scenario.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from itertools import product
from types import ModuleType
from typing import Any, TypeVar

from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import TelegramMethod
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.texts import common as tc
from services.text import ALERT_LIMIT, tg_len
from tests.support.client import Calls, TelegramClient

# What a second press must not do again.
SENDS = ("SendMessage", "SendDocument", "SendPhoto", "CopyMessage", "SendMediaGroup")
EDITS = ("EditMessageText", "EditMessageReplyMarkup", "EditMessageCaption")


async def tap_twice(
    client: TelegramClient, user_id: int, data: str, snapshot: Callable[[], Awaitable[Any]]
) -> tuple[Calls, Calls]:
    """Both presses' calls; `snapshot` (what a press could change) is the same before and after the second."""
    first = await client.click(user_id, data)
    assert tc.INTERNAL_ERROR not in first.text + "".join(first.alerts)
    before = await snapshot()
    second = await client.click(user_id, data)
    assert await snapshot() == before
    assert second.of("SendMessage") == [] and tc.INTERNAL_ERROR not in second.alerts
    return first, second


def _same_edit(edit: TelegramMethod[Any]) -> Callable[[TelegramMethod[Any]], bool]:
    def matches(method: TelegramMethod[Any]) -> bool:
        return type(method) is type(edit) and method.model_dump() == edit.model_dump()

    return matches


async def double_tap(
    client: TelegramClient,
    user_id: int,
    data: str,
    snapshot: Callable[[], Awaitable[Any]],
    *,
    shows_only: bool = False,
    message_id: int | None = None,
    between: Callable[[], Any] | None = None,
) -> tuple[Calls, Calls]:
    """Presses `data` twice on the same message, as a double tap does.

    The second press changes nothing `snapshot` sees and sends nothing; a one-shot button gets one
    short friendly alert, a button that only shows something may show the same screen again
    (Telegram answers "message is not modified" to an edit that changes nothing: never an error).
    `between` runs between the presses (e.g. the clock moves on, so that a row written again differs).
    """
    if message_id is None:
        message_id = client.shown.get(data, (None, ""))[0]
    first = await client.click(user_id, data, message_id=message_id)
    assert first.items, "the first press did something"
    assert tc.INTERNAL_ERROR not in first.text + "".join(first.alerts)
    before = await snapshot()
    if between is not None:
        between()
    session = client.bot.session
    unmodified = [
        (_same_edit(edit), TelegramBadRequest(method=edit, message="Bad Request: message is not modified"))
        for edit in first.items
        if type(edit).__name__ in EDITS
    ]
    session.faults.extend(unmodified)
    try:
        second = await client.click(user_id, data, message_id=message_id)
    finally:
        session.faults[:] = [fault for fault in session.faults if fault not in unmodified]
    assert await snapshot() == before, "the second press changed nothing"
    assert tc.INTERNAL_ERROR not in second.text + "".join(second.alerts)
    assert not [m for m in second.items if type(m).__name__ in SENDS], "nothing is sent again"
    for alert in second.alerts:
        assert tg_len(alert) <= ALERT_LIMIT, alert
        assert not any(word in alert for word in ("Error", "error", "Exception", "None")), alert
    if not shows_only:
        assert len(second.alerts) == 1, f"a one-shot button's second press gets one alert: {second.items}"
    return first, second


Scenario = TypeVar("Scenario", bound=Callable[..., Any])


class Scenarios(dict[str, Scenario]):
    """How each kind of button comes to be shown, by kind: `@SCENARIOS.of("kind")` on a function."""

    def of(self, kind: str) -> Callable[[Scenario], Scenario]:
        def register(function: Scenario) -> Scenario:
            self[kind] = function
            return function

        return register


# --- the buttons a keyboards module makes -----------------------------------------------------


def builders(module: ModuleType, skip: Iterable[str] = ()) -> list[Callable[..., Any]]:
    """The public functions defined in `module` (the keyboard builders)."""
    return [
        f
        for name, f in inspect.getmembers(module, inspect.isfunction)
        if f.__module__ == module.__name__ and not name.startswith("_") and name not in set(skip)
    ]


def _buttons(made: Any) -> Iterator[InlineKeyboardButton]:
    if isinstance(made, InlineKeyboardMarkup):
        for row in made.inline_keyboard:
            yield from row
    elif isinstance(made, InlineKeyboardButton):
        yield made
    elif isinstance(made, (list, tuple)):
        for item in made:
            yield from _buttons(item)
    elif made is not None and hasattr(made, "markup"):  # a view's screen
        yield from _buttons(made.markup)


def made_by(function: Callable[..., Any], samples: Mapping[str, Sequence[Any]]) -> Iterator[InlineKeyboardButton]:
    """Every button `function` makes, called with every combination of the sample values.

    `samples` maps a parameter name (or "<function>.<parameter>", first) to the values to try.
    """
    names = list(inspect.signature(function).parameters)
    keys = [f"{function.__name__}.{name}" if f"{function.__name__}.{name}" in samples else name for name in names]
    missing = [key for key in keys if key not in samples]
    assert not missing, f"add sample values for {function.__name__}({', '.join(missing)})"
    for values in product(*(samples[key] for key in keys)):
        yield from _buttons(function(**dict(zip(names, values, strict=True))))


def builder_kinds(
    functions: Iterable[Callable[..., Any]], samples: Mapping[str, Sequence[Any]], kind_of: Callable[[str], str]
) -> set[str]:
    return {
        kind_of(button.callback_data)
        for function in functions
        for button in made_by(function, samples)
        if button.callback_data
    }
