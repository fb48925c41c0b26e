"""Keyboards of the base of answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks.answers import (
    AnswerAction,
    AnswerCb,
    AnswerRateCb,
    AnswerTopicCb,
    IntoDraftCb,
    SuggestionAction,
    SuggestionCb,
    TemplateAction,
    TemplateCb,
)
from bot.callbacks.hotline import DraftAction, DraftCb
from bot.texts import answers as t
from bot.texts import common as tc
from knowledge import Knowledge

TEMPLATE_BUTTONS = 90  # Telegram takes up to 100 buttons in a keyboard


def suggestions(answer_ids: Sequence[int]) -> InlineKeyboardMarkup:
    """Under the suggestions shown while asking: open each, or send the question anyway, or cancel."""
    kb = InlineKeyboardBuilder()
    for n, answer_id in enumerate(answer_ids, start=1):
        kb.button(
            text=t.BTN_OPEN_SUGGESTION.format(n=n),
            callback_data=SuggestionCb(action=SuggestionAction.OPEN, id=answer_id),
        )
    kb.adjust(len(answer_ids) or 1)
    kb.row(
        *InlineKeyboardBuilder()
        .button(text=t.BTN_ASK_ANYWAY, callback_data=SuggestionCb(action=SuggestionAction.ANYWAY))
        .buttons
    )
    kb.row(
        *InlineKeyboardBuilder().button(text=tc.BTN_CANCEL, callback_data=DraftCb(action=DraftAction.DISCARD)).buttons
    )
    return kb.as_markup()


def suggestion_opened(answer_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_HELPED, callback_data=SuggestionCb(action=SuggestionAction.HELPED, id=answer_id))
    kb.button(text=t.BTN_ASK_ANYWAY, callback_data=SuggestionCb(action=SuggestionAction.ANYWAY))
    kb.adjust(1)
    return kb.as_markup()


def rating(answer_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for stars in range(1, 6):
        kb.button(text=t.BTN_STARS.format(stars=stars), callback_data=AnswerRateCb(id=answer_id, stars=stars))
    kb.adjust(5)
    return kb.as_markup()


def staff_card(answer_id: int, published: bool) -> InlineKeyboardMarkup | None:
    """A published answer's buttons for lawyers and admins."""
    if not published:
        return None
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_EDIT_ANSWER, callback_data=AnswerCb(action=AnswerAction.EDIT, id=answer_id))
    kb.button(text=t.BTN_RETIRE, callback_data=AnswerCb(action=AnswerAction.RETIRE, id=answer_id))
    kb.adjust(2)
    return kb.as_markup()


def retire_confirm(answer_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_RETIRE_YES, callback_data=AnswerCb(action=AnswerAction.RETIRE_YES, id=answer_id))
    kb.button(text=t.BTN_RETIRE_NO, callback_data=AnswerCb(action=AnswerAction.RETIRE_NO, id=answer_id))
    kb.adjust(2)
    return kb.as_markup()


def topics(knowledge: Knowledge, counts: Mapping[str, int]) -> InlineKeyboardMarkup:
    """The topics that have published answers (a tap on an empty one would only say so)."""
    kb = InlineKeyboardBuilder()
    for topic in knowledge.topics:
        if not counts.get(topic.code):
            continue
        kb.button(
            text=t.TOPIC_ITEM.format(title=topic.title, count=counts.get(topic.code, 0)),
            callback_data=AnswerTopicCb(code=topic.code),
        )
    kb.adjust(1)
    return kb.as_markup()


def results(answer_ids: Sequence[int], *, topic: str = "", page: int = 0, more: bool = False) -> InlineKeyboardMarkup:
    """Numbered buttons opening the answers listed; in a topic, "Next" and back to the topics."""
    kb = InlineKeyboardBuilder()
    for n, answer_id in enumerate(answer_ids, start=1):
        kb.button(
            text=t.BTN_OPEN_SUGGESTION.format(n=n), callback_data=AnswerCb(action=AnswerAction.OPEN, id=answer_id)
        )
    kb.adjust(4)
    nav = InlineKeyboardBuilder()
    if more:
        nav.button(text=t.BTN_MORE, callback_data=AnswerTopicCb(code=topic, page=page + 1))
    nav.button(text=t.BTN_TOPICS, callback_data=AnswerTopicCb())
    kb.row(*nav.buttons)
    return kb.as_markup()


def similar(consultation_id: int, answer_ids: Sequence[int], card_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for answer_id in answer_ids:
        kb.button(
            text=t.BTN_USE.format(number=answer_id),
            callback_data=IntoDraftCb(id=consultation_id, answer=answer_id, card=card_id),
        )
    kb.adjust(1)
    return kb.as_markup()


def templates(consultation_id: int, items: Sequence[tuple[int, str]], card_id: int) -> InlineKeyboardMarkup:
    """A consultation's topic templates, each taken into the draft answer; and the way to manage them."""
    kb = InlineKeyboardBuilder()
    for template_id, title in items:
        kb.button(
            text=t.BTN_USE_TEMPLATE.format(title=title),
            callback_data=IntoDraftCb(id=consultation_id, template=template_id, card=card_id),
        )
    kb.button(text=t.BTN_MANAGE_TEMPLATES, callback_data=TemplateCb(action=TemplateAction.LIST))
    kb.adjust(1)
    return kb.as_markup()


def template_list(items: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    """/templates: a numbered button for each template listed (in the order of the text), and a new one."""
    kb = InlineKeyboardBuilder()
    for n, (template_id, title) in enumerate(items[:TEMPLATE_BUTTONS], start=1):
        kb.button(
            text=t.BTN_TEMPLATE_ITEM.format(n=n, title=title),
            callback_data=TemplateCb(action=TemplateAction.OPEN, id=template_id),
        )
    kb.adjust(1)
    kb.row(
        *InlineKeyboardBuilder()
        .button(text=t.BTN_NEW_TEMPLATE, callback_data=TemplateCb(action=TemplateAction.NEW))
        .buttons
    )
    return kb.as_markup()


def template_card(template_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_TEMPLATE_TEXT, callback_data=TemplateCb(action=TemplateAction.TEXT, id=template_id))
    kb.button(text=t.BTN_TEMPLATE_TITLE, callback_data=TemplateCb(action=TemplateAction.TITLE, id=template_id))
    kb.button(text=t.BTN_TEMPLATE_RETIRE, callback_data=TemplateCb(action=TemplateAction.RETIRE, id=template_id))
    kb.button(text=t.BTN_ALL_TEMPLATES, callback_data=TemplateCb(action=TemplateAction.LIST))
    kb.adjust(2, 1, 1)
    return kb.as_markup()


def template_retire_confirm(template_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.BTN_TEMPLATE_RETIRE_YES, callback_data=TemplateCb(action=TemplateAction.RETIRE_YES, id=template_id)
    )
    kb.button(text=t.BTN_TEMPLATE_RETIRE_NO, callback_data=TemplateCb(action=TemplateAction.RETIRE_NO, id=template_id))
    kb.adjust(2)
    return kb.as_markup()


def all_templates() -> InlineKeyboardMarkup:
    """Under a retired template and under a topic with none: back to (or on to) the list."""
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_MANAGE_TEMPLATES, callback_data=TemplateCb(action=TemplateAction.LIST))
    return kb.as_markup()
