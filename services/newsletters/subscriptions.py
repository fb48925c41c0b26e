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


@dataclass(frozen=True)
class Saved:
    """The subscriptions after a press; `changed` False: they were so already (a double tap)."""

    codes: set[str]
    changed: bool


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


async def _save(session: AsyncSession, user: User, new: set[str], *, now: datetime) -> Saved:
    codes = await repo.subscription_codes(session, user.id)
    if new == codes:
        return Saved(codes, changed=False)
    await repo.set_subscriptions(session, user.id, new, now=now)
    return Saved(new, changed=True)


async def subscribe_all(session: AsyncSession, user: User | None, *, now: datetime) -> Saved:
    """Idempotent: a second tap finds it done."""
    return await _save(session, _registered(user), {ALL_TOPICS}, now=now)


async def unsubscribe_all(session: AsyncSession, user: User | None, *, now: datetime) -> Saved:
    return await _save(session, _registered(user), set(), now=now)


async def set_topic(
    session: AsyncSession, user: User | None, code: str, on: bool, knowledge: Knowledge, *, now: datetime
) -> Saved:
    """A topic (or "all") on or off. The button says which, not "the other way": a double tap sets it twice."""
    user = _registered(user)
    if code == ALL_TOPICS:
        return await _save(session, user, {ALL_TOPICS} if on else set(), now=now)
    if knowledge.topic(code) is None:
        raise TopicNotFound(topic_code=code)
    covered = effective_topics(await repo.subscription_codes(session, user.id), knowledge)
    return await _save(session, user, normalised(covered | {code} if on else covered - {code}, knowledge), now=now)


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
