from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks.newsletters import (
    NewsletterCancelCb,
    NewsletterListCb,
    NewsOpenCb,
    SubscriptionAction,
    SubscriptionCb,
    UnsubscribeCb,
)
from bot.texts import common as tc
from bot.texts import newsletters as t
from knowledge import Knowledge
from storage.models import ALL_TOPICS


def _mark(on: bool, text: str) -> str:
    return (tc.FORM_PICKED if on else tc.FORM_UNPICKED) + text


def offer() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_SUBSCRIBE_ALL, callback_data=SubscriptionCb(action=SubscriptionAction.ALL))
    kb.button(text=t.BTN_PICK_TOPICS, callback_data=SubscriptionCb(action=SubscriptionAction.PICK))
    kb.button(text=t.BTN_NOT_NOW, callback_data=SubscriptionCb(action=SubscriptionAction.LATER))
    kb.adjust(2, 1)
    return kb.as_markup()


def subscriptions(knowledge: Knowledge, codes: set[str]) -> InlineKeyboardMarkup:
    everything = ALL_TOPICS in codes
    kb = InlineKeyboardBuilder()
    toggle = SubscriptionAction.TOGGLE
    kb.button(
        text=_mark(everything, t.BTN_ALL_TOPICS),
        callback_data=SubscriptionCb(action=toggle, code=ALL_TOPICS, on=not everything),
    )
    for topic in knowledge.topics:
        ticked = everything or topic.code in codes
        kb.button(
            text=_mark(ticked, topic.title), callback_data=SubscriptionCb(action=toggle, code=topic.code, on=not ticked)
        )
    kb.button(text=t.BTN_UNSUBSCRIBE_ALL, callback_data=SubscriptionCb(action=SubscriptionAction.NONE))
    kb.button(text=t.BTN_DONE, callback_data=SubscriptionCb(action=SubscriptionAction.DONE))
    kb.adjust(1, *([2] * ((len(knowledge.topics) + 1) // 2)), 1, 1)
    return kb.as_markup()


def unsubscribe(newsletter_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.UNSUBSCRIBE_BUTTON, callback_data=UnsubscribeCb(newsletter_id=newsletter_id))
    return kb.as_markup()


def news_list(items: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for newsletter_id, label in items:
        kb.button(text=label, callback_data=NewsOpenCb(newsletter_id=newsletter_id))
    kb.adjust(1)
    return kb.as_markup()


def stop(newsletter_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_STOP, callback_data=NewsletterCancelCb(newsletter_id=newsletter_id))
    return kb.as_markup()


def compose_intro() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_LIST, callback_data=NewsletterListCb())
    return kb.as_markup()


def newsletter_list(cancellable_ids: Sequence[int]) -> InlineKeyboardMarkup | None:
    if not cancellable_ids:
        return None
    kb = InlineKeyboardBuilder()
    for newsletter_id in cancellable_ids:
        kb.button(
            text=t.BTN_CANCEL_ID.format(id=newsletter_id), callback_data=NewsletterCancelCb(newsletter_id=newsletter_id)
        )
    kb.adjust(2)
    return kb.as_markup()
