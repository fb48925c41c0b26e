from __future__ import annotations

from collections.abc import Iterable, Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks.newsletters import (
    ComposeRegionCb,
    ComposeTopicCb,
    DraftCb,
    NewsletterCancelCb,
    NewsletterListCb,
    NewsOpenCb,
    SubTopicCb,
    UnsubscribeCb,
)
from bot.texts import newsletters as t
from knowledge import Knowledge
from storage.models import ALL_TOPICS, Newsletter

ON, OFF = "✅ ", "▫️ "


def _mark(on: bool, text: str) -> str:
    return (ON if on else OFF) + text


def offer() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_SUBSCRIBE_ALL, callback_data=SubTopicCb(code="+all"))
    kb.button(text=t.BTN_PICK_TOPICS, callback_data=SubTopicCb(code="pick"))
    kb.button(text=t.BTN_NOT_NOW, callback_data=SubTopicCb(code="later"))
    kb.adjust(2, 1)
    return kb.as_markup()


def subscriptions(knowledge: Knowledge, codes: set[str]) -> InlineKeyboardMarkup:
    everything = ALL_TOPICS in codes
    kb = InlineKeyboardBuilder()
    kb.button(text=_mark(everything, t.BTN_ALL_TOPICS), callback_data=SubTopicCb(code=ALL_TOPICS))
    for topic in knowledge.topics:
        kb.button(text=_mark(everything or topic.code in codes, topic.title), callback_data=SubTopicCb(code=topic.code))
    kb.button(text=t.BTN_UNSUBSCRIBE_ALL, callback_data=SubTopicCb(code="-all"))
    kb.button(text=t.BTN_DONE, callback_data=SubTopicCb(code="done"))
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


def compose_topics(knowledge: Knowledge, selected: Iterable[str]) -> InlineKeyboardMarkup:
    chosen = set(selected)
    kb = InlineKeyboardBuilder()
    kb.button(text=_mark(ALL_TOPICS in chosen, t.BTN_ALL_TOPICS), callback_data=ComposeTopicCb(code=ALL_TOPICS))
    for topic in knowledge.topics:
        kb.button(text=_mark(topic.code in chosen, topic.title), callback_data=ComposeTopicCb(code=topic.code))
    kb.button(text=t.BTN_NEXT, callback_data=ComposeTopicCb(code="next"))
    kb.adjust(1, *([2] * ((len(knowledge.topics) + 1) // 2)), 1)
    return kb.as_markup()


def compose_regions(knowledge: Knowledge, selected: Iterable[str]) -> InlineKeyboardMarkup:
    chosen = set(selected)
    kb = InlineKeyboardBuilder()
    kb.button(text=_mark(not chosen, t.BTN_ALL_REGIONS), callback_data=ComposeRegionCb(code="all"))
    for region in knowledge.regions:
        kb.button(
            text=_mark(region.code in chosen, region.title.replace(" область", " обл.")),
            callback_data=ComposeRegionCb(code=region.code),
        )
    kb.button(text=t.BTN_NEXT, callback_data=ComposeRegionCb(code="next"))
    kb.adjust(1, *([2] * ((len(knowledge.regions) + 1) // 2)), 1)
    return kb.as_markup()


def draft_actions(newsletter_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_SEND_NOW, callback_data=DraftCb(action="now", newsletter_id=newsletter_id))
    kb.button(text=t.BTN_SCHEDULE, callback_data=DraftCb(action="at", newsletter_id=newsletter_id))
    kb.button(text=t.BTN_DISCARD, callback_data=DraftCb(action="drop", newsletter_id=newsletter_id))
    kb.adjust(2, 1)
    return kb.as_markup()


def confirm(newsletter_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_CONFIRM, callback_data=DraftCb(action="ok", newsletter_id=newsletter_id))
    kb.button(text=t.BTN_DISCARD, callback_data=DraftCb(action="drop", newsletter_id=newsletter_id))
    kb.adjust(1)
    return kb.as_markup()


def stop(newsletter_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_STOP, callback_data=NewsletterCancelCb(newsletter_id=newsletter_id))
    return kb.as_markup()


def compose_start() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_LIST, callback_data=NewsletterListCb())
    return kb.as_markup()


def newsletter_list(cancellable: Sequence[Newsletter]) -> InlineKeyboardMarkup | None:
    if not cancellable:
        return None
    kb = InlineKeyboardBuilder()
    for newsletter in cancellable:
        kb.button(
            text=t.BTN_CANCEL_ID.format(id=newsletter.id), callback_data=NewsletterCancelCb(newsletter_id=newsletter.id)
        )
    kb.adjust(2)
    return kb.as_markup()
