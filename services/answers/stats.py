"""The base of answers' figures for `/indicators` (beside the hot line's; Table 2 is untouched).

- published: answers published at the end of the period (not retired);
- helped: the times an official said a suggested answer answers the question being composed
  (no consultation was made), in the period;
- asked_anyway: of those, the ones after which the same official still asked a question within
  7 days (the answer did not settle it after all).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AnswerEvent, AnswerEventKind, AnswerStatus, Consultation, PublishedAnswer

ASKED_ANYWAY_WITHIN = timedelta(days=7)


async def answer_figures(session: AsyncSession, start: datetime, end: datetime) -> dict[str, int]:
    published = await session.scalar(
        select(func.count())
        .select_from(PublishedAnswer)
        .where(PublishedAnswer.status == AnswerStatus.PUBLISHED, PublishedAnswer.published_at < end)
    )
    helped = (
        await session.execute(
            select(AnswerEvent.actor_id, AnswerEvent.created_at).where(
                AnswerEvent.kind == AnswerEventKind.HELPED,
                AnswerEvent.created_at >= start,
                AnswerEvent.created_at < end,
            )
        )
    ).all()
    officials = {actor for actor, _ in helped if actor is not None}
    asked: dict[int, list[datetime]] = {}
    if officials:
        rows = await session.execute(
            select(Consultation.official_id, Consultation.created_at).where(
                Consultation.official_id.in_(officials),
                Consultation.created_at >= start,
                Consultation.created_at < end + ASKED_ANYWAY_WITHIN,
            )
        )
        for official_id, created_at in rows.all():
            asked.setdefault(official_id, []).append(created_at)
    anyway = sum(
        1
        for actor, at in helped
        if any(at < created <= at + ASKED_ANYWAY_WITHIN for created in asked.get(actor or 0, []))
    )
    return {"published": int(published or 0), "helped": len(helped), "asked_anyway": anyway}
