"""The newsletter form: what to send, to which topics and regions, and when; without Telegram.

Steps: the content (text with formatting, or a photo or a document with a
caption), the topics and the regions (multi-selects: tick, then "Готово"),
the time (now, or a date typed in the bot's time zone). The summary shows a
preview; `services.newsletters.publishing.submit` checks it all again.

The steps that need the time or the reference data get them from `env()`,
called when they run (the bot passes the dispatcher's clock). Button labels
are the bot's words: `label(step, value)` turns a value into one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta, tzinfo

from pydantic import BaseModel

from knowledge import Knowledge
from services.forms import DONE, Choice, Env, FormSpec, Step
from services.newsletters.errors import BadWhen, CaptionTooLong, NeedContent, NeedTopic, TextTooLong, WhenInPast
from storage.models import ALL_TOPICS, ContentKind

FORM_NAME = "nl"  # travels in callback data
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
WHEN_FORMAT = "%d.%m.%Y %H:%M"
ALL_REGIONS = "all"  # the regions button: every region (no region ticked)
NOW = "now"  # the time button: right after the confirmation
EXAMPLE_HOUR = time(10, 0)


class Content(BaseModel):
    """What subscribers get: Telegram-HTML text, or a file with an HTML caption."""

    kind: ContentKind
    html: str
    file_id: str | None = None
    plain_length: int = 0  # what Telegram counts against its limits

    def check(self) -> Content:
        if self.kind == ContentKind.TEXT:
            if not self.html.strip():
                raise NeedContent()
            if self.plain_length > TEXT_LIMIT:
                raise TextTooLong(limit=TEXT_LIMIT)
        elif self.plain_length > CAPTION_LIMIT:
            raise CaptionTooLong(limit=CAPTION_LIMIT)
        return self


class NewsletterDraft(BaseModel):
    content: Content | None = None
    topics: list[str] = []  # topic codes, or [ALL_TOPICS]
    regions: list[str] = []  # region codes; empty: every region
    send_now: bool = False
    send_at: datetime | None = None  # aware UTC


Label = Callable[[str, str], str]  # (step, value) -> button text


def example_when(now: datetime, tz: tzinfo) -> datetime:
    """Tomorrow 10:00 local time: an example that is never in the past."""
    tomorrow = now.astimezone(tz).date() + timedelta(days=1)
    return datetime.combine(tomorrow, EXAMPLE_HOUR, tzinfo=tz)


def parse_when(text: str, *, now: datetime, tz: tzinfo) -> datetime:
    """ "25.12.2026 10:00" in the bot's time zone -> aware; must be in the future."""
    try:
        local = datetime.strptime(" ".join(text.split()), WHEN_FORMAT)
    except ValueError as exc:
        raise BadWhen(example=example_when(now, tz)) from exc
    when = local.replace(tzinfo=tz)
    if when <= now:
        raise WhenInPast()
    return when


def toggled_topics(topics: Sequence[str], code: str, knowledge: Knowledge) -> list[str]:
    if code == ALL_TOPICS:
        return [] if ALL_TOPICS in topics else [ALL_TOPICS]
    if knowledge.topic(code) is None:
        return list(topics)  # a stale button: nothing to toggle
    chosen = [c for c in topics if c != ALL_TOPICS]
    return [c for c in chosen if c != code] if code in chosen else [*chosen, code]


def toggled_regions(regions: Sequence[str], code: str, knowledge: Knowledge) -> list[str]:
    if code == ALL_REGIONS:
        return []  # pressed when ticked already: the same draft, nothing to show
    if knowledge.region(code) is None:
        return list(regions)
    return [c for c in regions if c != code] if code in regions else [*regions, code]


def newsletter_form(env: Env, label: Label) -> FormSpec[NewsletterDraft]:
    def read_content(draft: NewsletterDraft, value: str) -> NewsletterDraft:
        if not value.startswith("{"):  # plain text (the engine's default for text)
            raise NeedContent()
        content = Content.model_validate_json(value).check()
        return draft.model_copy(update={"content": content})

    def read_topics(draft: NewsletterDraft, value: str) -> NewsletterDraft:
        if value == DONE:
            if not draft.topics:
                raise NeedTopic()
            return draft
        return draft.model_copy(update={"topics": toggled_topics(draft.topics, value, env().knowledge)})

    def topic_choices(draft: NewsletterDraft) -> list[Choice]:
        knowledge = env().knowledge
        everything = ALL_TOPICS in draft.topics
        return [
            Choice(ALL_TOPICS, label("topics", ALL_TOPICS), picked=everything, wide=True),
            *(Choice(t.code, t.title, picked=t.code in draft.topics) for t in knowledge.topics),
            Choice(DONE, label("topics", DONE), wide=True),
        ]

    def read_regions(draft: NewsletterDraft, value: str) -> NewsletterDraft:
        if value == DONE:
            return draft
        return draft.model_copy(update={"regions": toggled_regions(draft.regions, value, env().knowledge)})

    def region_choices(draft: NewsletterDraft) -> list[Choice]:
        knowledge = env().knowledge
        return [
            Choice(ALL_REGIONS, label("regions", ALL_REGIONS), picked=not draft.regions, wide=True),
            *(Choice(r.code, label("regions", r.code), picked=r.code in draft.regions) for r in knowledge.regions),
            Choice(DONE, label("regions", DONE), wide=True),
        ]

    def read_when(draft: NewsletterDraft, value: str) -> NewsletterDraft:
        if value == NOW:
            return draft.model_copy(update={"send_now": True, "send_at": None})
        current = env()
        when = parse_when(value, now=current.now, tz=current.tz)
        return draft.model_copy(update={"send_now": False, "send_at": when})

    def check(draft: NewsletterDraft) -> None:
        if not draft.topics:
            raise NeedTopic()
        if draft.send_at is not None and draft.send_at <= env().now:
            raise WhenInPast()

    return FormSpec(
        name=FORM_NAME,
        draft_type=NewsletterDraft,
        steps=(
            Step("content", read_content, filled=lambda d: d.content is not None),
            Step("topics", read_topics, choices=topic_choices, multi=True, columns=2, filled=lambda d: bool(d.topics)),
            Step("regions", read_regions, choices=region_choices, multi=True, columns=2),
            Step(
                "when",
                read_when,
                choices=lambda d: [Choice(NOW, label("when", NOW))],
                filled=lambda d: d.send_now or d.send_at is not None,
            ),
        ),
        check=check,
    )
