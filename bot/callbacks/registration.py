from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class ConsentCb(CallbackData, prefix="rc"):
    agree: bool


class RegistrationAct(StrEnum):
    PICK = "p"  # a region
    BACK = "b"
    CANCEL = "x"
    CHANGE = "c"  # from the summary: `value` is the step to change
    CONFIRM = "ok"
    CONTINUE = "go"  # after an interruption


class RegistrationCb(CallbackData, prefix="rg"):
    """A press in the registration dialog; `step` is the screen it was shown on (a press from an older one is stale)."""

    action: RegistrationAct
    step: str
    value: str = ""
