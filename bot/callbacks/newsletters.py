from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class SubscriptionAction(StrEnum):
    ALL = "a"  # subscribe to every topic (one tap, from the offer)
    NONE = "n"  # unsubscribe from everything
    TOGGLE = "t"  # a topic (or every topic) on or off, as `on` says
    PICK = "p"  # the offer's "pick topics": the subscriptions screen
    DONE = "d"
    LATER = "l"  # the offer's "not now"


class SubscriptionCb(CallbackData, prefix="ns"):
    action: SubscriptionAction
    code: str = ""  # TOGGLE: a topic code or "all"
    on: bool = False  # TOGGLE: ticked after the press (so that a double tap does not untick it again)


class UnsubscribeCb(CallbackData, prefix="nu"):
    """The button under a delivered newsletter."""

    newsletter_id: int


class NewsOpenCb(CallbackData, prefix="nv"):
    newsletter_id: int


class NewsletterCancelCb(CallbackData, prefix="nx"):
    newsletter_id: int


class NewsletterListCb(CallbackData, prefix="nl"):
    page: int = 0
