"""Newsletters as people see them: the newsletter itself, subscriptions, /news, the form, progress and the list."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, tzinfo
from html import unescape
from typing import Any

from aiogram.methods import SendDocument, SendMessage, SendPhoto, TelegramMethod

from bot.keyboards import newsletters as kb
from bot.texts import newsletters as t
from knowledge import Knowledge
from services.newsletters.form import WHEN_FORMAT, NewsletterDraft, example_when
from services.newsletters.publishing import Figures
from services.newsletters.stats import remaining
from services.newsletters.subscriptions import Unsubscribed
from services.text import ALERT_LIMIT, tg_len
from storage.models import ALL_TOPICS, ContentKind, DeliveryState, Newsletter

SNIPPET = 40  # characters of a newsletter on its /news button


def local(when: datetime, tz: tzinfo) -> str:
    return when.astimezone(tz).strftime(WHEN_FORMAT)


# --- the newsletter ------------------------------------------------------------------


def newsletter_method(
    kind: ContentKind, html: str, file_id: str | None, chat_id: int, newsletter_id: int | None
) -> TelegramMethod[Any]:
    """One Bot API call, the same for the preview, the delivery and /news (a preview's button finds no newsletter)."""
    markup = kb.unsubscribe(newsletter_id) if newsletter_id is not None else None
    if kind == ContentKind.PHOTO:
        return SendPhoto(chat_id=chat_id, photo=file_id or "", caption=html or None, reply_markup=markup)
    if kind == ContentKind.DOCUMENT:
        return SendDocument(chat_id=chat_id, document=file_id or "", caption=html or None, reply_markup=markup)
    return SendMessage(chat_id=chat_id, text=html, reply_markup=markup)


def delivery(newsletter: Newsletter, chat_id: int) -> TelegramMethod[Any]:
    return newsletter_method(newsletter.kind, newsletter.html, newsletter.file_id, chat_id, newsletter.id)


def preview(draft: NewsletterDraft, chat_id: int) -> TelegramMethod[Any] | None:
    content = draft.content
    if content is None:
        return None
    return newsletter_method(content.kind, content.html, content.file_id, chat_id, newsletter_id=0)


def topics_title(topics: Sequence[str], knowledge: Knowledge) -> str:
    if ALL_TOPICS in topics:
        return t.ALL_TOPICS_TITLE
    return ", ".join(knowledge.topic_title(code) for code in topics)


def regions_title(regions: Sequence[str], knowledge: Knowledge) -> str:
    if not regions:
        return t.ALL_REGIONS_TITLE
    return ", ".join(knowledge.region_title(code) for code in regions)


# --- subscriptions -------------------------------------------------------------------


def subscriptions_summary(codes: set[str], knowledge: Knowledge) -> str:
    if ALL_TOPICS in codes:
        return t.SUMMARY_ALL
    if not codes:
        return t.SUMMARY_NONE
    return ", ".join(knowledge.topic_title(c) for c in sorted(codes)) + "."


def subscriptions_text(codes: set[str], knowledge: Knowledge) -> str:
    return t.SUBSCRIPTIONS.format(summary=subscriptions_summary(codes, knowledge))


def saved_text(codes: set[str], knowledge: Knowledge) -> str:
    return t.SAVED.format(summary=subscriptions_summary(codes, knowledge))


def unsubscribed_alert(result: Unsubscribed, knowledge: Knowledge) -> str:
    """Within an alert's 200 UTF-16 units: the topics by name when they fit, else how many."""
    if not result.topics:
        return t.ALREADY_UNSUBSCRIBED
    if result.everything and len(result.topics) == len(knowledge.topic_codes):
        return t.UNSUBSCRIBED_EVERYTHING
    named = t.UNSUBSCRIBED_FROM.format(topics=", ".join(knowledge.topic_title(c) for c in result.topics))
    if tg_len(named) <= ALERT_LIMIT:
        return named
    return t.UNSUBSCRIBED_MANY.format(count=len(result.topics))


# --- /news ---------------------------------------------------------------------------


def _plain(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def news_labels(items: Sequence[Newsletter], tz: tzinfo) -> list[tuple[int, str]]:
    """Button labels are plain text: no markup."""
    labels = []
    for newsletter in items:
        when = (newsletter.started_at or newsletter.created_at).astimezone(tz).strftime("%d.%m")
        snippet = " ".join(_plain(newsletter.html).split())[:SNIPPET] or "📎"
        labels.append((newsletter.id, f"{when} · {snippet}"))
    return labels


# --- the form ------------------------------------------------------------------------


def choice_label(knowledge: Knowledge) -> Callable[[str, str], str]:
    def label(step: str, value: str) -> str:
        fixed = t.CHOICES.get((step, value))
        if fixed is not None:
            return fixed
        if step == "regions":
            return knowledge.region_title(value).replace(" область", " обл.")
        return knowledge.topic_title(value)

    return label


def form_prompts(now: datetime, tz: tzinfo) -> dict[str, str]:
    example = example_when(now, tz).strftime(WHEN_FORMAT)
    return {step: text.format(example=example) if step == "when" else text for step, text in t.PROMPTS.items()}


def form_summary(draft: NewsletterDraft, *, recipients: int, knowledge: Knowledge, tz: tzinfo) -> str:
    when = local(draft.send_at, tz) if draft.send_at is not None else t.WHEN_NOW
    return t.SUMMARY.format(
        topics=topics_title(draft.topics, knowledge),
        regions=regions_title(draft.regions, knowledge),
        when=when,
        recipients=recipients,
    )


def submitted_text(newsletter: Newsletter, tz: tzinfo, *, at_once: bool) -> str:
    if at_once or newsletter.scheduled_at is None:
        return t.QUEUED.format(id=newsletter.id)
    return t.SCHEDULED.format(id=newsletter.id, when=local(newsletter.scheduled_at, tz))


# --- progress, reports and the list ----------------------------------------------------


def progress_text(
    newsletter: Newsletter, counts: dict[DeliveryState, int], *, rate: float, now: datetime, tz: tzinfo
) -> str:
    left = remaining(newsletter, counts)
    if left is None:  # nothing is known before the first recipients are in: no "0 left"
        tail = t.PROGRESS_STARTING
    else:
        eta = (now + timedelta(seconds=left / rate)).astimezone(tz).strftime("%H:%M:%S")
        tail = t.PROGRESS_REMAINING.format(remaining=left, eta=eta)
    return t.PROGRESS.format(
        id=newsletter.id,
        sent=counts[DeliveryState.SENT],
        failed=counts[DeliveryState.FAILED],
        blocked=counts[DeliveryState.BLOCKED],
        remaining=tail,
    )


def final_text(newsletter: Newsletter, counts: dict[DeliveryState, int]) -> str:
    return t.FINISHED.format(
        id=newsletter.id,
        sent=counts[DeliveryState.SENT],
        failed=counts[DeliveryState.FAILED],
        blocked=counts[DeliveryState.BLOCKED],
        total=sum(counts.values()),
    )


def cancelled_text(figures: Figures) -> str:
    counts = figures.counts
    return t.CANCELLED_REPORT.format(
        id=figures.newsletter.id,
        sent=counts[DeliveryState.SENT],
        failed=counts[DeliveryState.FAILED],
        blocked=counts[DeliveryState.BLOCKED],
        cancelled=counts[DeliveryState.CANCELLED] + counts[DeliveryState.PENDING],
    )


def list_row(figures: Figures, knowledge: Knowledge, tz: tzinfo) -> str:
    newsletter, counts = figures.newsletter, figures.counts
    when = newsletter.started_at or newsletter.scheduled_at or newsletter.created_at
    return t.LIST_ROW.format(
        id=newsletter.id,
        status=t.STATUS_TITLES[newsletter.status.value],
        when=local(when, tz),
        topics=topics_title(newsletter.topics, knowledge),
        sent=counts[DeliveryState.SENT],
        failed=counts[DeliveryState.FAILED],
        blocked=counts[DeliveryState.BLOCKED],
        pending=counts[DeliveryState.PENDING],
        total=sum(counts.values()),
    )


def list_text(items: Sequence[Figures], knowledge: Knowledge, tz: tzinfo) -> str:
    if not items:
        return t.LIST_EMPTY
    return "\n\n".join([t.LIST_HEADER, *(list_row(figures, knowledge, tz) for figures in items)])
