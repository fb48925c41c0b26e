"""Callback data of the base of answers (ids and codes only)."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class AnswerAction(StrEnum):
    OPEN = "op"  # a published answer in full (id: the answer)
    EDIT = "ed"  # lawyers: the form at its summary
    RETIRE = "rt"  # lawyers: asks to confirm
    RETIRE_YES = "ry"
    RETIRE_NO = "rn"
    PUBLISH = "pb"  # lawyers: id is the consultation
    SIMILAR = "sm"  # lawyers: similar answers for the consultation (id)
    TEMPLATES = "tp"  # lawyers: the topic's templates for the consultation (id)


class AnswerCb(CallbackData, prefix="kb"):
    action: AnswerAction
    id: int


class SuggestionAction(StrEnum):
    """Buttons of the suggestions shown while asking (only while that question is being asked)."""

    OPEN = "o"
    HELPED = "h"
    ANYWAY = "a"


class SuggestionCb(CallbackData, prefix="ks"):
    action: SuggestionAction
    id: int = 0  # the answer


class AnswerRateCb(CallbackData, prefix="kr"):
    id: int
    stars: int


class AnswerTopicCb(CallbackData, prefix="kt"):
    code: str = ""  # empty: the list of topics
    page: int = 0


class IntoDraftCb(CallbackData, prefix="ku"):
    """A lawyer takes a published answer (`answer`) or a template (`template`) as the start of the answer to `id`."""

    id: int
    answer: int = 0
    template: int = 0
    card: int = 0  # the message of the consultation's card the list was asked from: its buttons change once sent


class TemplateAction(StrEnum):
    """Lawyers' templates (/templates); id: the template."""

    LIST = "ls"  # all templates in use, by topic (shows only)
    OPEN = "op"  # one template with its buttons (shows only)
    TEXT = "tx"  # the form at the text
    TITLE = "ti"  # the form at the title
    RETIRE = "rt"  # asks to confirm (shows only)
    RETIRE_YES = "ry"
    RETIRE_NO = "rn"  # back to the template (shows only)
    NEW = "nw"  # the form from its first step (topic)


class TemplateCb(CallbackData, prefix="kp"):
    action: TemplateAction
    id: int = 0
