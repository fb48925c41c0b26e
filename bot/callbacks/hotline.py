"""Callback data of the hot line's buttons (ids and codes only; the prefixes are what old buttons carry)."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class TopicCb(CallbackData, prefix="ct"):
    code: str


class DraftAction(StrEnum):
    SEND = "s"
    EDIT = "e"
    DISCARD = "d"


class DraftCb(CallbackData, prefix="cd"):
    action: DraftAction


class ConsultationAction(StrEnum):
    TAKE = "tk"
    OPEN = "op"
    ANSWER = "an"
    CLARIFY = "cl"
    HANDOVER = "ho"
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
