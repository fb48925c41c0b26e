"""Hand-built hot line data for the indicator tests, written as the consultation service writes it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Consultation, ConsultationEvent, ConsultationStatus, EventKind, User


def kyiv(year: int, month: int, day: int, hour: int = 12) -> datetime:
    """Noon in Kyiv (UTC+2 in winter, +3 in summer: 09:00 or 10:00 UTC), far from any month edge."""
    return datetime(year, month, day, hour - 3, tzinfo=UTC)


async def consultation(
    session: AsyncSession,
    official: User,
    *,
    created: datetime,
    answers: tuple[datetime, ...] = (),
    reopened: tuple[datetime, ...] = (),
    status: ConsultationStatus | None = None,
    rating: int | None = None,
    rated: datetime | None = None,
    region: str | None = "kyo",
    due: datetime | None = None,
) -> Consultation:
    """A consultation with its events; `first_answered_at` is the first answer and never moves."""
    c = Consultation(
        official_id=official.id,
        topic_code="budget",
        region_code=region,
        status=status or (ConsultationStatus.CLOSED if answers else ConsultationStatus.OPEN),
        question="Питання",
        created_at=created,
        due_at=due or created + timedelta(days=3),
        first_answered_at=min(answers) if answers else None,
        last_answered_at=max(answers) if answers else None,
        rating=rating,
    )
    session.add(c)
    await session.flush()
    events = [(EventKind.CREATED, created)]
    events += [(EventKind.ANSWERED, at) for at in answers]
    events += [(EventKind.REOPENED, at) for at in reopened]
    if rating is not None:
        events.append((EventKind.RATED, rated or min(answers) + timedelta(hours=1)))
    for kind, at in sorted(events, key=lambda e: e[1]):
        payload = {"rating": rating} if kind == EventKind.RATED else {}
        session.add(ConsultationEvent(consultation_id=c.id, kind=kind, created_at=at, payload=payload))
    await session.flush()
    return c
