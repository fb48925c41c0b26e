from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class StaffCb(CallbackData, prefix="sf"):
    # list, show, rm (ask), rmok (confirmed), add (start the dialog), ed (make editor)
    action: str
    tg: int = 0


class StaffTopicsCb(CallbackData, prefix="stp"):
    """The topic picker keeps its selection in the button data: bit i is knowledge.topics[i]."""

    mode: str  # "a": adding a lawyer, "e": editing a lawyer's topics
    tg: int
    mask: int
    flip: int = -1  # the topic to toggle; -1 with save=True saves
    save: bool = False
