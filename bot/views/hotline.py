"""Rendering consultations for people (HTML, escaped, within Telegram's limits)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.texts import hotline as t
from core.settings import Settings
from knowledge import Knowledge
from services.hotline.notices import local_time, person
from services.text import quote
from storage.models import Consultation, ConsultationEvent, ConsultationStatus, EventKind

FILE_EVENTS = (EventKind.CREATED, EventKind.CLARIFICATION_PROVIDED, EventKind.FOLLOW_UP)


def card(
    consultation: Consultation, settings: Settings, knowledge: Knowledge, now: datetime, *, with_phone: bool = True
) -> str:
    official = consultation.official
    overdue = (
        t.OVERDUE_MARK
        if consultation.status
        in (ConsultationStatus.OPEN, ConsultationStatus.ASSIGNED, ConsultationStatus.CLARIFICATION)
        and consultation.due_at < now
        else ""
    )
    text = t.CARD.format(
        number=consultation.id,
        status=t.STATUS[consultation.status],
        topic=quote(knowledge.topic_title(consultation.topic_code)),
        official=person(official),
        position=quote(official.position if official else ""),
        community=quote(official.community if official else ""),
        region=quote(knowledge.region_title(consultation.region_code)),
        phone=t.CARD_PHONE.format(phone=quote(official.phone)) if with_phone and official and official.phone else "",
        created=local_time(consultation.created_at, settings),
        due=local_time(consultation.due_at, settings),
        overdue=overdue,
        lawyer=person(consultation.lawyer),
    )
    if consultation.answer_undelivered:
        text += t.UNDELIVERED_MARK
    return text


def thread(events: Sequence[ConsultationEvent], settings: Settings) -> str:
    """The texts exchanged, oldest first."""
    lines = []
    for event in events:
        if event.text and event.kind in (*FILE_EVENTS, EventKind.CLARIFICATION_REQUESTED, EventKind.ANSWERED):
            who = person(event.actor)
            lines.append(
                f"<b>{t.EVENT[event.kind]}</b> · {who} · {local_time(event.created_at, settings)}\n{quote(event.text)}"
            )
    return "\n\n".join(lines)


def attachments(events: Sequence[ConsultationEvent]) -> list[dict[str, Any]]:
    files: list[dict[str, Any]] = []
    for event in events:
        files.extend(event.payload.get("attachments", []) if event.payload else [])
    return files


def history(consultation: Consultation, events: Sequence[ConsultationEvent], settings: Settings) -> str:
    lines = [t.HISTORY_HEADER.format(number=consultation.id)]
    for event in events:
        actor = f" · {person(event.actor)}" if event.actor else ""
        lines.append(
            t.HISTORY_ITEM.format(time=local_time(event.created_at, settings), kind=t.EVENT[event.kind], actor=actor)
        )
    return "\n".join(lines)


def official_list(consultations: Sequence[Consultation], settings: Settings, knowledge: Knowledge) -> str:
    lines = [t.MY_HEADER]
    for c in consultations:
        lines.append(
            t.MY_ITEM.format(
                number=c.id,
                topic=quote(knowledge.topic_title(c.topic_code)),
                status=t.STATUS[c.status],
                created=local_time(c.created_at, settings),
            )
        )
    return "\n".join(lines)


def queue_list(
    header: str, consultations: Sequence[Consultation], settings: Settings, knowledge: Knowledge, now: datetime
) -> str:
    lines = [header.format(count=len(consultations))]
    for c in consultations:
        lines.append(
            t.QUEUE_ITEM.format(
                number=c.id,
                topic=quote(knowledge.topic_title(c.topic_code)),
                created=local_time(c.created_at, settings),
                due=local_time(c.due_at, settings),
                overdue=t.OVERDUE_MARK if c.due_at < now else "",
            )
        )
    return "\n".join(lines)
