"""Newsletters end to end: the real `python -m bot` against the fake Bot API.

Pacing is measured from the fake server's own request timestamps; the crash is
a SIGKILL in the middle of sending.
"""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models import DeliveryState, Newsletter, NewsletterDelivery, NewsletterStatus
from tests.conftest import ADMIN_ID
from tests.e2e.conftest import StartBot
from tests.e2e.harness import eventually
from tests.e2e.newsletter_helpers import NEWSLETTER_HTML, delivery_figures, seed_newsletter
from tests.support.fake_bot_api import FakeBotAPI


async def newsletter_done(session_pool) -> bool:  # type: ignore[no-untyped-def]
    async with session_pool() as session:
        status = await session.scalar(select(Newsletter.status))
    return status == NewsletterStatus.DONE


async def test_pacing_stays_within_the_configured_rate(
    db_url: str, fake_api: FakeBotAPI, start_bot: StartBot, session_pool
) -> None:
    rate = 10
    fake_api.enforce_rate_limits(global_per_second=rate, per_chat_per_second=1)
    chat_ids = await seed_newsletter(db_url, 45, author_telegram_id=ADMIN_ID)
    await start_bot(newsletter_rate_per_second=rate)
    await eventually(lambda: newsletter_done(session_pool), timeout=60, what="the newsletter to finish")

    figures = delivery_figures(fake_api, chat_ids)
    assert figures.max_per_second <= rate
    assert figures.rate_limited == 0
    assert (figures.delivered, figures.duplicates, figures.losses) == (45, 0, 0)
    # The author's one progress message (edited to the final figures), and the final report.
    await fake_api.wait_until(lambda: len(fake_api.messages_to(ADMIN_ID)) >= 2, what="the final report")
    to_author = fake_api.messages_to(ADMIN_ID)
    assert len(to_author) == 2
    assert all("завершено" in m.body and "Доставлено: 45" in m.body for m in to_author)


async def test_429_from_the_server_pauses_and_every_recipient_gets_it_once(
    db_url: str, fake_api: FakeBotAPI, start_bot: StartBot, session_pool
) -> None:
    chat_ids = await seed_newsletter(db_url, 12, author_telegram_id=ADMIN_ID)
    fake_api.retry_after(2, method="sendMessage", chat_id=chat_ids[5])
    fake_api.block(chat_ids[7])
    fake_api.fail(502, method="sendMessage", chat_id=chat_ids[9])
    await start_bot(newsletter_rate_per_second=20)
    await eventually(lambda: newsletter_done(session_pool), timeout=60, what="the newsletter to finish")

    figures = delivery_figures(fake_api, chat_ids)
    assert (figures.delivered, figures.duplicates, figures.losses) == (11, 0, 1)
    # After the 429 nothing at all was sent for retry_after seconds.
    refused = next(r for r in fake_api.requests if r.status == 429)
    after = [r.at for r in fake_api.requests if r.method == "sendMessage" and r.at > refused.at]
    assert min(after) - refused.at >= 2
    async with session_pool() as session:
        states = dict((await session.execute(select(NewsletterDelivery.chat_id, NewsletterDelivery.state))).all())
    assert states[chat_ids[7]] == DeliveryState.BLOCKED
    assert states[chat_ids[9]] == DeliveryState.SENT  # 5xx, then success


async def test_killed_mid_send_resumes_every_recipient_once(
    db_url: str, fake_api: FakeBotAPI, start_bot: StartBot, session_pool
) -> None:
    recipients = 60
    chat_ids = await seed_newsletter(db_url, recipients, author_telegram_id=ADMIN_ID)
    wanted = set(chat_ids)
    env = {"newsletter_rate_per_second": 10, "worker_lease_seconds": 2}
    first = await start_bot(**env)
    await fake_api.wait_until(
        lambda: sum(1 for r in fake_api.requests if r.method == "sendMessage" and r.chat_id in wanted) >= 20,
        timeout=30,
        what="20 newsletter messages",
    )
    await first.kill()  # SIGKILL: mid-send, nothing cleaned up
    sent_before = sum(1 for r in fake_api.requests if r.method == "sendMessage" and r.chat_id in wanted)
    assert sent_before < recipients

    await start_bot(**env)
    await eventually(lambda: newsletter_done(session_pool), timeout=60, what="the newsletter to finish")

    figures = delivery_figures(fake_api, chat_ids)
    assert figures.losses == 0 and figures.delivered == recipients
    assert figures.duplicates <= 1
    async with session_pool() as session:
        sent = await session.scalar(select(func.count()).where(NewsletterDelivery.state == DeliveryState.SENT))
    assert sent == recipients
    assert all(m.body == NEWSLETTER_HTML for m in fake_api.messages if m.chat_id in wanted)
