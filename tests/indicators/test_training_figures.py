"""Priority 3 in /indicators: the figures of the year built from trainings (cancelled ones skipped, people once)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from knowledge import Knowledge
from services.indicators import figures
from services.trainings.catalogue import council_key
from storage.models import (
    RegistrationStatus,
    Role,
    Training,
    TrainingAudience,
    TrainingEvent,
    TrainingEventKind,
    TrainingFormat,
    TrainingKind,
    TrainingRegistration,
    TrainingStatus,
    User,
)
from tests.conftest import FakeClock
from tests.indicators.data import kyiv
from tests.support.factories import make_user

TZ = ZoneInfo("Europe/Kyiv")


async def training(
    session: AsyncSession,
    starts: datetime,
    *,
    audience: TrainingAudience = TrainingAudience.OFFICIALS,
    cancelled: bool = False,
    council: tuple[str, str] | None = None,
    participants: list[tuple[User, bool]] = (),  # type: ignore[assignment]
) -> Training:
    t = Training(
        title="Семінар",
        kind=TrainingKind.SEMINAR,
        audience=audience,
        starts_at=starts,
        format=TrainingFormat.ONLINE,
        attendance_code="ABC123",
        status=TrainingStatus.CANCELLED if cancelled else TrainingStatus.SCHEDULED,
        council_community=council[0] if council else None,
        council_region_code=council[1] if council else None,
        council_key=council_key(*council) if council else None,
    )
    session.add(t)
    await session.flush()
    for user, attended in participants:
        session.add(
            TrainingRegistration(
                training_id=t.id, user_id=user.id, status=RegistrationStatus.REGISTERED, attended=attended
            )
        )
        session.add(
            TrainingEvent(training_id=t.id, kind=TrainingEventKind.SIGNED_UP, user_id=user.id, created_at=starts)
        )
    await session.flush()
    return t


async def test_training_indicators_skip_cancelled_trainings_and_count_people_once(
    session: AsyncSession, knowledge: Knowledge, clock: FakeClock
) -> None:
    kyo = [await make_user(session, region_code="kyo") for _ in range(3)]
    lvi = [await make_user(session, region_code="lvi") for _ in range(2)]
    # Held, attendance marked: the two who attended took part.
    await training(session, kyiv(2026, 3, 10), participants=[(kyo[0], True), (kyo[1], True), (kyo[2], False)])
    # Cancelled: its registrations do not count.
    await training(session, kyiv(2026, 4, 1), cancelled=True, participants=[(lvi[0], False), (lvi[1], False)])
    # For deputies of a council; kyo[0] again is still one person.
    await training(
        session,
        kyiv(2026, 5, 1),
        audience=TrainingAudience.DEPUTIES,
        council=("Броварська міська рада", "kyo"),
        participants=[(kyo[0], True)],
    )
    # A cancelled deputies' training does not make its council count.
    await training(
        session,
        kyiv(2026, 6, 1),
        audience=TrainingAudience.DEPUTIES,
        cancelled=True,
        council=("Львівська міська рада", "lvi"),
    )
    # Last year's deputies' training of another council.
    await training(
        session,
        kyiv(2025, 9, 1),
        audience=TrainingAudience.BOTH,
        council=("Гатненська сільська рада", "kyo"),
        participants=[(lvi[0], False)],
    )
    await session.commit()

    data = await figures.year_figures(
        session, role=Role.ADMIN, catalogue=knowledge.indicators, year=2026, now=clock.now(), tz=TZ
    )
    lines = {line.indicator.code: line for _, lines in data.priorities for line in lines}
    assert (lines["trained"].current, lines["trained"].previous) == (2, 1)
    assert (lines["deputy_councils"].current, lines["deputy_councils"].previous) == (1, 1)
    assert data.service.signups == 6  # sign-ups are counted as made, the cancelled training's too

    regions = await figures.region_breakdown(
        session,
        role=Role.ADMIN,
        catalogue=knowledge.indicators,
        region_codes=[r.code for r in knowledge.regions],
        year=2026,
        now=clock.now(),
        tz=TZ,
    )
    by_code = {row.indicator.code: row.values for row in regions}
    assert by_code["trained"] == (("kyo", 2),)
    assert by_code["deputy_councils"] == (("kyo", 1),)

    months = await figures.computed_series(
        session,
        role=Role.ADMIN,
        catalogue=knowledge.indicators,
        code="trained",
        by_year=False,
        year=2026,
        now=clock.now(),
        tz=TZ,
    )
    assert [v for _, v in months][2:6] == [2, 0, 1, 0]


async def test_a_settled_year_is_kept_not_recounted(
    session: AsyncSession, knowledge: Knowledge, clock: FakeClock
) -> None:
    from storage.models import ComputedYearValue

    user = await make_user(session)
    held = await training(session, kyiv(2025, 9, 1), participants=[(user, True)])
    await session.commit()
    kw = {"role": Role.ADMIN, "catalogue": knowledge.indicators, "year": 2026, "now": clock.now(), "tz": TZ}
    data = await figures.year_figures(session, **kw)
    await session.commit()
    assert {line.indicator.code: line.previous for _, lines in data.priorities for line in lines}["trained"] == 1
    kept = await session.get(ComputedYearValue, ("trained", 2025))
    assert kept is not None and kept.value == 1
    # Figures of a year that is over are read back, not recounted.
    held.status = TrainingStatus.CANCELLED
    await session.commit()
    data = await figures.year_figures(session, **kw)
    assert {line.indicator.code: line.previous for _, lines in data.priorities for line in lines}["trained"] == 1
