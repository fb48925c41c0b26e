"""Subscriptions by topic: "all" means every topic, present and future."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import newsletters as t
from core.errors import NotFound
from knowledge import Knowledge
from storage.models import ALL_TOPICS, User
from storage.repositories import newsletters as repo


def effective_topics(codes: set[str], knowledge: Knowledge) -> set[str]:
    """The topics a set of subscriptions covers."""
    return set(knowledge.topic_codes) if ALL_TOPICS in codes else codes & knowledge.topic_codes


def normalised(topics: set[str], knowledge: Knowledge) -> set[str]:
    topics = topics & knowledge.topic_codes
    return {ALL_TOPICS} if topics and topics == set(knowledge.topic_codes) else topics


async def current(session: AsyncSession, user: User) -> set[str]:
    return await repo.subscription_codes(session, user.id)


async def subscribe_all(session: AsyncSession, user: User, *, now: datetime) -> set[str]:
    await repo.set_subscriptions(session, user.id, {ALL_TOPICS}, now=now)
    return {ALL_TOPICS}


async def unsubscribe_all(session: AsyncSession, user: User, *, now: datetime) -> set[str]:
    await repo.set_subscriptions(session, user.id, set(), now=now)
    return set()


async def toggle(session: AsyncSession, user: User, code: str, knowledge: Knowledge, *, now: datetime) -> set[str]:
    codes = await repo.subscription_codes(session, user.id)
    if code == ALL_TOPICS:
        new = set() if ALL_TOPICS in codes else {ALL_TOPICS}
    else:
        if knowledge.topic(code) is None:
            raise NotFound(t.ALREADY_UNSUBSCRIBED)
        topics = effective_topics(codes, knowledge)
        topics ^= {code}
        new = normalised(topics, knowledge)
    await repo.set_subscriptions(session, user.id, new, now=now)
    return new


async def unsubscribe_from_newsletter(
    session: AsyncSession, user: User, newsletter_id: int, knowledge: Knowledge, *, now: datetime
) -> list[str]:
    """The one-tap button under a newsletter: drops the newsletter's topics; returns them."""
    newsletter = await repo.get(session, newsletter_id)
    if newsletter is None:
        raise NotFound(t.NEWS_GONE)
    codes = await repo.subscription_codes(session, user.id)
    if ALL_TOPICS in newsletter.topics:
        dropped = sorted(effective_topics(codes, knowledge)) or []
        new: set[str] = set()
    else:
        covered = effective_topics(codes, knowledge)
        dropped = sorted(covered & set(newsletter.topics))
        new = normalised(covered - set(newsletter.topics), knowledge)
    if not dropped and not codes:
        return []
    await repo.set_subscriptions(session, user.id, new, now=now)
    return dropped
