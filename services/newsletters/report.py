"""Texts of the author's progress message, final report and the admin list."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.texts import newsletters as t
from knowledge import Knowledge
from storage.models import ALL_TOPICS, DeliveryState, Newsletter


def topics_title(newsletter: Newsletter, knowledge: Knowledge) -> str:
    if ALL_TOPICS in newsletter.topics:
        return t.ALL_TOPICS_TITLE
    return ", ".join(knowledge.topic_title(code) for code in newsletter.topics)


def regions_title(newsletter: Newsletter, knowledge: Knowledge) -> str:
    if not newsletter.regions:
        return t.ALL_REGIONS_TITLE
    return ", ".join(knowledge.region_title(code) for code in newsletter.regions)


def progress_text(
    newsletter: Newsletter, counts: dict[DeliveryState, int], *, rate: float, now: datetime, tz: ZoneInfo
) -> str:
    pending = counts[DeliveryState.PENDING]
    # Recipients not added yet are still to go too.
    remaining = (
        pending
        if newsletter.materialized_at
        else max(
            pending,
            newsletter.recipients_total
            - sum(counts[s] for s in (DeliveryState.SENT, DeliveryState.FAILED, DeliveryState.BLOCKED)),
        )
    )
    eta = (now + timedelta(seconds=remaining / rate)).astimezone(tz).strftime("%H:%M:%S")
    return t.PROGRESS.format(
        id=newsletter.id,
        sent=counts[DeliveryState.SENT],
        failed=counts[DeliveryState.FAILED],
        blocked=counts[DeliveryState.BLOCKED],
        remaining=remaining,
        eta=eta,
    )


def final_text(newsletter: Newsletter, counts: dict[DeliveryState, int]) -> str:
    return t.FINISHED.format(
        id=newsletter.id,
        sent=counts[DeliveryState.SENT],
        failed=counts[DeliveryState.FAILED],
        blocked=counts[DeliveryState.BLOCKED],
        total=sum(counts.values()),
    )


def cancelled_text(newsletter: Newsletter, counts: dict[DeliveryState, int]) -> str:
    return t.CANCELLED_REPORT.format(
        id=newsletter.id,
        sent=counts[DeliveryState.SENT],
        failed=counts[DeliveryState.FAILED],
        blocked=counts[DeliveryState.BLOCKED],
        cancelled=counts[DeliveryState.CANCELLED] + counts[DeliveryState.PENDING],
    )


def list_row(newsletter: Newsletter, counts: dict[DeliveryState, int], knowledge: Knowledge, tz: ZoneInfo) -> str:
    when = newsletter.started_at or newsletter.scheduled_at or newsletter.created_at
    return t.LIST_ROW.format(
        id=newsletter.id,
        status=t.STATUS_TITLES[newsletter.status.value],
        when=when.astimezone(tz).strftime("%d.%m.%Y %H:%M"),
        topics=topics_title(newsletter, knowledge),
        sent=counts[DeliveryState.SENT],
        failed=counts[DeliveryState.FAILED],
        blocked=counts[DeliveryState.BLOCKED],
        pending=counts[DeliveryState.PENDING],
        total=sum(counts.values()),
    )
