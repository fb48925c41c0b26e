"""Texts about a training: its card and the lines used in notifications."""

from __future__ import annotations

from datetime import datetime, tzinfo

from aiogram.utils.text_decorations import html_decoration as hd

from bot.texts import trainings as t
from knowledge import Knowledge
from storage.models import Training, TrainingFormat


def local(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%d.%m.%Y %H:%M")


def duration_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return t.HOURS_MINUTES.format(h=hours, m=rest)
    return t.HOURS.format(h=hours) if hours else t.MINUTES.format(m=rest)


def place(training: Training, *, show_link: bool) -> str:
    if training.format == TrainingFormat.ONLINE:
        if show_link and training.link:
            return t.PLACE_ONLINE_LINK.format(link=hd.quote(training.link))
        return t.PLACE_ONLINE
    return t.PLACE_OFFLINE.format(address=hd.quote(training.address or ""))


def place_suffix(training: Training) -> str:
    """The link (online) or the address (in person), for messages to registered participants."""
    if training.format == TrainingFormat.ONLINE:
        return t.LINK_LINE.format(link=hd.quote(training.link)) if training.link else ""
    return t.ADDRESS_LINE.format(address=hd.quote(training.address or ""))


def card(
    training: Training,
    *,
    knowledge: Knowledge,
    tz: tzinfo,
    show_link: bool,
    waiting: int | None = None,
) -> str:
    if training.capacity is None:
        seats = t.SEATS_UNLIMITED.format(taken=training.seats_taken)
    else:
        seats = t.SEATS_LIMITED.format(taken=training.seats_taken, capacity=training.capacity)
    if waiting:
        seats += t.SEATS_WAITLIST.format(waiting=waiting)
    council = ""
    if training.council_community:
        council = t.COUNCIL_LINE.format(
            community=hd.quote(training.council_community),
            region=hd.quote(knowledge.region_title(training.council_region_code)),
        )
    deadline = training.registration_deadline or training.starts_at
    return t.CARD.format(
        title=hd.quote(training.title),
        kind=t.KIND_TITLES[training.kind],
        audience=t.AUDIENCE_TITLES[training.audience],
        when=local(training.starts_at, tz),
        duration=duration_text(training.duration_minutes),
        place=place(training, show_link=show_link),
        topic=hd.quote(knowledge.topic_title(training.topic_code)) if training.topic_code else t.NO_TOPIC,
        council=council,
        seats=seats,
        deadline=local(deadline, tz),
    )
