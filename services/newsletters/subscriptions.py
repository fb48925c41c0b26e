"""Subscriptions by topic: "all" means every topic, present and future."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from knowledge import Knowledge
from services.newsletters.errors import NewsletterNotFound, RegistrationRequired, TopicNotFound
from storage.models import ALL_TOPICS, User
from storage.repositories import newsletters as repo


@dataclass(frozen=True)
class Unsubscribed:
    """What the one-tap button under a newsletter dropped."""

    topics: list[str]  # codes, sorted; empty: they were not subscribed to it any more
    everything: bool  # no subscription is left


def _registered(user: User | None) -> User:
    if user is None or not user.is_registered:
        raise RegistrationRequired()
    return user


def effective_topics(codes: set[str], knowledge: Knowledge) -> set[str]:
    """The topics a set of subscriptions covers."""
    return set(knowledge.topic_codes) if ALL_TOPICS in codes else codes & knowledge.topic_codes


def normalised(topics: set[str], knowledge: Knowledge) -> set[str]:
    topics = topics & knowledge.topic_codes
    return {ALL_TOPICS} if topics and topics == set(knowledge.topic_codes) else topics


async def current(session: AsyncSession, user: User | None) -> set[str]:
    return await repo.subscription_codes(session, _registered(user).id)


async def subscribe_all(session: AsyncSession, user: User | None, *, now: datetime) -> set[str]:
    """Idempotent: a second tap finds it done."""
    await repo.set_subscriptions(session, _registered(user).id, {ALL_TOPICS}, now=now)
    return {ALL_TOPICS}


async def unsubscribe_all(session: AsyncSession, user: User | None, *, now: datetime) -> set[str]:
    await repo.set_subscriptions(session, _registered(user).id, set(), now=now)
    return set()


async def toggle(
    session: AsyncSession, user: User | None, code: str, knowledge: Knowledge, *, now: datetime
) -> set[str]:
    user = _registered(user)
    codes = await repo.subscription_codes(session, user.id)
    if code == ALL_TOPICS:
        new = set() if ALL_TOPICS in codes else {ALL_TOPICS}
    else:
        if knowledge.topic(code) is None:
            raise TopicNotFound(topic_code=code)
        new = normalised(effective_topics(codes, knowledge) ^ {code}, knowledge)
    await repo.set_subscriptions(session, user.id, new, now=now)
    return new


async def unsubscribe_from_newsletter(
    session: AsyncSession, user: User | None, newsletter_id: int, knowledge: Knowledge, *, now: datetime
) -> Unsubscribed:
    """The one-tap button under a newsletter: drops the newsletter's topics."""
    user = _registered(user)
    newsletter = await repo.get(session, newsletter_id)
    if newsletter is None:
        raise NewsletterNotFound(newsletter_id=newsletter_id)
    codes = await repo.subscription_codes(session, user.id)
    covered = effective_topics(codes, knowledge)
    if ALL_TOPICS in newsletter.topics:
        dropped, new = sorted(covered), set[str]()
    else:
        dropped = sorted(covered & set(newsletter.topics))
        new = normalised(covered - set(newsletter.topics), knowledge)
    if dropped or codes:
        await repo.set_subscriptions(session, user.id, new, now=now)
    return Unsubscribed(topics=dropped, everything=not new)
