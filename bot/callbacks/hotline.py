"""Callback data of the hot line's buttons (ids and codes only; the prefixes are what old buttons carry)."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class TopicCb(CallbackData, prefix="ct"):
    code: str


class DraftAction(StrEnum):
    """Buttons of the composer's screens; only those of the screen shown last are live."""

    SEND = "s"
    EDIT = "e"  # back to adding text and files ("✏️ Доповнити")
    DISCARD = "d"  # "✖️ Скасувати" on any step, "🗑 Скасувати чернетку" when interrupted
    DONE = "k"
    BACK = "b"
    TOPIC = "t"  # change the topic from the preview
    RESUME = "r"  # continue after an interruption


class DraftCb(CallbackData, prefix="cd"):
    action: DraftAction


class ConsultationAction(StrEnum):
    TAKE = "tk"
    OPEN = "op"
    ANSWER = "an"
    CLARIFY = "cl"
    HANDOVER = "ho"
    BUTTONS = "bt"  # back from the hand-over choice to the card's buttons
    RELEASE = "rl"
    CLOSE = "cx"
    HISTORY = "hi"
    REPLY = "rp"  # the official replies to a clarification request
    RESOLVED = "ok"
    FOLLOW_UP = "fu"


class ConsultationCb(CallbackData, prefix="cs"):
    action: ConsultationAction
    id: int


class RatingCb(CallbackData, prefix="cr"):
    id: int
    stars: int


class HandoverCb(CallbackData, prefix="ch"):
    id: int
    lawyer: int = 0  # users.id of the lawyer, or 0: to `topic`
    topic: str = ""
