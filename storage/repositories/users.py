from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from storage.models import LawyerTopic, Role, User


async def get_by_telegram_id(session: AsyncSession, telegram_id: int) -> User | None:
    # Runs for every update (UserMiddleware): the lawyer's topics come in the same query (an outer join)
    # rather than the model's default second SELECT; most users have none, so it is still one row.
    result = await session.execute(
        select(User).where(User.telegram_id == telegram_id).options(joinedload(User.lawyer_topics))
    )
    return result.unique().scalar_one_or_none()


async def get(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)


async def get_or_create(session: AsyncSession, telegram_id: int) -> User:
    user = await get_by_telegram_id(session, telegram_id)
    if user is None:
        user = User(telegram_id=telegram_id)
        session.add(user)
        await session.flush()
    return user


async def list_by_role(session: AsyncSession, role: Role) -> Sequence[User]:
    result = await session.scalars(select(User).where(User.role == role).order_by(User.full_name, User.id))
    return result.all()


async def list_editors(session: AsyncSession) -> Sequence[User]:
    result = await session.scalars(select(User).where(User.is_editor).order_by(User.full_name, User.id))
    return result.all()


async def list_by_ids(session: AsyncSession, user_ids: frozenset[int]) -> Sequence[User]:
    if not user_ids:
        return []
    result = await session.scalars(select(User).where(User.id.in_(user_ids)))
    return result.all()


async def lawyers_for_topic(session: AsyncSession, topic_code: str) -> Sequence[User]:
    """Registered lawyers of a topic, and those with no topics (they take every topic).

    A lawyer added by an admin before they ever wrote to the bot is left out until
    they register: the bot cannot write to them first.
    """
    has_topic = select(LawyerTopic.user_id).where(LawyerTopic.topic_code == topic_code)
    has_any = select(LawyerTopic.user_id)
    stmt = (
        select(User)
        .where(User.role == Role.LAWYER, User.registered_at.is_not(None))
        .where(User.id.in_(has_topic) | User.id.not_in(has_any))
        .order_by(User.id)
    )
    return (await session.scalars(stmt)).all()


async def set_lawyer_topics(session: AsyncSession, user: User, topic_codes: list[str]) -> None:
    # Replacing the collection reads the old one; load it here, as a lazy load would fail under asyncio
    # (a user just flushed has none loaded).
    await session.refresh(user, attribute_names=["lawyer_topics"])
    user.lawyer_topics = [LawyerTopic(topic_code=code) for code in dict.fromkeys(topic_codes)]
    await session.flush()
