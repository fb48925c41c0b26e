"""Newsletter recipients in bulk and delivery figures from the fake Bot API's own records.

Shared by `tests/e2e/test_e2e_newsletters.py` and `bench/newsletter_delivery.py`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, literal, select

from bot.views.privacy import default_consent_version
from storage.db import create_engine, create_session_pool
from storage.models import ALL_TOPICS, Newsletter, NewsletterStatus, Role, Subscription, User
from storage.models.base import UTCDateTime
from tests.support.fake_bot_api import FakeBotAPI

RECIPIENT_BASE = 10_000_000
NEWSLETTER_HTML = "<b>Зміни до законодавства</b>: роз'яснення АМУ"


async def seed_newsletter(database_url: str, recipients: int, *, author_telegram_id: int) -> list[int]:
    """`recipients` subscribed officials and a newsletter due now; returns their chat ids."""
    engine = create_engine(database_url)
    pool = create_session_pool(engine)
    now = datetime.now(UTC)
    chat_ids = [RECIPIENT_BASE + i for i in range(recipients)]
    try:
        async with pool() as session:
            author = User(
                telegram_id=author_telegram_id,
                full_name="Автор",
                role=Role.ADMIN,
                registered_at=now,
                consent_at=now,
                consent_version=default_consent_version(),
            )
            session.add(author)
            await session.flush()
            for start in range(0, recipients, 1000):
                await session.execute(
                    insert(User),
                    [
                        {
                            "telegram_id": chat_id,
                            "full_name": f"Посадова особа {chat_id}",
                            "position": "Секретар ради",
                            "community": "Громада",
                            "region_code": "kyo",
                            "role": Role.OFFICIAL,
                            "is_editor": False,
                            "consent_at": now,
                            "consent_version": default_consent_version(),
                            "registered_at": now,
                            "created_at": now,
                        }
                        for chat_id in chat_ids[start : start + 1000]
                    ],
                )
            await session.execute(
                insert(Subscription).from_select(
                    ["user_id", "topic_code", "created_at"],
                    select(User.id, literal(ALL_TOPICS), literal(now, UTCDateTime())).where(
                        User.telegram_id >= RECIPIENT_BASE
                    ),
                )
            )
            session.add(
                Newsletter(
                    author_id=author.id,
                    author_chat_id=author_telegram_id,
                    status=NewsletterStatus.SCHEDULED,
                    html=NEWSLETTER_HTML,
                    topics=["budget"],
                    regions=[],
                    created_at=now,
                    scheduled_at=now,
                )
            )
            await session.commit()
    finally:
        await engine.dispose()
    return chat_ids


@dataclass
class DeliveryFigures:
    delivered: int  # recipients who got it at least once
    duplicates: int  # extra copies beyond the first
    losses: int  # recipients who never got it
    rate_limited: int  # 429s the server gave
    max_per_second: int  # most newsletter messages in any one-second window
    achieved_rate: float  # newsletter messages per second, first to last
    first_at: float
    last_at: float


def delivery_figures(fake: FakeBotAPI, chat_ids: list[int]) -> DeliveryFigures:
    wanted = set(chat_ids)
    sends = [r for r in fake.requests if r.method == "sendMessage" and r.ok and r.chat_id in wanted]
    per_chat = Counter(r.chat_id for r in sends)
    times = sorted(r.at for r in fake.requests if r.method == "sendMessage" and r.ok)
    max_per_second = 0
    lo = 0
    for hi, at in enumerate(times):
        while at - times[lo] >= 1.0:
            lo += 1
        max_per_second = max(max_per_second, hi - lo + 1)
    ours = sorted(r.at for r in sends)
    span = (ours[-1] - ours[0]) if len(ours) > 1 else 0.0
    return DeliveryFigures(
        delivered=len(per_chat),
        duplicates=sum(count - 1 for count in per_chat.values()),
        losses=len(wanted - set(per_chat)),
        rate_limited=fake.rate_limited,
        max_per_second=max_per_second,
        achieved_rate=(len(ours) - 1) / span if span > 0 else 0.0,
        first_at=ours[0] if ours else 0.0,
        last_at=ours[-1] if ours else 0.0,
    )
