from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class SubTopicCb(CallbackData, prefix="ns"):
    """Toggle a subscription topic; code "all", or an action: "+all", "-all", "pick", "done", "later"."""

    code: str


class UnsubscribeCb(CallbackData, prefix="nu"):
    newsletter_id: int


class NewsOpenCb(CallbackData, prefix="nv"):
    newsletter_id: int


class ComposeTopicCb(CallbackData, prefix="nt"):
    code: str  # a topic, "all", or "next"


class ComposeRegionCb(CallbackData, prefix="nr"):
    code: str  # a region, "all", or "next"


class DraftCb(CallbackData, prefix="nd"):
    action: str  # now, at, ok, drop
    newsletter_id: int


class NewsletterCancelCb(CallbackData, prefix="nx"):
    newsletter_id: int


class NewsletterListCb(CallbackData, prefix="nl"):
    page: int = 0
