"""/mydata: everything the bot holds about the person asking, and nothing about anyone else.

The records are read in the caller's transaction; the files are written in a
worker process (`core.offload`), and the handler sends them after the commit.
Other people appear only as their role ("staff", "system"), never by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core import offload
from knowledge import Knowledge
from services.privacy.files import mydata_files
from services.spreadsheets import Sheet, safe_text
from storage.models import ALL_TOPICS, Consultation, ConsultationEvent, User
from storage.repositories import privacy as repo


@dataclass(frozen=True)
class MyDataWording:
    """The words of the XLSX file, given by the bot's views (services hold no texts)."""

    sheets: tuple[str, str, str, str, str, str]
    profile_header: tuple[str, ...]
    profile_labels: Mapping[str, str]
    consultation_header: tuple[str, ...]
    event_header: tuple[str, ...]
    subscription_header: tuple[str, ...]
    training_header: tuple[str, ...]
    helped_header: tuple[str, ...]  # questions answered from the base of answers
    status: Mapping[str, str]  # a consultation's status code -> its name
    event: Mapping[str, str]  # an event kind -> its name
    registration: Mapping[str, str]  # a training sign-up's status -> its name
    who: Mapping[str, str]  # self, staff, system
    all_topics: str
    yes: str


@dataclass(frozen=True)
class MyDataFiles:
    json: bytes
    xlsx: bytes


def _time(value: datetime | None, tz: tzinfo) -> str | None:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value is not None else None


def _who(event: ConsultationEvent, user: User) -> str:
    if event.actor_id is None:
        return "system"
    return "self" if event.actor_id == user.id else "staff"


def _events(events: list[ConsultationEvent], user: User, tz: tzinfo, wording: MyDataWording) -> list[dict[str, Any]]:
    return [
        {
            "time": _time(event.created_at, tz),
            "event": wording.event.get(event.kind.value, event.kind.value),
            "who": _who(event, user),
            "text": event.text,
            "attachments": [a.get("file_name") or a.get("type") for a in (event.payload or {}).get("attachments", [])],
        }
        for event in events
    ]


def _consultation(
    c: Consultation, events: list[ConsultationEvent], user: User, tz: tzinfo, knowledge: Knowledge, w: MyDataWording
) -> dict[str, Any]:
    return {
        "number": c.id,
        "topic": knowledge.topic_title(c.topic_code),
        "status": w.status.get(c.status.value, c.status.value),
        "created_at": _time(c.created_at, tz),
        "closed_at": _time(c.closed_at, tz),
        "question": c.question,
        "rating": c.rating,
        "rating_comment": c.rating_comment,
        "events": _events(events, user, tz, w),
    }


async def document(
    session: AsyncSession, user: User, *, tz: tzinfo, knowledge: Knowledge, wording: MyDataWording
) -> dict[str, Any]:
    consultations = list(await repo.consultations_of(session, user.id))
    by_consultation: dict[int, list[ConsultationEvent]] = {c.id: [] for c in consultations}
    for event in await repo.events_of(session, list(by_consultation)):
        by_consultation[event.consultation_id].append(event)
    subscriptions = await repo.subscriptions_of(session, user.id)
    registrations = await repo.registrations_of(session, user.id)
    helped = await repo.answers_that_helped(session, user.id)
    return {
        "profile": {
            "full_name": user.full_name,
            "position": user.position,
            "community": user.community,
            "region": knowledge.region_title(user.region_code),
            "phone": user.phone,
            "username": user.username,
            "role": user.role.value,
            "registered_at": _time(user.registered_at, tz),
            "consent_at": _time(user.consent_at, tz),
            "consent_version": user.consent_version,
        },
        "consultations": [_consultation(c, by_consultation[c.id], user, tz, knowledge, wording) for c in consultations],
        "subscriptions": [
            {
                "topic": wording.all_topics if s.topic_code == ALL_TOPICS else knowledge.topic_title(s.topic_code),
                "since": _time(s.created_at, tz),
            }
            for s in subscriptions
        ],
        "trainings": [
            {
                "title": r.training.title,
                "starts_at": _time(r.training.starts_at, tz),
                "status": wording.registration.get(r.status.value, r.status.value),
                "signed_up_at": _time(r.created_at, tz),
                "attended": r.attended,
            }
            for r in registrations
        ],
        "answered_from_the_base": [
            {"answer": e.answer_id, "time": _time(e.created_at, tz), "question": (e.payload or {}).get("question")}
            for e in helped
        ],
    }


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, list):
        return safe_text(", ".join(str(v) for v in value))
    return value


def sheets(doc: dict[str, Any], w: MyDataWording) -> list[Sheet]:
    profile = [(w.profile_labels.get(key, key), _cell(value)) for key, value in doc["profile"].items()]
    consultations = [
        [
            _cell(c[k])
            for k in ("number", "topic", "status", "created_at", "closed_at", "question", "rating", "rating_comment")
        ]
        for c in doc["consultations"]
    ]
    events = [
        [
            c["number"],
            e["time"],
            _cell(e["event"]),
            w.who.get(e["who"], e["who"]),
            _cell(e["text"]),
            _cell(e["attachments"]),
        ]
        for c in doc["consultations"]
        for e in c["events"]
    ]
    subscriptions = [[_cell(s["topic"]), s["since"]] for s in doc["subscriptions"]]
    trainings = [
        [_cell(r["title"]), r["starts_at"], _cell(r["status"]), r["signed_up_at"], w.yes if r["attended"] else ""]
        for r in doc["trainings"]
    ]
    helped = [[h["answer"], h["time"], _cell(h["question"] or "")] for h in doc["answered_from_the_base"]]
    names = w.sheets
    return [
        Sheet(names[0], w.profile_header, profile),
        Sheet(names[1], w.consultation_header, consultations),
        Sheet(names[2], w.event_header, events),
        Sheet(names[3], w.subscription_header, subscriptions),
        Sheet(names[4], w.training_header, trainings),
        Sheet(names[5], w.helped_header, helped),
    ]


async def build(
    session: AsyncSession, user: User, *, tz: tzinfo, knowledge: Knowledge, wording: MyDataWording
) -> MyDataFiles:
    doc = await document(session, user, tz=tz, knowledge=knowledge, wording=wording)
    as_json, as_xlsx = await offload.run(mydata_files, doc, sheets(doc, wording))
    return MyDataFiles(json=as_json, xlsx=as_xlsx)
