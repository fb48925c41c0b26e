"""Building blocks for tests (and benches): users made through the real dialog or directly in the database;
published answers as a lawyer's confirmed publication leaves them."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.texts import common as tc
from bot.views.privacy import default_consent_version
from services.answers.index import reindex
from storage.models import AnswerStatus, PublishedAnswer, Role, User
from storage.repositories import users as users_repo
from tests.support.client import TelegramClient

_tg_ids = itertools.count(700_000)


async def register_via_bot(
    client: TelegramClient,
    user_id: int,
    *,
    name: str = "Петренко Олена Іванівна",
    position: str = "Секретар сільської ради",
    community: str = "Гатненська сільська рада",
    region_button: str = "Київська",
) -> None:
    """Walks the /start registration dialog as a new official would."""
    calls = await client.send(user_id, "/start")
    await client.click(user_id, calls.button("Погоджуюсь"))
    await client.send(user_id, name)
    await client.send(user_id, position)
    calls = await client.send(user_id, community)
    calls = await client.click(user_id, calls.button(region_button))
    await client.click(user_id, calls.button(tc.BTN_CONFIRM))  # the summary (no phone)


async def make_user(
    session: AsyncSession,
    *,
    telegram_id: int | None = None,
    role: Role = Role.OFFICIAL,
    full_name: str = "Іваненко Петро",
    region_code: str = "kyo",
    community: str = "Броварська міська рада",
    topics: list[str] | None = None,
    is_editor: bool = False,
) -> User:
    """A registered user straight in the database (flushes, does not commit)."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    user = User(
        telegram_id=telegram_id if telegram_id is not None else next(_tg_ids),
        full_name=full_name,
        position="Юрист" if role == Role.LAWYER else "Секретар ради",
        community=community,
        region_code=region_code,
        role=role,
        is_editor=is_editor,
        consent_at=now,
        consent_version=default_consent_version(),
        registered_at=now,
    )
    session.add(user)
    await session.flush()
    if topics:
        await users_repo.set_lawyer_topics(session, user, topics)
    return user


async def create_user(pool: async_sessionmaker[AsyncSession], **kwargs: object) -> User:
    async with pool() as session:
        user = await make_user(session, **kwargs)  # type: ignore[arg-type]
        await session.commit()
        return user


async def add_published(
    session: AsyncSession,
    author_id: int,
    topic: str,
    question: str,
    answer: str,
    *,
    at: datetime,
    legal_basis: str = "",
    consultation_id: int | None = None,
) -> PublishedAnswer:
    """A published answer in the base (indexed: searchable by words), with no review and no log."""
    row = PublishedAnswer(
        consultation_id=consultation_id,
        topic_code=topic,
        question=question,
        answer=answer,
        legal_basis=legal_basis,
        author_id=author_id,
        status=AnswerStatus.PUBLISHED,
        published_at=at,
        updated_at=at,
    )
    session.add(row)
    await session.flush()
    await reindex(session, row)
    return row
