"""Who writes newsletters, sending a composed one, cancelling it, the admins' list and /news."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from core.actor import Actor
from core.roles import Role
from core.signals import NEWSLETTERS_DIRTY
from knowledge import Knowledge
from services.access import require_admin
from services.newsletters.errors import NeedContent, NeedTopic, NewsletterNotFound, NotAnAuthor, NotCancellable
from services.newsletters.form import NewsletterDraft
from storage.models import ALL_TOPICS, DeliveryState, Newsletter, NewsletterStatus, User
from storage.repositories import newsletters as repo

NEWS_LIMIT = 10
LIST_LIMIT = 10
PUBLISHED = (NewsletterStatus.SENDING, NewsletterStatus.DONE)
CANCELLABLE = (NewsletterStatus.SCHEDULED, NewsletterStatus.SENDING)


@dataclass(frozen=True)
class Figures:
    """A newsletter and its delivery rows by state."""

    newsletter: Newsletter
    counts: dict[DeliveryState, int]


async def require_author(session: AsyncSession, actor: Actor) -> User:
    """Admins, and registered lawyers an admin made editors."""
    user = await session.get(User, actor.user_id)
    if user is None:
        raise NotAnAuthor()
    if actor.role != Role.ADMIN and not (user.is_registered and user.is_editor):
        raise NotAnAuthor()
    return user


async def recipients(session: AsyncSession, topics: Sequence[str], regions: Sequence[str]) -> int:
    """How many would get it now (subscribed to one of the topics, in one of the regions)."""
    return await repo.count_recipients(session, topics, regions)


async def submit(
    session: AsyncSession, actor: Actor, draft: NewsletterDraft, *, knowledge: Knowledge, now: datetime
) -> Newsletter:
    """A confirmed draft becomes a scheduled newsletter; the worker starts it at its time (now: at once)."""
    author = await require_author(session, actor)
    if draft.content is None:
        raise NeedContent()
    content = draft.content.check()
    topics = [ALL_TOPICS] if ALL_TOPICS in draft.topics else [c for c in draft.topics if knowledge.topic(c)]
    if not topics:
        raise NeedTopic()
    regions = [c for c in draft.regions if knowledge.region(c) is not None]
    newsletter = Newsletter(
        author_id=author.id,
        author_chat_id=author.telegram_id,
        status=NewsletterStatus.SCHEDULED,
        kind=content.kind,
        html=content.html,
        file_id=content.file_id,
        topics=topics,
        regions=regions,
        created_at=now,
        # A time that passed while the summary waited: at once.
        scheduled_at=max(draft.send_at, now) if draft.send_at is not None else now,
    )
    session.add(newsletter)
    session.info[NEWSLETTERS_DIRTY] = True
    await session.flush()
    return newsletter


async def cancel(session: AsyncSession, actor: Actor, newsletter_id: int, *, now: datetime) -> Figures:
    """Stops a scheduled or running newsletter: what was sent stays sent, the rest is kept as cancelled."""
    user = await require_author(session, actor)
    newsletter = await repo.get(session, newsletter_id)
    if newsletter is None:
        raise NewsletterNotFound(newsletter_id=newsletter_id)
    if actor.role != Role.ADMIN and newsletter.author_id != user.id:
        raise NotAnAuthor()
    # Compare-and-set: the worker may be finishing it at this very moment.
    result = await session.execute(
        update(Newsletter)
        .where(Newsletter.id == newsletter.id, Newsletter.status.in_(CANCELLABLE))
        .values(status=NewsletterStatus.CANCELLED, cancelled_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]  # CursorResult of an UPDATE
        raise NotCancellable(newsletter_id=newsletter_id)
    await repo.cancel_pending_deliveries(session, newsletter.id, now=now)
    await session.refresh(newsletter)
    return Figures(newsletter, await repo.delivery_counts(session, newsletter.id))


async def overview(session: AsyncSession, actor: Actor) -> list[Figures]:
    """The latest confirmed newsletters with their delivery figures (admins)."""
    require_admin(actor, "newsletters")
    items = await repo.latest_confirmed(session, LIST_LIMIT)
    return [Figures(newsletter, await repo.delivery_counts(session, newsletter.id)) for newsletter in items]


def cancellable(figures: Figures) -> bool:
    return figures.newsletter.status in CANCELLABLE


async def published(session: AsyncSession) -> Sequence[Newsletter]:
    """/news: the latest newsletters that went out, newest first."""
    return await repo.latest_published(session, NEWS_LIMIT)


async def published_one(session: AsyncSession, newsletter_id: int) -> Newsletter:
    newsletter = await repo.get(session, newsletter_id)
    if newsletter is None or newsletter.status not in PUBLISHED:
        raise NewsletterNotFound(newsletter_id=newsletter_id)
    return newsletter
