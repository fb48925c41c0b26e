"""Buttons that do their work once per message: a repeated press (a double tap, or the same
button again later) gets a short alert and does nothing again.

For buttons whose work leaves no row to check (a file sent, a screen sent as a new message):
the presses are remembered as FSM data under a destiny of their own, so a form in progress is
not touched; only the latest few are kept. A press is remembered once its work is sent, so a
failed attempt may be pressed again.
"""

from __future__ import annotations

import dataclasses

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from pydantic import BaseModel, Field

from services.text import ALERT_LIMIT, shorten

PRESSED = "pressed"
PRESSED_KEEP = 30


class Pressed(BaseModel):
    """Buttons pressed lately, as "<message id>:<callback data>"."""

    keys: list[str] = Field(default_factory=list)


def _store(state: FSMContext) -> FSMContext:
    return FSMContext(storage=state.storage, key=dataclasses.replace(state.key, destiny=PRESSED))


def _key(query: CallbackQuery) -> str:
    return f"{query.message.message_id if query.message else 0}:{query.data}"


async def pressed_before(query: CallbackQuery, state: FSMContext, alert: str) -> bool:
    """True (and the alert shown) when this button of this message did its work already."""
    seen = Pressed.model_validate(await _store(state).get_data())
    if _key(query) in seen.keys:
        await query.answer(shorten(alert, ALERT_LIMIT), show_alert=True)
        return True
    return False


async def remember(query: CallbackQuery, state: FSMContext) -> None:
    """Called once the work is sent, so that a failed attempt may be pressed again."""
    store = _store(state)
    seen = Pressed.model_validate(await store.get_data())
    await store.set_data(Pressed(keys=[*seen.keys, _key(query)][-PRESSED_KEEP:]).model_dump())
