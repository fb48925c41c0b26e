"""The counts behind the priority-3 indicators (services.trainings.indicators) and the sign-up count, on hand-built data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from services.trainings import indicators
from services.trainings.catalogue import council_key
from storage.models import (
    RegistrationStatus,
    Training,
    TrainingAudience,
    TrainingEvent,
    TrainingEventKind,
    TrainingFormat,
    TrainingKind,
    TrainingRegistration,
    TrainingStatus,
)
from tests.support.factories import make_user

YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)
YEAR_END = datetime(2027, 1, 1, tzinfo=UTC)


def _training(starts_at: datetime, **kw: object) -> Training:
    values: dict[str, object] = {
        "title": "Т",
        "kind": TrainingKind.SEMINAR,
        "audience": TrainingAudience.OFFICIALS,
        "starts_at": starts_at,
        "duration_minutes": 60,
        "format": TrainingFormat.OFFLINE,
        "address": "Київ",
        "attendance_code": "ABC234",
        "status": TrainingStatus.SCHEDULED,
    }
    values.update(kw)
    community = values.get("council_community")
    if community:
        values["council_key"] = council_key(str(community), values.get("council_region_code"))  # type: ignore[arg-type]
    return Training(**values)


def _reg(training: Training, user_id: int, status: RegistrationStatus, attended: bool = False) -> TrainingRegistration:
    return TrainingRegistration(training_id=training.id, user_id=user_id, status=status, attended=attended)


async def test_trained_officials_counts_attendance_or_registrations(session: AsyncSession) -> None:
    a = await make_user(session, region_code="kyo")
    b = await make_user(session, region_code="kyo")
    c = await make_user(session, region_code="lvi")
    d = await make_user(session, region_code="lvi")
    e = await make_user(session, region_code="kyo")
    marked = _training(datetime(2026, 3, 1, 8, tzinfo=UTC))  # attendance taken: only attendees count
    unmarked = _training(datetime(2026, 5, 1, 8, tzinfo=UTC))  # no marks: registered count
    cancelled = _training(datetime(2026, 6, 1, 8, tzinfo=UTC), status=TrainingStatus.CANCELLED)
    last_year = _training(datetime(2025, 12, 31, 21, tzinfo=UTC))
    session.add_all([marked, unmarked, cancelled, last_year])
    await session.flush()
    session.add_all(
        [
            _reg(marked, a.id, RegistrationStatus.REGISTERED, attended=True),
            _reg(marked, b.id, RegistrationStatus.REGISTERED),  # registered, did not come
            _reg(unmarked, a.id, RegistrationStatus.REGISTERED),  # counted once overall
            _reg(unmarked, c.id, RegistrationStatus.REGISTERED),
            _reg(unmarked, d.id, RegistrationStatus.WAITLISTED),  # waitlisted: not trained
            _reg(unmarked, b.id, RegistrationStatus.CANCELLED),
            _reg(cancelled, e.id, RegistrationStatus.REGISTERED, attended=True),
            _reg(last_year, e.id, RegistrationStatus.REGISTERED, attended=True),
        ]
    )
    await session.flush()

    assert await indicators.count_trained_officials(session, YEAR_START, YEAR_END) == 2  # a, c
    assert await indicators.count_trained_officials(session, YEAR_START, YEAR_END, region_code="kyo") == 1
    assert await indicators.count_trained_officials(session, YEAR_START, YEAR_END, region_code="lvi") == 1
    # Half-open period: the training starting exactly at `end` is outside.
    assert await indicators.count_trained_officials(session, YEAR_START, datetime(2026, 5, 1, 8, tzinfo=UTC)) == 1
    assert await indicators.count_trained_officials(session, datetime(2025, 1, 1, tzinfo=UTC), YEAR_START) == 1

    # An attendance mark on the second training: now only its attendee counts there.
    await session.execute(
        update(TrainingRegistration)
        .where(TrainingRegistration.training_id == unmarked.id, TrainingRegistration.user_id == d.id)
        .values(attended=True)
    )
    assert await indicators.count_trained_officials(session, YEAR_START, YEAR_END) == 2  # a, d
    series = await indicators.monthly_series(session, 2026)
    assert [(m, o) for m, o, _ in series if o] == [(3, 1), (5, 1)]


async def test_councils_with_deputy_training(session: AsyncSession) -> None:
    when = datetime(2026, 4, 10, 7, tzinfo=UTC)
    session.add_all(
        [
            _training(
                when,
                audience=TrainingAudience.DEPUTIES,
                council_community="Гатненська сільська рада",
                council_region_code="kyo",
            ),
            # The same council typed differently, another training: still one council.
            _training(
                when + timedelta(days=30),
                kind=TrainingKind.DEPUTY_PRACTICUM,
                audience=TrainingAudience.DEPUTIES,
                council_community="  гатненська  СІЛЬСЬКА рада ",
                council_region_code="kyo",
            ),
            _training(
                when,
                audience=TrainingAudience.BOTH,
                council_community="Львівська міська рада",
                council_region_code="lvi",
            ),
            # Same name in another region: another council.
            _training(
                when,
                audience=TrainingAudience.DEPUTIES,
                council_community="Гатненська сільська рада",
                council_region_code="lvi",
            ),
            # Not counted: cancelled, for officials only, no council, outside the year.
            _training(
                when,
                audience=TrainingAudience.DEPUTIES,
                council_community="Бучанська міська рада",
                council_region_code="kyo",
                status=TrainingStatus.CANCELLED,
            ),
            _training(when, audience=TrainingAudience.OFFICIALS),
            _training(when, audience=TrainingAudience.DEPUTIES),
            _training(
                datetime(2027, 1, 5, tzinfo=UTC),
                audience=TrainingAudience.DEPUTIES,
                council_community="Ірпінська міська рада",
                council_region_code="kyo",
            ),
        ]
    )
    await session.flush()
    assert await indicators.count_councils_with_deputy_training(session, YEAR_START, YEAR_END) == 3
    assert await indicators.count_councils_with_deputy_training(session, YEAR_START, YEAR_END, region_code="kyo") == 1
    assert await indicators.count_councils_with_deputy_training(session, YEAR_START, YEAR_END, region_code="lvi") == 2
    assert (
        await indicators.count_councils_with_deputy_training(session, YEAR_END, datetime(2028, 1, 1, tzinfo=UTC)) == 1
    )


async def test_count_signups_by_event_time(session: AsyncSession) -> None:
    user = await make_user(session)
    training = _training(datetime(2026, 4, 10, 7, tzinfo=UTC))
    session.add(training)
    await session.flush()
    for day, kind in [
        (1, TrainingEventKind.SIGNED_UP),
        (2, TrainingEventKind.SIGNED_UP),
        (3, TrainingEventKind.CANCELLED),
    ]:
        session.add(
            TrainingEvent(
                training_id=training.id,
                kind=kind,
                user_id=user.id,
                actor_id=user.id,
                created_at=datetime(2026, 3, day, tzinfo=UTC),
                payload={},
            )
        )
    await session.flush()
    assert await indicators.count_signups(session, YEAR_START, YEAR_END) == 2
    assert await indicators.count_signups(session, datetime(2026, 3, 2, tzinfo=UTC), YEAR_END) == 1
