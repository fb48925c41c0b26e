"""Refusals of the newsletters feature: a class and its parameters (texts: `bot/texts/newsletters.py`, ERRORS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.errors import AccessDenied, Conflict, InvalidInput, NotFound
from services.forms import StepRefused


@dataclass(eq=False)
class NotAnAuthor(AccessDenied):
    """Newsletters are written by admins and lawyer-editors."""


@dataclass(eq=False)
class RegistrationRequired(AccessDenied):
    """Subscriptions belong to a profile."""


@dataclass(eq=False)
class NewsletterNotFound(NotFound):
    newsletter_id: int


@dataclass(eq=False)
class TopicNotFound(NotFound):
    topic_code: str


@dataclass(eq=False)
class NotCancellable(Conflict):
    """Finished or cancelled already."""

    newsletter_id: int


@dataclass(eq=False)
class NeedContent(InvalidInput):
    """Neither text, nor a photo, nor a document."""


@dataclass(eq=False)
class TextTooLong(InvalidInput):
    limit: int


@dataclass(eq=False)
class CaptionTooLong(InvalidInput):
    limit: int


@dataclass(eq=False)
class NeedTopic(StepRefused):
    step = "topics"


@dataclass(eq=False)
class BadWhen(InvalidInput):
    example: datetime  # local time: tomorrow 10:00


@dataclass(eq=False)
class WhenInPast(StepRefused):
    step = "when"
