"""Composing, scheduling and cancelling newsletters; who may do it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import newsletters as t
from core.errors import AccessDenied, Conflict, DomainError, NotFound
from core.signals import NEWSLETTERS_DIRTY
from knowledge import Knowledge
from storage.models import ALL_TOPICS, ContentKind, Newsletter, NewsletterStatus, Role, User
from storage.repositories import newsletters as repo

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
WHEN_FORMAT = "%d.%m.%Y %H:%M"


def can_author(user: User | None, role: Role) -> bool:
    return role == Role.ADMIN or (user is not None and user.is_registered and user.is_editor)


def _require_author(user: User | None, role: Role) -> User:
    if user is None or not can_author(user, role):
        raise AccessDenied(t.NOT_AUTHOR)
    return user


@dataclass(frozen=True)
class Content:
    kind: ContentKind
    html: str
    file_id: str | None = None
    plain_length: int = 0  # what Telegram counts against its limits

    def check(self) -> None:
        limit = TEXT_LIMIT if self.kind == ContentKind.TEXT else CAPTION_LIMIT
        if self.plain_length > limit:
            raise DomainError(t.TEXT_TOO_LONG if self.kind == ContentKind.TEXT else t.CAPTION_TOO_LONG)
        if self.kind == ContentKind.TEXT and not self.html.strip():
            raise DomainError(t.NEED_CONTENT)


async def create_draft(
    session: AsyncSession,
    *,
    author: User | None,
    role: Role,
    content: Content,
    topics: list[str],
    regions: list[str],
    knowledge: Knowledge,
    now: datetime,
) -> Newsletter:
    author = _require_author(author, role)
    content.check()
    topics = [ALL_TOPICS] if ALL_TOPICS in topics else [c for c in topics if knowledge.topic(c) is not None]
    if not topics:
        raise DomainError(t.NEED_TOPIC)
    regions = [c for c in regions if knowledge.region(c) is not None]
    newsletter = Newsletter(
        author_id=author.id,
        author_chat_id=author.telegram_id,
        status=NewsletterStatus.DRAFT,
        kind=content.kind,
        html=content.html,
        file_id=content.file_id,
        topics=topics,
        regions=regions,
        created_at=now,
    )
    session.add(newsletter)
    await session.flush()
    return newsletter


async def _own(session: AsyncSession, newsletter_id: int, user: User | None, role: Role) -> Newsletter:
    user = _require_author(user, role)
    newsletter = await repo.get(session, newsletter_id)
    if newsletter is None:
        raise NotFound(t.NEWS_GONE)
    if role != Role.ADMIN and newsletter.author_id != user.id:
        raise AccessDenied(t.NOT_AUTHOR)
    return newsletter


async def confirm(
    session: AsyncSession,
    newsletter_id: int,
    *,
    user: User | None,
    role: Role,
    at: datetime | None,
    now: datetime,
) -> Newsletter:
    """DRAFT -> SCHEDULED; `at` None sends now. The worker starts it at its time."""
    newsletter = await _own(session, newsletter_id, user, role)
    if newsletter.status != NewsletterStatus.DRAFT:
        raise Conflict(t.NOT_A_DRAFT)
    newsletter.status = NewsletterStatus.SCHEDULED
    newsletter.scheduled_at = max(at, now) if at is not None else now
    session.info[NEWSLETTERS_DIRTY] = True
    await session.flush()
    return newsletter


async def discard(session: AsyncSession, newsletter_id: int, *, user: User | None, role: Role, now: datetime) -> None:
    newsletter = await _own(session, newsletter_id, user, role)
    if newsletter.status != NewsletterStatus.DRAFT:
        raise Conflict(t.NOT_A_DRAFT)
    newsletter.status = NewsletterStatus.CANCELLED
    newsletter.cancelled_at = now


async def cancel(
    session: AsyncSession, newsletter_id: int, *, user: User | None, role: Role, now: datetime
) -> Newsletter:
    """Stops a scheduled or running newsletter; what was sent stays sent, the rest is kept as cancelled."""
    newsletter = await _own(session, newsletter_id, user, role)
    # Compare-and-set: the worker may be finishing it at this very moment.
    result = await session.execute(
        update(Newsletter)
        .where(
            Newsletter.id == newsletter.id,
            Newsletter.status.in_([NewsletterStatus.SCHEDULED, NewsletterStatus.SENDING]),
        )
        .values(status=NewsletterStatus.CANCELLED, cancelled_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(t.CANNOT_CANCEL)
    await repo.cancel_pending_deliveries(session, newsletter.id, now=now)
    await session.refresh(newsletter)
    return newsletter


def parse_when(text: str, tz: ZoneInfo, now: datetime) -> datetime:
    """ "25.12.2026 10:00" in the bot's time zone -> aware UTC; must be in the future."""
    try:
        local = datetime.strptime(" ".join(text.split()), WHEN_FORMAT)
    except ValueError as exc:
        raise DomainError(t.BAD_WHEN.format(example=example_when(tz, now))) from exc
    when = local.replace(tzinfo=tz)
    if when <= now:
        raise DomainError(t.WHEN_IN_PAST)
    return when


def example_when(tz: ZoneInfo, now: datetime) -> str:
    return now.astimezone(tz).replace(hour=10, minute=0).strftime(WHEN_FORMAT)
