from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class FormAct(StrEnum):
    PICK = "p"
    # A choice of a multi-select step, ticked or unticked by the press: the button says which (not
    # "the other way round"), so a double tap finds it done instead of undoing the first tap.
    TICK = "t"
    UNTICK = "u"
    BACK = "b"
    SKIP = "s"
    CANCEL = "x"
    CHANGE = "c"
    CONFIRM = "ok"
    CONTINUE = "go"


class FormCb(CallbackData, prefix="fm"):
    """A press inside a multi-step form; `step` is the step the button was shown for (stale presses are refused)."""

    form: str
    action: FormAct
    step: str = ""
    value: str = ""
